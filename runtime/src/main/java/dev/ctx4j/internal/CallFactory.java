package dev.ctx4j.internal;

import dev.ctx4j.Context;
import java.util.concurrent.TimeUnit;

/** Not API: creates {@link Call}s; implemented by the runtime's root context. */
public interface CallFactory {
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
}
