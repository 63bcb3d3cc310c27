package edge;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A generic class: generic and varargs constructors, a nested class and a nested interface, each wrapped. */
public class Repo<T extends Comparable<T>> {
  @SafeVarargs
  public <X extends T> Repo(Class<X> type, T... seeds) {}

  @SuppressWarnings("unchecked") // heap pollution: T... is not reifiable
  Repo(int capacity, T... seeds) {}

  protected Repo(List<? super T> sink) throws IOException {}

  @Timeout(value = 5_000_000_000L, unit = TimeUnit.NANOSECONDS)
  public T get(Context ctx, T fallback) {
    return fallback;
  }

  public static class Nested {
    @Cancellable
    protected <E extends Exception> void run(Context ctx) throws E {}
  }

  public interface Api extends Comparable<Api> {
    @Cancellable
    default int size(Context ctx) {
      return 0;
    }
  }
}
