package dev.ctx4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What threads blocked in {@code done().await()} wait on: a one-shot gate. The thread that opens it, often the timer
 * thread, wakes a single waiter itself (the common case, with no extra hop); when several threads wait it hands the
 * wake-ups to the callback executor, so that opening costs the same however many threads wait and a deadline due
 * after this one is not held up by them. The waiters themselves all become runnable at once, not one after another.
 * Done-stage views register their dependents on the same future ({@link #future()}).
 */
final class DoneLatch {
  private final CompletableFuture<Void> gate = new CompletableFuture<>();

  /** The future the gate is: done-stage views attach to it (their dependents hop to the callback executor). */
  CompletableFuture<Void> future() {
    return gate;
  }

  void open() {
    if (gate.isDone()) {
      return;
    }
    if (gate.getNumberOfDependents() <= 1) {
      gate.complete(null);
    } else {
      try {
        Callbacks.executor().execute(() -> gate.complete(null));
      } catch (Throwable cannotHandOff) {
        gate.complete(null); // out of threads or memory: wake them here rather than never
      }
    }
  }

  void await() throws InterruptedException {
    try {
      gate.get();
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    try {
      gate.get(timeout, unit);
      return true;
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      return false;
    }
  }
}
