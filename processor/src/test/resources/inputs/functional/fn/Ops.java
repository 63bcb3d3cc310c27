package fn;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import dev.ctx4j.processor.fn.Body;
import dev.ctx4j.processor.fn.OpsApi;
import dev.ctx4j.processor.fn.StageBody;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

public interface Ops extends OpsApi {
  @Override
  @Timeout(300)
  <T> T timed(Context ctx, Body<T> body) throws Exception;

  @Override
  @Timeout(value = 300, interrupt = false)
  <T> T timedQuiet(Context ctx, Body<T> body) throws Exception;

  @Override
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  <T> T timedLong(Context ctx, Body<T> body) throws Exception;

  @Override
  @Cancellable
  <T> T cancellable(Context ctx, Body<T> body) throws Exception;

  @Override
  @Cancellable(interrupt = false)
  <T> T cancellableQuiet(Context ctx, Body<T> body) throws Exception;

  @Override
  @Timeout(300)
  <T> T current(Callable<T> body) throws Exception;

  @Override
  @Cancellable
  <T> T currentCancellable(Callable<T> body) throws Exception;

  @Override
  @Timeout(300)
  <T> CompletionStage<T> stage(Context ctx, StageBody<T> body);

  @Override
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  <T> CompletableFuture<T> future(Context ctx, StageBody<T> body);

  @Override
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  <T> CompletionStage<T> stageCurrent(Supplier<CompletionStage<T>> body);
}
