package edge;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import java.util.List;

/** Raw and deprecated types in signatures: the source accepts the warnings, the wrapper must not add any. */
@SuppressWarnings({"rawtypes", "deprecation"})
public interface Raw {
  @Cancellable
  List names(Context ctx, Comparable key);

  @Cancellable
  void watch(Context ctx, java.util.Observable observable);
}
