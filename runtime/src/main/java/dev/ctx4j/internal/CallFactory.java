package dev.ctx4j.internal;

import dev.ctx4j.Context;
import java.util.concurrent.TimeUnit;

/**
 * Not API: creates {@link Call}s. Implemented by the runtime's background context, because the classes that make
 * calls live in package {@code dev.ctx4j} and are not public: the one public object of that package this package can
 * reach, {@code Context.background()}, doubles as the factory.
 */
public interface CallFactory {
  /** The runtime's factory. */
  CallFactory RUNTIME = (CallFactory) Context.background();

  /**
   * See {@link Call#cancellable}.
   *
   * @param parent the caller's context
   * @param method the method's name for messages, {@code Type.method}
   * @param interrupt whether to interrupt the calling thread when the call's context becomes done
   * @return the call
   */
  Call cancellable(Context parent, String method, boolean interrupt);

  /**
   * See {@link Call#timeout}.
   *
   * @param parent the caller's context
   * @param method the method's name for messages, {@code Type.method}
   * @param timeout the limit
   * @param unit the limit's unit
   * @param interrupt whether to interrupt the calling thread when the call's context becomes done
   * @return the call
   */
  Call timeout(Context parent, String method, long timeout, TimeUnit unit, boolean interrupt);

  /**
   * See {@link Call#start}.
   *
   * @param parent the caller's context
   * @param method the wrapped method
   * @return the call
   */
  Call start(Context parent, WrappedMethod method);
}
