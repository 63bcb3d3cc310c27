package shop;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Timeout;

/** Methods without a Context parameter: the call's context is bound as current. */
public interface Clock {
  @Timeout(50)
  long now();

  @Cancellable
  void tick(int call, String result, Throwable t);
}
