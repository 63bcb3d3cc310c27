package dev.ctx4j.bench.mains;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One round of the timer-lateness schedule that W13 and the soak share: {@code threads} threads each create
 * {@code perThread} timeouts, with a timeout drawn uniformly between a minimum and a maximum from a random sequence
 * seeded by the round and the thread (so every library gets the same schedule), and allocate garbage between two
 * creations. Each thread paces its creations (one every {@code intervalNanos}, the threads staggered evenly within an
 * interval, catching up without waiting when behind), or creates as fast as it can when the interval is 0.
 *
 * <p>The lateness of a timeout is {@code fired − deadline}, where the deadline is the value of
 * {@link System#nanoTime()} read just before the creating call plus the timeout (the deadline the library is asked
 * for: a library that arms late shows it as lateness) and {@code fired} is the value read by the timeout's callback
 * when it runs.
 */
final class LatenessRound {
  /** How a library arms one timeout that runs {@code onFire} when it fires. */
  interface Arm {
    /**
     * Arms a timeout.
     *
     * @param thread the index of the creating thread in the round
     * @param timeout the timeout, equal to {@code timeoutNanos}
     * @param timeoutNanos the timeout in nanoseconds
     * @param onFire what the timeout runs when it fires, on whatever thread fires it
     */
    void arm(int thread, Duration timeout, long timeoutNanos, Runnable onFire);
  }

  /** A sink for the churn, so that the compiler cannot drop it. */
  static volatile long sink;

  private LatenessRound() {}

  /**
   * Runs one round and returns the lateness of every timeout, in nanoseconds, once all have fired (at most a minute
   * after the last was created, or the round fails).
   *
   * @param threads the creating threads
   * @param factory makes the creating threads (platform or virtual)
   * @param perThread timeouts each thread creates
   * @param minNanos the shortest timeout
   * @param maxNanos the longest timeout
   * @param churnBytes bytes of garbage each thread allocates between two creations, in arrays of 256 to 1,279 bytes,
   *     the last 256 of which it keeps (so that some survive a young collection)
   * @param intervalNanos time between two creations of one thread, or 0 for as fast as it can
   * @param seed the round's seed: the same seed gives the same timeouts
   * @param arm the library
   * @return the lateness of each timeout, in creation order within each thread
   * @throws InterruptedException if interrupted
   */
  static long[] run(int threads, ThreadFactory factory, int perThread, long minNanos, long maxNanos, int churnBytes,
      long intervalNanos, long seed, Arm arm) throws InterruptedException {
    int total = threads * perThread;
    long[] deadline = new long[total];
    long[] fired = new long[total];
    CountDownLatch allFired = new CountDownLatch(total);
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch created = new CountDownLatch(threads);
    Throwable[] failure = new Throwable[threads];
    long[] startNanos = new long[1];
    List<Thread> creators = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread creator = factory.newThread(() -> {
        try {
          start.await();
          long first = startNanos[0] + intervalNanos * thread / threads;
          create(thread, perThread, minNanos, maxNanos, churnBytes, intervalNanos, first, seed, arm, deadline, fired,
              allFired);
        } catch (Throwable e) {
          failure[thread] = e;
        } finally {
          created.countDown();
        }
      });
      creators.add(creator);
      creator.start();
    }
    startNanos[0] = System.nanoTime();
    start.countDown();
    Mains.awaitOrFail(created, "creating " + total + " timeouts");
    for (Throwable e : failure) {
      if (e != null) {
        throw new IllegalStateException("a creating thread failed", e);
      }
    }
    Mains.awaitOrFail(allFired, "every timeout firing (" + allFired.getCount() + " of " + total + " left)");
    long[] lateness = new long[total];
    for (int k = 0; k < total; k++) {
      lateness[k] = fired[k] - deadline[k];
    }
    return lateness;
  }

  private static void create(int thread, int perThread, long minNanos, long maxNanos, int churnBytes,
      long intervalNanos, long first, long seed, Arm arm, long[] deadline, long[] fired, CountDownLatch allFired) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + thread);
    byte[][] kept = new byte[256][];
    int slot = 0;
    long sum = 0;
    for (int i = 0; i < perThread; i++) {
      if (intervalNanos > 0) {
        long wait = first + i * intervalNanos - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait); // pacing, not synchronisation
        }
      }
      int k = thread * perThread + i;
      long timeoutNanos = random.nextLong(minNanos, maxNanos + 1);
      Duration timeout = Duration.ofNanos(timeoutNanos);
      Runnable onFire = () -> {
        fired[k] = System.nanoTime();
        allFired.countDown();
      };
      long now = System.nanoTime();
      arm.arm(thread, timeout, timeoutNanos, onFire);
      deadline[k] = now + timeoutNanos;
      for (int bytes = 0; bytes < churnBytes; ) {
        byte[] b = new byte[256 + random.nextInt(1024)];
        b[b.length - 1] = (byte) i;
        byte[] old = kept[slot];
        if (old != null) {
          sum += old[old.length - 1];
        }
        kept[slot] = b;
        slot = (slot + 1) & 255;
        bytes += b.length;
      }
    }
    sink = sum;
  }

  /** Makes daemon platform threads named {@code prefix-N}. */
  static ThreadFactory platformThreads(String prefix) {
    int[] n = new int[1];
    return r -> {
      Thread t = new Thread(r, prefix + "-" + ++n[0]);
      t.setDaemon(true);
      return t;
    };
  }

  /** Milliseconds, for printing nanoseconds. */
  static double millis(long nanos) {
    return nanos / 1e6;
  }

  /** {@code ms} nanoseconds. */
  static long ms(long ms) {
    return TimeUnit.MILLISECONDS.toNanos(ms);
  }
}
