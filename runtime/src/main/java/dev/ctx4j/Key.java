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
 * <p>A key may carry a default, which {@link #get(Context)} and {@link #get()} return when no context on the chain has
 * a value for it ({@link Context#value(Key)} itself stays Go's lookup and returns null then):
 *
 * <pre>{@code
 * private static final Key<Locale> LOCALE = Key.withDefault("locale", Locale.ROOT);
 *
 * Locale locale = LOCALE.get();          // from Context.current(), Locale.ROOT when unset
 * Locale other = LOCALE.get(ctx);        // from a context at hand
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
  private final T defaultValue;
  /** Dense identity number, used by the value trie. */
  final int id;

  private Key(String name, T defaultValue) {
    this.name = name;
    this.defaultValue = defaultValue;
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
    return new Key<>(Nodes.checkNotNull(name, "name"), null);
  }

  /**
   * Returns a new key, distinct from every other key, whose {@link #get(Context)} and {@link #get()} return
   * {@code defaultValue} when no context has a value for it.
   *
   * @param name the name shown by {@link #toString()} and in a context's {@code toString()}; not used for lookups
   * @param defaultValue what {@link #get(Context)} returns when the key is unset
   * @param <T> the type of the value stored under the key
   * @return a new key
   * @throws NullPointerException if {@code name} or {@code defaultValue} is null
   * @since 0.2.0
   */
  public static <T> Key<T> withDefault(String name, T defaultValue) {
    return new Key<>(Nodes.checkNotNull(name, "name"), Nodes.checkNotNull(defaultValue, "defaultValue"));
  }

  /**
   * Returns the value of this key in {@code ctx}, or this key's default when {@code ctx} has none (null for a key
   * made by {@link #of(String)}).
   *
   * @param ctx the context to read
   * @return the value, or the default
   * @throws NullPointerException if {@code ctx} is null
   * @since 0.2.0
   */
  public T get(Context ctx) {
    T value = Nodes.checkNotNull(ctx, "ctx").value(this);
    return value != null ? value : defaultValue;
  }

  /**
   * Returns the value of this key in {@link Context#current()}, or this key's default when it has none (gRPC's
   * {@code Key.get()}). Prefer {@link #get(Context)} where a context is passed explicitly.
   *
   * @return the value, or the default
   * @since 0.2.0
   */
  public T get() {
    return get(Context.current());
  }

  /**
   * Returns the default given to {@link #withDefault(String, Object)}, or null for a key made by {@link #of(String)}.
   *
   * @return the default value, or null
   * @since 0.2.0
   */
  public T defaultValue() {
    return defaultValue;
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
