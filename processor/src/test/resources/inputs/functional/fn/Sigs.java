package fn;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import dev.ctx4j.processor.fn.SigsApi;
import dev.ctx4j.processor.fn.Tag;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** Every signature shape of P9, each annotated. */
@Cancellable
public interface Sigs extends SigsApi {
  @Override
  int add(Context ctx, int a, int b);

  @Override
  void touch(Context ctx, AtomicInteger counter);

  @Override
  @Timeout(value = 1, unit = java.util.concurrent.TimeUnit.MINUTES)
  int count(Context ctx, String... words);

  @Override
  String over(Context ctx, int x);

  @Override
  String over(Context ctx, String x);

  @Override
  <T extends Comparable<? super T>> T max(Context ctx, List<? extends T> values) throws IOException, TimeoutException;

  @Override
  default String greet(Context ctx) {
    return "sigs " + (ctx.deadline().isPresent() ? "with deadline" : "without deadline");
  }

  @Override
  String tagged(Context ctx, @Tag("value") String value);
}
