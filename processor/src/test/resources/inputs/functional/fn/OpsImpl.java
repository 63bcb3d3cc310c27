package fn;

import dev.ctx4j.Context;
import dev.ctx4j.processor.fn.Body;
import dev.ctx4j.processor.fn.StageBody;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Runs each body with the context it is given; the wrapper is what the tests exercise. */
public final class OpsImpl implements Ops {
  @Override
  public <T> T timed(Context ctx, Body<T> body) throws Exception {
    return body.run(ctx);
  }

  @Override
  public <T> T timedQuiet(Context ctx, Body<T> body) throws Exception {
    return body.run(ctx);
  }

  @Override
  public <T> T timedLong(Context ctx, Body<T> body) throws Exception {
    return body.run(ctx);
  }

  @Override
  public <T> T cancellable(Context ctx, Body<T> body) throws Exception {
    return body.run(ctx);
  }

  @Override
  public <T> T cancellableQuiet(Context ctx, Body<T> body) throws Exception {
    return body.run(ctx);
  }

  @Override
  public <T> T current(Callable<T> body) throws Exception {
    return body.call();
  }

  @Override
  public <T> T currentCancellable(Callable<T> body) throws Exception {
    return body.call();
  }

  @Override
  public <T> CompletionStage<T> stage(Context ctx, StageBody<T> body) {
    return body.start(ctx);
  }

  @Override
  public <T> CompletableFuture<T> future(Context ctx, StageBody<T> body) {
    return body.start(ctx).toCompletableFuture();
  }

  @Override
  public <T> CompletionStage<T> stageCurrent(Supplier<CompletionStage<T>> body) {
    return body.get();
  }

  @Override
  public <T> T unwrapped(Context ctx, Body<T> body) throws Exception {
    return body.run(ctx);
  }
}
