package dev.ctx4j.processor.fn;

import dev.ctx4j.Context;

/**
 * What a functional test runs inside a wrapped call, given the context the wrapper handed over.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface Body<T> {
  /**
   * Runs the body.
   *
   * @param ctx the context the wrapper passed in place of the caller's
   * @return the result
   * @throws Exception whatever the test wants the body to throw
   */
  T run(Context ctx) throws Exception;
}
