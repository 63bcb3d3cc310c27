package dev.ctx4j.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the sample's threads so that a test (and {@link Main}) can check that none is left running after shutdown.
 *
 * <p>Every thread the sample starts is named {@code ctx4j-sample-...}. The threads the sample cannot name are counted
 * as the sample's too: the JDK HTTP server's dispatcher ({@code HTTP-Dispatcher}), and Netty's global executor
 * ({@code globalEventExecutor-...}, on which Netty reports that an event loop group has stopped, and which ends by
 * itself a second after its last task).
 */
public final class SampleThreads {
  /** The prefix of every thread the sample starts. */
  public static final String PREFIX = "ctx4j-sample-";

  /** The name the JDK gives the dispatcher thread of {@code com.sun.net.httpserver.HttpServer}. */
  static final String HTTP_DISPATCHER = "HTTP-Dispatcher";

  /** The prefix of the name of Netty's global executor thread (grpc-netty-shaded's copy of Netty). */
  static final String NETTY_GLOBAL_EXECUTOR = "globalEventExecutor-";

  private SampleThreads() {}

  /**
   * Returns a factory of non-daemon threads named {@code ctx4j-sample-<role>-<n>}.
   *
   * @param role what the threads do, for example {@code http}
   * @return the factory
   */
  public static ThreadFactory factory(String role) {
    AtomicInteger next = new AtomicInteger(1);
    return task -> new Thread(task, PREFIX + role + "-" + next.getAndIncrement());
  }

  /**
   * Starts a non-daemon thread named {@code ctx4j-sample-<name>}.
   *
   * @param name the thread's name after the prefix
   * @param task what it runs
   * @return the started thread
   */
  public static Thread start(String name, Runnable task) {
    Thread thread = new Thread(task, PREFIX + name);
    thread.start();
    return thread;
  }

  /**
   * Returns whether {@code thread} belongs to the sample: its name starts with {@link #PREFIX}, or it is the JDK HTTP
   * server's dispatcher or Netty's global executor.
   *
   * @param thread the thread
   * @return {@code true} for a sample thread
   */
  public static boolean isSampleThread(Thread thread) {
    String name = thread.getName();
    return name.startsWith(PREFIX) || name.equals(HTTP_DISPATCHER) || name.startsWith(NETTY_GLOBAL_EXECUTOR);
  }

  /**
   * Waits, up to {@code timeout} in all, for every live sample thread other than the caller to end, and returns those
   * still alive afterwards (none, after a clean shutdown). It joins each thread with the time left, and looks again
   * until none is left, so that a thread started by one that was ending is waited for too; it never sleeps.
   *
   * @param timeout how long to wait at most, in all
   * @return the names of the sample threads still alive, empty after a clean shutdown
   * @throws InterruptedException if the calling thread is interrupted while joining
   */
  public static List<String> awaitNoneAlive(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Thread> live;
    while (!(live = liveSampleThreads()).isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      TimeUnit.NANOSECONDS.timedJoin(live.get(0), left);
    }
    List<String> alive = new ArrayList<>();
    for (Thread thread : live) {
      alive.add(thread.getName() + " (" + thread.getState() + ")");
    }
    return alive;
  }

  private static List<Thread> liveSampleThreads() {
    List<Thread> threads = new ArrayList<>();
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread != Thread.currentThread() && thread.isAlive() && isSampleThread(thread)) {
        threads.add(thread);
      }
    }
    return threads;
  }
}
