package dev.ctx4j;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The one shared deadline timer (rule J5): a hashed wheel of 4,096 buckets of about 1 ms, served by one daemon
 * thread. Arming and disarming are O(1) under one bucket's lock; the deadline node is its own entry, so a timeout costs
 * no allocation here. The thread sleeps until the next occupied bucket and runs nothing but propagation.
 */
final class Timer {
  private static final int TICK_SHIFT = 20; // 1,048,576 ns
  private static final long TICK_NANOS = 1L << TICK_SHIFT;
  private static final int WHEEL_SIZE = 4096;
  private static final int MASK = WHEEL_SIZE - 1;
  private static final long ORIGIN = System.nanoTime();

  /** One slot of the wheel: an intrusive list of deadline nodes. */
  static final class Bucket {
    DeadlineNode head; // guarded by this
    volatile int count; // written under the lock, read by the worker's scan
  }

  private static final Bucket[] WHEEL = new Bucket[WHEEL_SIZE];
  /** The tick the worker sleeps until; Long.MAX_VALUE while it is working or has nothing to wait for. */
  private static volatile long wakeTick = Long.MAX_VALUE;
  private static final Thread WORKER;

  static {
    for (int i = 0; i < WHEEL_SIZE; i++) {
      WHEEL[i] = new Bucket();
    }
    WORKER = new Thread(Timer::work, "ctx4j-timer");
    WORKER.setDaemon(true);
    WORKER.start();
  }

  private Timer() {}

  /** The first tick at or after the deadline, so an entry never fires early. */
  private static long tickOf(long deadlineNanos) {
    return (deadlineNanos - ORIGIN + TICK_NANOS - 1) >> TICK_SHIFT;
  }

  private static Bucket bucketOf(long tick) {
    return WHEEL[(int) tick & MASK];
  }

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
    if (tick < wakeTick) {
      LockSupport.unpark(WORKER);
    }
  }

  /** Removes {@code n}'s entry if it still has one. Idempotent. */
  static void remove(DeadlineNode n) {
    Bucket b = bucketOf(tickOf(n.deadlineNanos));
    synchronized (b) {
      if (n.timerBucket != b) {
        return;
      }
      unlink(b, n);
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
    return (System.nanoTime() - ORIGIN) >> TICK_SHIFT;
  }

  private static void work() {
    List<DeadlineNode> due = new ArrayList<>();
    long lastTick = currentTick() - 1;
    while (true) {
      wakeTick = Long.MAX_VALUE; // from here on, every schedule() wakes us, so none is missed by the scan below
      long now = currentTick();
      long from = Math.max(lastTick + 1, now - WHEEL_SIZE + 1);
      for (long t = from; t <= now; t++) {
        collectDue(bucketOf(t), now, due);
      }
      lastTick = now;
      for (DeadlineNode n : due) {
        try {
          n.expire();
        } catch (Throwable t) {
          Callbacks.report(t);
        }
      }
      due.clear();
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
        long sleep = ORIGIN + (next << TICK_SHIFT) - System.nanoTime();
        if (sleep > 0) {
          LockSupport.parkNanos(Timer.class, sleep);
        }
      }
    }
  }

  private static void collectDue(Bucket b, long now, List<DeadlineNode> due) {
    if (b.count == 0) {
      return;
    }
    synchronized (b) {
      DeadlineNode n = b.head;
      while (n != null) {
        DeadlineNode next = n.timerNext;
        if (tickOf(n.deadlineNanos) <= now) {
          unlink(b, n);
          due.add(n);
        }
        n = next;
      }
    }
  }
}
