package dev.ctx4j;

/**
 * A binding of a context to the current thread, made by {@link Context#attach()}; {@link #close()} restores the
 * binding the thread had before.
 *
 * <pre>{@code
 * try (Scope ignored = ctx.attach()) {
 *   assert Context.current() == ctx;
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface Scope extends AutoCloseable {
  /**
   * Restores the thread's previous binding. Idempotent: only the first call has an effect. Never throws: a scope
   * closed out of order (an inner scope still open) still restores the binding this scope replaced, and a warning
   * naming where the scope was attached is logged through {@link System.Logger}; a scope closed on another thread
   * than the one it was attached on changes nothing and logs a warning.
   */
  @Override
  void close();
}
