package dev.ctx4j;

import java.lang.invoke.MethodHandles;
import java.util.concurrent.locks.LockSupport;

/**
 * The one shared deadline timer: a hashed wheel of 4,096 buckets of about 1 ms, served by one daemon thread (no
 * thread per context). Arming and disarming are O(1) under one bucket's lock; the deadline node is its own entry, so a
 * timeout allocates nothing here, and expiring a burst allocates nothing either (due entries are chained through their
 * own links).
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Never early: an entry waits for the first tick at or after its deadline.
 *   <li>Never a wheel turn late: an entry armed for a tick the timer thread has already scanned (its deadline passed
 *       while the caller was still deriving, say behind a slow parent or a GC pause) is expired at once by the arming
 *       thread, instead of waiting for the wheel to come round (4.3 s).
 *   <li>Late by at most one tick (about 1 ms) plus the time the timer thread needs to get a core, plus the cost of
 *       the entries that expire before it in the same burst. Expiring a context costs one compare-and-set and, when
 *       threads are blocked in {@code done().await()} on it, one thread wake-up however many threads wait (several
 *       waiters are woken by the callback executor, not here); callbacks are handed to their executors. Measured on a 2-core VM (benchmark
 *       W13b): 2,000 threads waiting on one context delay a deadline 1 ms later by nothing measurable; 2,000 contexts
 *       expiring together with one waiter each cost the timer about 10 us apiece, 16-22 ms in all, as much as a
 *       one-thread {@code ScheduledThreadPoolExecutor} completing 2,000 futures. A callback given a direct executor
 *       runs on this thread, and its running time adds to every later deadline.
 *   <li>The thread survives anything thrown by its own work ({@link OutOfMemoryError} included): the throwable goes
 *       to the thread's uncaught-exception handler and the timer goes on.
 * </ul>
 */
final class Timer {
  private static final int TICK_SHIFT = 20; // 1,048,576 ns
  private static final long TICK_NANOS = 1L << TICK_SHIFT;
  private static final int WHEEL_SIZE = 4096;
  private static final int MASK = WHEEL_SIZE - 1;
  private static final long ORIGIN = Nanos.now();

  /** One slot of the wheel: an intrusive list of deadline nodes. */
  static final class Bucket {
    DeadlineNode head; // guarded by this
    volatile int count; // written under the lock, read by the worker's scan
  }

  private static final Bucket[] WHEEL = new Bucket[WHEEL_SIZE];
  /**
   * The last tick the worker has begun to scan. Written before the scan reads the buckets, and read by
   * {@link #schedule} after linking an entry, so that of the two at least one sees the other (both are volatile): an
   * entry for a tick at or before it is either found by the scan or expired by its arming thread.
   */
  private static volatile long scanTick = -1;
  /** The tick the worker sleeps until; Long.MAX_VALUE while it is working or has nothing to wait for. */
  private static volatile long wakeTick = Long.MAX_VALUE;
  /** Entries taken off the wheel and not yet expired, linked through timerNext. Touched by the worker only. */
  private static DeadlineNode dueHead;

  private static final Thread WORKER;

  static {
    // initialise now what the worker needs later, so that its work allocates nothing on a full heap
    try {
      MethodHandles.lookup().ensureInitialized(Callbacks.class);
    } catch (IllegalAccessException e) {
      throw new ExceptionInInitializerError(e);
    }
    for (int i = 0; i < WHEEL_SIZE; i++) {
      WHEEL[i] = new Bucket();
    }
    WORKER = new Thread(Timer::work, "ctx4j-timer");
    WORKER.setDaemon(true);
    WORKER.start();
  }

  private Timer() {}

  /** The first tick at or after the deadline, so an entry never fires early. */
  static long tickOf(long deadlineNanos) {
    return tickOf(deadlineNanos, ORIGIN);
  }

  /** {@link #tickOf(long)} for a given origin: differences only, so it holds wherever the clock starts. */
  static long tickOf(long deadlineNanos, long origin) {
    return (deadlineNanos - origin + TICK_NANOS - 1) >> TICK_SHIFT;
  }

  /** The tick that contains {@code nanos} (rounded down), for a given origin. */
  static long tickAt(long nanos, long origin) {
    return (nanos - origin) >> TICK_SHIFT;
  }

  private static Bucket bucketOf(long tick) {
    return WHEEL[(int) tick & MASK];
  }

