package edge;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import java.util.function.Function;

/** Inherits a generic method through a parameterized superinterface: resolved as a member of this type. */
public interface Generic extends Function<String, Integer> {
  @Cancellable
  Integer length(Context ctx, String s);
}
