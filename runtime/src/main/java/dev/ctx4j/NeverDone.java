package dev.ctx4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The done signal of a context that can never be done: never closes. */
final class NeverDone implements DoneSignal {
  static final NeverDone INSTANCE = new NeverDone();

  private final CompletableFuture<Void> never = new CompletableFuture<>();

  private NeverDone() {}

  @Override
  public boolean isDone() {
    return false;
  }

  @Override
  public void await() throws InterruptedException {
    try {
      never.get();
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    Nodes.checkNotNull(unit, "unit");
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (timeout <= 0) {
      return false;
    }
    try {
      never.get(timeout, unit);
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      return false;
    }
    return true;
  }

  @Override
  public CompletionStage<Void> toCompletionStage() {
    // a fresh future each time, so that dependents registered by callers do not pile up on a shared one
    return new CompletableFuture<Void>().minimalCompletionStage();
  }

  @Override
  public String toString() {
    return "DoneSignal[never]";
  }
}
