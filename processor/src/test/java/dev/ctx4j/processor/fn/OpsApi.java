package dev.ctx4j.processor.fn;

import dev.ctx4j.Context;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The test's view of {@code inputs/functional/fn/Ops.java}, which redeclares each method with an annotation (noted
 * here); the generated {@code fn.Ctx4j_Ops} therefore implements this interface and the tests call it directly.
 */
public interface OpsApi {
  /** {@code @Timeout(300)}. */
  <T> T timed(Context ctx, Body<T> body) throws Exception;

  /** {@code @Timeout(value = 300, interrupt = false)}. */
  <T> T timedQuiet(Context ctx, Body<T> body) throws Exception;

  /** {@code @Timeout(value = 1, unit = MINUTES)}: never fires during a test. */
  <T> T timedLong(Context ctx, Body<T> body) throws Exception;

  /** {@code @Cancellable}. */
  <T> T cancellable(Context ctx, Body<T> body) throws Exception;

  /** {@code @Cancellable(interrupt = false)}. */
  <T> T cancellableQuiet(Context ctx, Body<T> body) throws Exception;

  /** {@code @Timeout(300)}, no Context parameter. */
  <T> T current(Callable<T> body) throws Exception;

  /** {@code @Cancellable}, no Context parameter. */
  <T> T currentCancellable(Callable<T> body) throws Exception;

  /** {@code @Timeout(300)}. */
  <T> CompletionStage<T> stage(Context ctx, StageBody<T> body);

  /** {@code @Timeout(value = 1, unit = MINUTES)}. */
  <T> CompletableFuture<T> future(Context ctx, StageBody<T> body);

  /** {@code @Timeout(value = 1, unit = MINUTES)}, no Context parameter. */
  <T> CompletionStage<T> stageCurrent(Supplier<CompletionStage<T>> body);

  /** Not annotated: delegated unchanged. */
  <T> T unwrapped(Context ctx, Body<T> body) throws Exception;
}
