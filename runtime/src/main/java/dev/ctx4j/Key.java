package dev.ctx4j;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A key for a request-scoped value carried by a {@link Context} ({@link Context#withValue(Key, Object)}).
 *
 * <p>Keys compare by identity: two keys never collide, even when they share a name (Go's advice to use an unexported
 * key type, enforced by construction). Keep keys in {@code static final} fields and offer typed accessors:
 *
 * <pre>{@code
 * private static final Key<String> REQUEST_ID = Key.of("requestId");
 *
 * static Context withRequestId(Context ctx, String id) { return ctx.withValue(REQUEST_ID, id); }
 * static String requestId(Context ctx) { return ctx.value(REQUEST_ID); }
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <T> the type of the value stored under this key
 * @since 0.1.0
 */
public final class Key<T> {
  private static final AtomicInteger NEXT_ID = new AtomicInteger();

  private final String name;
  /** Dense identity number, used by the value trie. */
  final int id;

  private Key(String name) {
    this.name = name;
    this.id = NEXT_ID.getAndIncrement();
  }

  /**
   * Returns a new key, distinct from every other key.
   *
   * @param name the name shown by {@link #toString()} and in a context's {@code toString()}; not used for lookups
   * @param <T> the type of the value stored under the key
   * @return a new key
   * @throws NullPointerException if {@code name} is null
   */
  public static <T> Key<T> of(String name) {
    return new Key<>(Nodes.checkNotNull(name, "name"));
  }

  /**
   * Returns the name given to {@link #of(String)}.
   *
   * @return the key's name
   */
  public String name() {
    return name;
  }

  /** Casts a value stored under this key. */
  @SuppressWarnings("unchecked")
  T cast(Object value) {
    return (T) value;
  }

  /** Returns the key's name. */
  @Override
  public String toString() {
    return name;
  }
}
