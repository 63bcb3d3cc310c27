package fn;

import dev.ctx4j.Context;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

public final class SigsImpl implements Sigs {
  @Override
  public int add(Context ctx, int a, int b) {
    return a + b;
  }

  @Override
  public void touch(Context ctx, AtomicInteger counter) {
    counter.incrementAndGet();
  }

  @Override
  public int count(Context ctx, String... words) {
    return words.length;
  }

  @Override
  public String over(Context ctx, int x) {
    return "int " + x;
  }

  @Override
  public String over(Context ctx, String x) {
    return "String " + x;
  }

  @Override
  public <T extends Comparable<? super T>> T max(Context ctx, List<? extends T> values) throws IOException {
    if (values.isEmpty()) {
      throw new IOException("empty");
    }
    return Collections.max(values);
  }

  @Override
  public String tagged(Context ctx, String value) {
    return value;
  }
}