  /** Arms the entry of {@code n}, or expires {@code n} at once if the timer has already passed its tick. */
  static void schedule(DeadlineNode n) {
    long tick = tickOf(n.deadlineNanos);
    Bucket b = bucketOf(tick);
    synchronized (b) {
      n.timerNext = b.head;
      if (b.head != null) {
        b.head.timerPrev = n;
      }
      b.head = n;
      n.timerBucket = b;
      b.count++;
    }
    if (tick <= scanTick) {
      // The worker has scanned, or is scanning, past this tick and may not see the entry before the wheel comes
      // round. A tick that has been scanned has begun, so the deadline has passed: expire now, on this thread, unless
      // the scan took the entry after all (then the worker expires it).
      if (unlinkIfArmed(b, n)) {
        n.expire();
      }
      return;
    }
    if (tick < wakeTick) {
      LockSupport.unpark(WORKER);
    }
  }

  /** Removes {@code n}'s entry if it still has one. Idempotent. */
  static void remove(DeadlineNode n) {
    unlinkIfArmed(bucketOf(tickOf(n.deadlineNanos)), n);
  }

  private static boolean unlinkIfArmed(Bucket b, DeadlineNode n) {
    synchronized (b) {
      if (n.timerBucket != b) {
        return false;
      }
      unlink(b, n);
      return true;
    }
  }

  private static void unlink(Bucket b, DeadlineNode n) {
    if (n.timerPrev != null) {
      n.timerPrev.timerNext = n.timerNext;
    } else {
      b.head = n.timerNext;
    }
    if (n.timerNext != null) {
      n.timerNext.timerPrev = n.timerPrev;
    }
    n.timerPrev = null;
    n.timerNext = null;
    n.timerBucket = null;
    b.count--;
  }

  /** Test hook: live entries. */
  static int pendingCount() {
    int n = 0;
    for (Bucket b : WHEEL) {
      n += b.count;
    }
    return n;
  }

  private static long currentTick() {
    return tickAt(Nanos.now(), ORIGIN);
  }

  private static void work() {
    long lastTick = -1;
    while (true) {
      try {
        lastTick = turn(lastTick);
      } catch (Throwable t) {
        try {
          Callbacks.report(t); // never dies: every deadline in the JVM depends on this thread
        } catch (Throwable reportingFailed) {
          // nothing left to tell it with (out of memory): go on
        }
      }
    }
  }

  /** Scans the ticks that have begun since {@code lastTick}, expires what is due, sleeps; returns the scanned tick. */
  private static long turn(long lastTick) {
    wakeTick = Long.MAX_VALUE; // from here on, every schedule() wakes us, so none is missed by the scan below
    long now = currentTick();
    scanTick = now;
    long from = Math.max(lastTick + 1, now - WHEEL_SIZE + 1);
    for (long t = from; t <= now; t++) {
      collectDue(bucketOf(t), now);
    }
    expireDue();
    long next = Long.MAX_VALUE;
    for (int i = 1; i <= WHEEL_SIZE; i++) {
      if (bucketOf(now + i).count > 0) {
        next = now + i;
        break;
      }
    }
    wakeTick = next;
    if (next == Long.MAX_VALUE) {
      LockSupport.park(Timer.class);
    } else {
      long sleep = ORIGIN + (next << TICK_SHIFT) - Nanos.now();
      if (sleep > 0) {
        LockSupport.parkNanos(Timer.class, sleep);
      }
    }
    return now;
  }

  /** Moves the entries of {@code b} that are due at {@code now} to the due list. */
  private static void collectDue(Bucket b, long now) {
    if (b.count == 0) {
      return;
    }
    synchronized (b) {
      DeadlineNode n = b.head;
      while (n != null) {
        DeadlineNode next = n.timerNext;
        if (tickOf(n.deadlineNanos) - now <= 0) {
          unlink(b, n);
          n.timerNext = dueHead;
          dueHead = n;
        }
        n = next;
      }
    }
  }

  /** Expires every entry on the due list; one that throws is reported and the rest still expire. */
  private static void expireDue() {
    DeadlineNode n;
    while ((n = dueHead) != null) {
      dueHead = n.timerNext;
      n.timerNext = null;
      try {
        n.expire();
      } catch (Throwable t) {
        try {
          Callbacks.report(t);
        } catch (Throwable reportingFailed) {
          // out of memory: go on
        }
      }
    }
  }
}
