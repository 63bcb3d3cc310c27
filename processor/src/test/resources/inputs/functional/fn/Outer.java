package fn;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import dev.ctx4j.processor.fn.Body;

public final class Outer {
  private Outer() {}

  /** A nested type: wrapped by the top-level Ctx4j_Outer_Inner. */
  public interface Inner {
    @Timeout(300)
    <T> T timed(Context ctx, Body<T> body) throws Exception;
  }
}
