package dev.ctx4j;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * What threads blocked in {@code done().await()} wait on: a one-shot gate. Opening it wakes one waiter, and each woken
 * waiter wakes the next (the synchronizer's shared mode), so the thread that cancels a context, often the timer
 * thread, pays for one wake-up however many threads wait.
 */
final class DoneLatch extends AbstractQueuedSynchronizer {
  private static final long serialVersionUID = 1L;

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
}
