package edge;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import java.io.Serializable;

/** A deprecated, serializable type with a deprecated method: the wrapper must still compile without warnings. */
@Deprecated
@Cancellable
public interface Legacy extends Serializable {
  @Deprecated
  void old(Context ctx);

  void current(Context ctx);
}
