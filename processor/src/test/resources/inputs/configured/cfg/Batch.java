package cfg;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A type-level {@code @Timeout}: its keys are {@code cfg.Batch/Timeout/...}. */
@Timeout(value = 1, unit = TimeUnit.HOURS)
public interface Batch {
  Optional<Instant> deadline(Context ctx);

  /** Returns the deadline of the context the wrapper hands over. */
  final class Impl implements Batch {
    @Override
    public Optional<Instant> deadline(Context ctx) {
      return ctx.deadline();
    }
  }
}
