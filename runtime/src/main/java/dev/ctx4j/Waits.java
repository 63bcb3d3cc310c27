package dev.ctx4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a future or a context, whichever ends first (rule J3), without polling. */
final class Waits {
  private Waits() {}

  static <V> V await(Context ctx, Future<V> future) throws InterruptedException, ExecutionException {
    ctx.throwIfDone();
    if (future.isDone()) {
      return future.get();
    }
    Interrupter irq = Interrupter.arm(ctx);
    V result;
    try {
      result = future.get();
    } catch (InterruptedException e) {
      if (irq.withdraw()) {
        ctx.throwIfDone();
      }
      throw e;
    } finally {
      irq.withdraw();
    }
    return result;
  }

  static <V> V await(Context ctx, CompletionStage<V> stage) throws InterruptedException, ExecutionException {
    CompletableFuture<V> future;
    try {
      future = stage.toCompletableFuture();
    } catch (UnsupportedOperationException e) {
      CompletableFuture<V> copy = new CompletableFuture<>();
      stage.whenComplete((v, x) -> {
        if (x != null) {
          copy.completeExceptionally(x);
        } else {
          copy.complete(v);
        }
      });
      future = copy;
    }
    return await(ctx, (java.util.concurrent.Future<V>) future);
  }
}
