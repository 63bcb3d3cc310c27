package dev.ctx4j;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A done signal as a user would write one for a foreign context: backed by a {@link CompletableFuture}. */
final class TestDoneSignal implements DoneSignal {
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  /** Closes the signal; idempotent. */
  void close() {
    closed.complete(null);
  }

  @Override
  public boolean isDone() {
    return closed.isDone();
  }

  @Override
  public void await() throws InterruptedException {
    try {
      closed.get();
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    Objects.requireNonNull(unit, "unit");
    try {
      closed.get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public CompletionStage<Void> toCompletionStage() {
    return closed.minimalCompletionStage();
  }
}
