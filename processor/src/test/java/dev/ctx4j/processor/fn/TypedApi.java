package dev.ctx4j.processor.fn;

import dev.ctx4j.Context;

/** The test's view of the type-level and inheritance cases of {@code inputs/functional/fn/}. */
public interface TypedApi {
  /**
   * The type's annotation applies.
   *
   * @param ctx the context
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   * @throws Exception the body's exception
   */
  <T> T fromType(Context ctx, Body<T> body) throws Exception;

  /**
   * The method's own annotation wins over the type's.
   *
   * @param ctx the context
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   * @throws Exception the body's exception
   */
  <T> T own(Context ctx, Body<T> body) throws Exception;

  /**
   * Declared (with {@code @Cancellable}) in a supertype; wrapped only where redeclared.
   *
   * @param ctx the context
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   * @throws Exception the body's exception
   */
  <T> T inherited(Context ctx, Body<T> body) throws Exception;
}
