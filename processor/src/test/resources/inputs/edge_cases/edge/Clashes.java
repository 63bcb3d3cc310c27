package edge;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.util.List;

/** Names that collide with what the wrapper uses: parameters, a nested type called Call, type-use annotations. */
public interface Clashes {
  /** Shadows dev.ctx4j.internal.Call inside the wrapper, which inherits this member type. */
  interface Call {}

  /** Shadows java.util.concurrent.TimeUnit the same way. */
  final class TimeUnit {
    private TimeUnit() {}
  }

  @Timeout(100)
  @Nullable String find(Context ctx, Call call, @Nullable String result, Object t, Object delegate);

  @Timeout(100)
  List<@Nullable String> names(Context ctx, @Nullable String @Nullable [] prefixes);
}
