package shop;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.util.List;
import java.util.Map;

/** A generic interface with bounded type parameters on the type and on its methods. */
public interface Repository<T extends Comparable<T>> {
  @Timeout(100)
  <K extends Comparable<? super K>> T find(Context ctx, K key);

  @Timeout(100)
  <R extends T> List<? extends R> findAll(Context ctx, Map<String, ? super R> filter, Class<R> type);
}
