package dev.ctx4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;

/**
 * What threads blocked in {@code done().await()} wait on: a one-shot gate. The thread that opens it (often the timer
 * thread) wakes only the first waiter, so its cost does not grow with the number of waiters; the first waiter to get
 * through then wakes all the others at once (while the synchronizer's shared mode also passes the wake-up along the
 * queue), so the last of many waiters is not held up by a chain of wake-ups either.
 */
final class DoneLatch extends AbstractQueuedSynchronizer {
  private static final long serialVersionUID = 1L;
  private static final VarHandle BROADCAST =
      Handles.field(MethodHandles.lookup(), DoneLatch.class, "broadcast", boolean.class);

  private volatile boolean broadcast;

  @Override
  protected int tryAcquireShared(int ignored) {
    return getState() != 0 ? 1 : -1;
  }

  @Override
  protected boolean tryReleaseShared(int ignored) {
    setState(1);
    return true;
  }

  void open() {
    releaseShared(1);
  }

  void await() throws InterruptedException {
    acquireSharedInterruptibly(1);
    wakeTheRest();
  }

  boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    if (!tryAcquireSharedNanos(1, unit.toNanos(timeout))) {
      return false;
    }
    wakeTheRest();
    return true;
  }

  /** Run once, by the first waiter through: wakes every thread still queued. */
  private void wakeTheRest() {
    if (!broadcast && BROADCAST.compareAndSet(this, false, true) && hasQueuedThreads()) {
      for (Thread t : getQueuedThreads()) {
        LockSupport.unpark(t);
      }
    }
  }
}
