package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * J5 under load (issue 8, bug 1): a deadline is never late by a turn of the timer wheel, and never early.
 *
 * <p>{@code withTimeout} reads the clock, registers with its parent, then arms the timer. If the timer thread scans the
 * entry's tick in between (the registration was slow: a user-written parent, a contended parent, a GC pause, a
 * preemption), the entry lands in a bucket the timer has already passed and waits for the wheel to come round: 4,096
 * ticks of 2^20 ns, about 4.3 s. A deadline that has passed when it is armed must fire at once.
 *
 * <p>The bound on lateness is 2.5 s: a wheel turn late is at least 4.3 s, and "on time" (a fraction of a millisecond
 * plus the scheduling delay of the machine) fall on opposite sides of it with a wide margin each way. The margin
 * matters: on a 2-core machine at a load average of 10, one timeout in 80,000 was seen 1,011 ms late from scheduling
 * alone, so a bound of 1 s failed now and then.
 */
class TimerLatenessStressTest extends ContextTestBase {
  /** Lateness above this is a wheel turn, not scheduling noise (see the class comment). */
  private static final long LATE_BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(2_500);

  // ---------------------------------------------------------------------------------------------------------------
  // The natural form: many short timeouts from 8 threads under allocation churn.

  private static final int THREADS = 8;
  private static final int PER_THREAD = 10_000;
  private static final long MIN_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long MAX_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  @Test
  @DisplayName("J5 80,000 timeouts of 1-20 ms from 8 threads under allocation churn: every one fires, none early, "
      + "none more than 2.5 s late")
  void shortTimeoutsUnderChurnFireOnTime() throws Exception {
    int total = THREADS * PER_THREAD;
    long[] deadline = new long[total];
    long[] fired = new long[total];
    CancellableContext[] contexts = new CancellableContext[total];
    CountDownLatch allFired = new CountDownLatch(total);
    // Ordinary parents: half the threads derive from one shared cancellable parent (its registration lock is
    // contended, as a request context shared by workers is), half from a cancellable parent of their own.
    CancellableContext shared = Context.background().withCancel();
    List<CancellableContext> own = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      own.add(Context.background().withCancel());
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = daemonPool(THREADS, "lateness");
    try {
      List<Future<Long>> creators = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        Context parent = (t & 1) == 0 ? shared : own.get(t);
        creators.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(0x13L * (thread + 1));
          byte[][] churn = new byte[256][];
          long kept = 0;
          start.await();
          for (int i = 0; i < PER_THREAD; i++) {
            int k = thread * PER_THREAD + i;
            long timeout = random.nextLong(MIN_TIMEOUT_NANOS, MAX_TIMEOUT_NANOS + 1);
            long now = System.nanoTime();
            CancellableContext ctx = parent.withTimeout(Duration.ofNanos(timeout));
            // the deadline asked for: a late arm must show up as lateness
            deadline[k] = now + timeout;
            contexts[k] = ctx;
            ctx.afterFunc(() -> {
              fired[k] = System.nanoTime();
              allFired.countDown();
            }, Runnable::run); // runs on the thread that expires the context: the timer's own
            // a few KB of short-lived garbage, some of it surviving a while, so that the collector runs
            for (int j = 0; j < 4; j++) {
              byte[] b = new byte[256 + random.nextInt(1024)];
              b[0] = (byte) i;
              churn[(i * 4 + j) & 255] = b;
              kept += churn[(i * 4 + j + 1) & 255] == null ? 0 : churn[(i * 4 + j + 1) & 255].length;
            }
          }
          return kept;
        }));
      }
      start.countDown();
      for (Future<Long> f : creators) {
        f.get(6 * BOUND_SECONDS, TimeUnit.SECONDS); // creating is not what is timed: room for a very busy machine
      }
      assertTrue(allFired.await(BOUND_SECONDS, TimeUnit.SECONDS),
          () -> allFired.getCount() + " of " + total + " timeouts did not fire within " + BOUND);

      long early = 0;
      long late = 0;
      long worst = Long.MIN_VALUE;
      long firstEarly = 0;
      for (int k = 0; k < total; k++) {
        long lateness = fired[k] - deadline[k];
        worst = Math.max(worst, lateness);
        if (lateness < 0) {
          if (early++ == 0) {
            firstEarly = lateness;
          }
        }
        if (lateness > LATE_BOUND_NANOS) {
          late++;
        }
        assertSame(DEADLINE_EXCEEDED, contexts[k].err(), "only the deadline can have ended it");
      }
      long earlyCount = early;
      long earlyBy = firstEarly;
      long lateCount = late;
      long worstNanos = worst;
      assertEquals(0, earlyCount, () -> earlyCount + " timeouts fired early, the first by " + -earlyBy + " ns");
      assertEquals(0, lateCount, () -> lateCount + " of " + total + " timeouts fired more than 2.5 s late (the worst "
          + worstNanos / 1_000_000 + " ms): armed after the timer had scanned their tick, they waited a wheel turn");
    } finally {
      shutdown(pool);
      shared.cancel();
      own.forEach(CancellableContext::cancel);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The deterministic form: a user-written parent whose afterFunc or deadline() is slow.

  private static final Duration TIMEOUT = Duration.ofMillis(5);
  /**
   * The probe's timeout: created after the child read the clock, it is due at least 5 ms later than the child, more
   * than one tick (2^20 ns) after it, so once the probe has fired the timer thread has scanned past the child's tick.
   */
  private static final Duration PROBE = Duration.ofMillis(10);

  @Test
  @DisplayName("J5 a timeout whose user-written parent's afterFunc is slow fires on time, not a wheel turn late")
  void slowAfterFuncOfTheParentDoesNotDelayTheTimeout() throws Exception {
    SlowParent parent = new SlowParent();
    parent.slowAfterFunc.set(true);
    assertFiresOnTime(parent);
    assertEquals(1, parent.afterFuncCalls.get(), "the child registered through the parent's afterFunc");
  }

  @Test
  @DisplayName("J5 a timeout whose user-written parent's deadline() is slow fires on time, not a wheel turn late")
  void slowDeadlineOfTheParentDoesNotDelayTheTimeout() throws Exception {
    SlowParent parent = new SlowParent();
    parent.slowDeadline.set(true);
    assertFiresOnTime(parent);
    assertTrue(parent.deadlineCalls.get() > 0, "the child asked the parent for its deadline");
  }

  /**
   * Derives {@code withTimeout(5 ms)} from {@code parent}, whose slow method pauses the derivation until the timer
   * has scanned past the child's tick, and checks that the child fires no more than 2.5 s after its deadline.
   */
  private static void assertFiresOnTime(SlowParent parent) throws InterruptedException {
    CountDownLatch fired = new CountDownLatch(1);
    AtomicLong firedAt = new AtomicLong();
    long now = System.nanoTime();
    try (CancellableContext child = parent.withTimeout(TIMEOUT)) {
      long deadline = now + TIMEOUT.toNanos();
      assertTrue(parent.paused.get(), "the slow method ran inside withTimeout");
      child.afterFunc(() -> {
        firedAt.set(System.nanoTime());
        fired.countDown();
      }, Runnable::run);
      assertTrue(fired.await(BOUND_SECONDS, TimeUnit.SECONDS), "the timeout did not fire within " + BOUND);
      long lateness = firedAt.get() - deadline;
      assertTrue(lateness >= 0, () -> "fired " + -lateness + " ns early");
      assertTrue(lateness <= LATE_BOUND_NANOS, () -> "fired " + lateness / 1_000_000 + " ms after its deadline: "
          + "armed after the timer had scanned its tick, it waited a wheel turn");
      assertSame(DEADLINE_EXCEEDED, child.err());
    }
    assertNull(parent.err());
  }

  /**
   * A user-written root context that is never done and keeps a registry of callbacks (it overrides
   * {@code afterFunc}, as Go's {@code afterFuncContext} does). Once, inside {@code afterFunc} or {@code deadline()},
   * it pauses its caller until a probe timeout due after the caller's own deadline tick has fired: this is the slow
   * registration (30 ms for a remote registry, a lock, a GC pause) made deterministic.
   */
  private static final class SlowParent implements Context {
    final AtomicBoolean slowAfterFunc = new AtomicBoolean();
    final AtomicBoolean slowDeadline = new AtomicBoolean();
    final AtomicBoolean paused = new AtomicBoolean();
    final AtomicLong afterFuncCalls = new AtomicLong();
    final AtomicLong deadlineCalls = new AtomicLong();
    private final TestDoneSignal done = new TestDoneSignal();
    private final List<Runnable> registry = new ArrayList<>();

    /** Waits until a timeout due {@link #PROBE} from now has fired: the timer has scanned every earlier tick. */
    private void pauseUntilTheTimerHasMovedOn() {
      paused.set(true);
      try (CancellableContext probe = Context.background().withTimeout(PROBE)) {
        assertTrue(probe.done().await(BOUND_SECONDS, TimeUnit.SECONDS), "the probe did not fire within " + BOUND);
        assertSame(DEADLINE_EXCEEDED, probe.err());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public AfterFuncHandle afterFunc(Runnable callback, Executor executor) {
      Objects.requireNonNull(callback, "callback");
      Objects.requireNonNull(executor, "executor");
      afterFuncCalls.incrementAndGet();
      if (slowAfterFunc.getAndSet(false)) {
        pauseUntilTheTimerHasMovedOn();
      }
      Runnable entry = () -> executor.execute(callback);
      synchronized (registry) {
        registry.add(entry);
      }
      return () -> {
        synchronized (registry) {
          return registry.remove(entry);
        }
      };
    }

    @Override
    public DoneSignal done() {
      return done;
    }

    @Override
    public ContextException err() {
      return null;
    }

    @Override
    public Optional<Instant> deadline() {
      deadlineCalls.incrementAndGet();
      if (slowDeadline.getAndSet(false)) {
        pauseUntilTheTimerHasMovedOn();
      }
      return Optional.empty();
    }

    @Override
    public <T> T value(Key<T> key) {
      Objects.requireNonNull(key, "key");
      return null;
    }

    @Override
    public String toString() {
      return "slowParent";
    }
  }
}
