package dev.ctx4j;

import java.lang.invoke.MethodHandles;
import java.util.concurrent.locks.LockSupport;

/**
 * The one shared deadline timer: a hashed wheel of 4,096 buckets of about 1 ms, served by one daemon thread (no
 * thread per context). Arming and disarming are O(1) under one bucket's lock; the deadline node is its own entry, so a
 * timeout allocates nothing here, and expiring a burst allocates nothing either (due entries are chained through their
 * own links). The wheel only sorts entries into buckets: the thread sleeps until the earliest deadline of the first
 * occupied bucket (rounded up to 131 us), and expires each entry by its own deadline, not by its bucket's.
 *
 * <p>Guarantees:
 *
 * <ul>
 *   <li>Never early: an entry expires only once the clock has reached its deadline.
 *   <li>Never a wheel turn late: an entry armed for a tick the timer thread has already scanned (its deadline passed
 *       while the caller was still deriving, say behind a slow parent or a GC pause) is expired at once by the arming
 *       thread, instead of waiting for the wheel to come round (4.3 s).
 *   <li>Late by at most the wake-up granularity (131 us) plus the time the timer thread needs to get a core, plus the
 *       cost of the entries that expire before it in the same burst. The granularity bounds the work: the thread
 *       passes over a bucket at most 8 times in its millisecond. Expiring a context costs one compare-and-set and, when
 *       threads are blocked in {@code done().await()} on it, one thread wake-up however many threads wait (several
 *       waiters are woken by the callback executor, not here); callbacks are handed to their executors. Measured on a
 *       2-core VM (benchmark W13b): 2,000 threads waiting on one context delay a deadline 1 ms later by nothing
 *       measurable; 2,000 contexts expiring together with one waiter each cost the timer about 10 us apiece, 16-22 ms
 *       in all, as much as a one-thread {@code ScheduledThreadPoolExecutor} completing 2,000 futures. A callback given
 *       a direct executor runs on this thread, and its running time adds to every later deadline.
 *   <li>The thread survives anything thrown by its own work ({@link OutOfMemoryError} included): the throwable goes
 *       to the thread's uncaught-exception handler and the timer goes on.
 * </ul>
 */
