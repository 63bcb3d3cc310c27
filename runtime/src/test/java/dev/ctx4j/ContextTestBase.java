package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctx4j.internal.Introspection;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the runtime's tests, after grpc's {@code ContextTest} (check for leaks after every test): no context is left
 * bound to the test thread and the shared timer holds no more entries than before the test. Also holds the small
 * helpers the tests share; all real-time waits are bounded.
 */
abstract class ContextTestBase {
  /** Upper bound of every real-time wait: generous, because the machines are slow, shared and have 2 cores. */
  static final long BOUND_SECONDS = 10;

  static final Duration BOUND = Duration.ofSeconds(BOUND_SECONDS);

  /** A duration that never elapses during a test (Go's {@code veryLongDuration}, 1000 h). */
  static final Duration FOREVER = Duration.ofHours(1000);

  /** The shared sentinels err() returns. */
  static final CancelledException CANCELED = CancelledException.CANCELED;

  static final DeadlineExceededException DEADLINE_EXCEEDED = DeadlineExceededException.DEADLINE_EXCEEDED;

  private long timerBaseline;

  @BeforeEach
  final void recordTimerBaseline() {
    timerBaseline = Timer.pendingCount();
  }

  @AfterEach
  final void checkForLeaks() {
    assertSame(Context.background(), Context.current(), "the test left a context bound to the test thread");
    long baseline = timerBaseline;
    awaitTrue(
        () -> Timer.pendingCount() <= baseline,
        () -> "timer entries leaked: " + Timer.pendingCount() + " pending, " + baseline + " before the test");
  }

  /** The package-private hook: children plus afterFunc/interrupt registrations of a ctx4j cancellable context. */
  static long children(Context ctx) {
    return Introspection.RUNTIME.registrations(ctx);
  }

  /** The package-private hook: live entries in the shared deadline timer. */
  static long pendingTimers() {
    return Introspection.RUNTIME.pendingTimers();
  }

  /** Waits (bounded) until {@code ctx} is done, failing the test otherwise. */
  static void awaitDone(Context ctx) throws InterruptedException {
    assertTrue(ctx.done().await(BOUND_SECONDS, TimeUnit.SECONDS), () -> ctx + " not done within " + BOUND);
  }

  /**
   * Waits (bounded) for a condition that becomes true asynchronously, such as a count that another thread
   * decrements; checks it every millisecond. Not a substitute for a latch where the test controls the event.
   */
  static void awaitTrue(BooleanSupplier condition, Supplier<String> message) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail(message.get());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /** Number of live threads in the JVM. */
  static int liveThreads() {
    return Thread.getAllStackTraces().size();
  }

  /** A task running on its own daemon thread. */
  static final class Forked<T> extends FutureTask<T> {
    final Thread thread;

    Forked(String name, Callable<T> task) {
      super(task);
      thread = new Thread(this, name);
      thread.setDaemon(true);
    }

    /** The task's outcome, waiting at most {@link #BOUND}. */
    T result() throws Exception {
      try {
        return get(BOUND_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception) {
          throw (Exception) e.getCause();
        }
        throw e;
      }
    }
  }

  /** Runs {@code task} on a new daemon thread. */
  static <T> Forked<T> fork(String name, Callable<T> task) {
    Forked<T> forked = new Forked<>(name, task);
    forked.thread.start();
    return forked;
  }

  /** A pool of daemon threads, so that a deadlocked test cannot keep the test JVM alive. */
  static ExecutorService daemonPool(int threads, String prefix) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    return Executors.newFixedThreadPool(threads, factory);
  }

  /** Shuts a pool down and waits (bounded) for it. */
  static void shutdown(ExecutorService pool) throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS), "pool did not terminate");
  }
}
