package cfg;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A method-level {@code @Timeout}: its keys are {@code cfg.Lookup/deadline/Timeout/...}. */
public interface Lookup {
  @Timeout(value = 1, unit = TimeUnit.HOURS)
  Optional<Instant> deadline(Context ctx);

  /** Returns the deadline of the context the wrapper hands over. */
  final class Impl implements Lookup {
    @Override
    public Optional<Instant> deadline(Context ctx) {
      return ctx.deadline();
    }
  }
}