final class Timer {
  private static final int TICK_SHIFT = 20; // 1,048,576 ns: one bucket of the wheel
  private static final long TICK_NANOS = 1L << TICK_SHIFT;
  /** The worker's wake-ups are rounded up to multiples of 131,072 ns: at most 8 passes over a bucket per tick. */
  private static final int WAKE_SHIFT = TICK_SHIFT - 3;
  private static final long WAKE_NANOS = 1L << WAKE_SHIFT;
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
   * The tick the worker's current pass began in. Ticks before it are scanned to the end by that pass; an entry armed
   * for one of them after the pass read its bucket is expired by its arming thread (its deadline has passed). Written
   * before the pass reads the buckets and read by {@link #schedule} after linking an entry, so that of the two at
   * least one sees the other (both are volatile).
   */
  private static volatile long scanTick = -1;
  private static final int WORKING = 0;
  private static final int SLEEPING = 1;
  private static final int IDLE = 2;

  /** What the worker is doing: {@link #WORKING}, {@link #SLEEPING} until {@link #wakeAt}, or {@link #IDLE}. */
  private static volatile int mode = WORKING;
  /** While SLEEPING: when the worker will wake (a {@link Nanos} value). An entry due before it wakes the worker. */
  private static volatile long wakeAt;

  /** Set by {@link #nextDue}: whether anything is armed. Touched by the worker only. */
  private static boolean armed;
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

  /** Whether {@code t} is the timer thread. */
  static boolean isWorker(Thread t) {
    return t == WORKER;
  }

  /** The tick that contains the deadline: the bucket its entry goes to. */
  static long tickOf(long deadlineNanos) {
    return tickAt(deadlineNanos, ORIGIN);
  }

  /** The tick that contains {@code nanos} (rounded down), for a given origin: differences only, so it holds wherever the clock starts. */
  static long tickAt(long nanos, long origin) {
    return (nanos - origin) >> TICK_SHIFT;
  }

  /** The first wake-up instant at or after {@code nanos}: the worker never wakes for an entry before its deadline. */
  static long wakeOf(long nanos, long origin) {
    return origin + (((nanos - origin) + WAKE_NANOS - 1) & -WAKE_NANOS);
  }

  static Bucket bucketOf(long tick) {
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
    if (tick < scanTick) {
      // The worker has scanned past this tick and may not see the entry before the wheel comes round. The tick is
      // over, so the deadline has passed: expire now, on this thread, unless the scan took the entry after all (then
      // the worker expires it).
      if (unlinkIfArmed(b, n)) {
        n.expire();
      }
      return;
    }
    if (mode != SLEEPING || n.deadlineNanos - wakeAt < 0) {
      LockSupport.unpark(WORKER); // working, idle, or due before its wake-up: the worker looks again
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

  private static void work() {
    long lastTick = -1;
    while (true) {
      try {
        lastTick = pass(lastTick);
      } catch (Throwable t) {
        try {
          Callbacks.report(t); // never dies: every deadline in the JVM depends on this thread
        } catch (Throwable reportingFailed) {
          // nothing left to tell it with (out of memory): go on
        }
      }
    }
  }

  /**
   * Expires what is due in the ticks since {@code lastTick} (that one included: it may have been scanned only in
   * part), then sleeps until the next entry is due; returns the tick the pass began in.
   */
  private static long pass(long lastTick) {
    mode = WORKING; // from here on, every schedule() wakes us, so none is missed by the scan below
    long now = Nanos.now();
    long nowTick = tickAt(now, ORIGIN);
    scanTick = nowTick;
    long from = lastTick < 0 ? nowTick : Math.max(lastTick, nowTick - WHEEL_SIZE + 1);
    for (long t = from; t <= nowTick; t++) {
      collectDue(bucketOf(t), now);
    }
    expireDue();
    long next = nextDue(nowTick);
    if (!armed) {
      mode = IDLE;
      LockSupport.park(Timer.class);
    } else {
      long wake = wakeOf(next, ORIGIN);
      wakeAt = wake;
      mode = SLEEPING; // after wakeAt: a schedule() that reads SLEEPING reads this wake-up or a later one
      long sleep = wake - Nanos.now();
      if (sleep > 0) {
        LockSupport.parkNanos(Timer.class, sleep);
      }
    }
    return nowTick;
  }

  /**
   * The earliest deadline armed in this turn of the wheel, from tick {@code nowTick} on; or, when every armed entry
   * is a turn or more away, the start of the first occupied bucket's tick in the next turn (the worker looks again
   * then). Sets {@link #armed} to whether anything is armed at all.
   */
  private static long nextDue(long nowTick) {
    armed = true;
    long later = 0;
    boolean hasLater = false;
    for (int i = 0; i < WHEEL_SIZE; i++) {
      long tick = nowTick + i;
      Bucket b = bucketOf(tick);
      if (b.count > 0) {
        DeadlineNode first = earliestIn(b, tick);
        if (first != null) {
          long min = first.deadlineNanos;
          return hasLater && later - min < 0 ? later : min;
        }
        if (!hasLater) {
          later = ORIGIN + ((tick + WHEEL_SIZE) << TICK_SHIFT);
          hasLater = true;
        }
      }
    }
    armed = hasLater;
    return later;
  }

  /** The entry of {@code b} with the earliest deadline among those of {@code tick} itself (not of later turns). */
  private static DeadlineNode earliestIn(Bucket b, long tick) {
    synchronized (b) {
      DeadlineNode first = null;
      for (DeadlineNode n = b.head; n != null; n = n.timerNext) {
        if (tickOf(n.deadlineNanos) == tick && (first == null || n.deadlineNanos - first.deadlineNanos < 0)) {
          first = n;
        }
      }
      return first;
    }
  }

  /** Moves the entries of {@code b} whose deadline is at or before {@code now} to the due list. */
  private static void collectDue(Bucket b, long now) {
    if (b.count == 0) {
      return;
    }
    synchronized (b) {
      DeadlineNode n = b.head;
      while (n != null) {
        DeadlineNode next = n.timerNext;
        if (n.deadlineNanos - now <= 0) {
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
