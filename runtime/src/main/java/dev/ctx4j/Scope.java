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
   * Restores the thread's previous binding. Idempotent: only the first call has an effect. Never throws; misuse is
   * detected, logged as a warning through {@link System.Logger} (naming where the scope was attached, unless
   * {@code -Ddev.ctx4j.scopeSites=false}), and repaired so that the thread is left with a binding that is right for it:
   *
   * <ul>
   *   <li>Closed out of order, while scopes attached after it on the same thread are still open: those scopes were
   *       nested in this one, so they are closed with it, and the binding this scope replaced is restored. Closing
   *       them later does nothing.
   *   <li>Closed after the thread's binding was replaced by other means (a {@link Context#run(Runnable)} or
   *       {@link Context#call(java.util.concurrent.Callable)} that ended while this scope, attached inside it, was
   *       still open): the binding is left as it is, since whoever replaced it has restored what is right.
   *   <li>Closed on another thread than the one it was attached on: nothing changes on either thread.
   * </ul>
   */
  @Override
  void close();
}
