package dev.ctx4j.processor.fn;

import dev.ctx4j.Context;
import java.util.concurrent.CompletionStage;

/**
 * The body of an asynchronous wrapped call: starts work and returns its stage.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface StageBody<T> {
  /**
   * Starts the work.
   *
   * @param ctx the context the wrapper passed in place of the caller's
   * @return the work's stage
   */
  CompletionStage<T> start(Context ctx);
}
