package dev.ctx4j.processor.fn;

import dev.ctx4j.Context;

/** The test's view of {@code inputs/functional/fn/Service.java}, a class wrapped by a generated subclass. */
public interface ServiceApi {
  /**
   * {@code @Timeout(300)} in the class.
   *
   * @param ctx the context
   * @param body the body
   * @param <T> the result type
   * @return the body's result
   * @throws Exception the body's exception
   */
  <T> T timed(Context ctx, Body<T> body) throws Exception;

  /**
   * Not annotated.
   *
   * @return the name given to the constructor
   */
  String name();
}
