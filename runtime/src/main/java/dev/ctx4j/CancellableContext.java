package dev.ctx4j;

/**
 * A context with its own cancel function: what {@link Context#withCancel()}, {@link Context#withDeadline} and
 * {@link Context#withTimeout} return. Go's {@code (ctx, cancel)} pair in one object; {@link #close()} is
 * {@link #cancel()}, so try-with-resources is Go's {@code defer cancel()}:
 *
 * <pre>{@code
 * try (CancellableContext ctx = parent.withTimeout(Duration.ofSeconds(1))) {
 *   return db.query(ctx, sql);
 * }
 * }</pre>
 *
 * <p><b>Notes and cautions</b>
 *
 * <ul>
 *   <li>Always cancel it (or close it) when the work is done: until then a live parent keeps a reference to it, and
 *       a timeout keeps its timer entry. Cancelling after the deadline passed is harmless.
 *   <li>Cancelling does not wait for the work to stop; it only tells it to.
 *   <li>Every method is thread-safe; cancel functions may be called from several threads at once.
 * </ul>
 *
 * @since 0.1.0
 */
public interface CancellableContext extends Context, AutoCloseable {
  /**
   * Cancels this context and every context derived from it, synchronously: when this returns, each standard
   * descendant is done, also when other threads are cancelling parts of the tree at the same time (this call then
   * waits for them to finish the parts they took, as Go's cancel waits on each child's lock). Removes this context
   * from its parent and stops its timer. Only the first cancellation of a
   * context has an effect (whether by this method, an ancestor or a deadline); later calls do nothing. After a plain
   * cancel, {@link #err()} and {@link #cause()} both return the shared {@link CancelledException}.
   *
   * @return {@code true} if this call cancelled the context, {@code false} if it was already done
   */
  boolean cancel();

  /**
   * Cancels this context with a cause (Go's {@code WithCancelCause}): like {@link #cancel()}, and {@link #cause()}
   * then returns {@code cause} here and in every descendant that this cancellation reaches. A null cause is a plain
   * cancel.
   *
   * @param cause why the context is cancelled; may be null
   * @return {@code true} if this call cancelled the context, {@code false} if it was already done
   */
  boolean cancel(Throwable cause);

  /** Same as {@link #cancel()}: closing the context cancels it. Idempotent and never throws. */
  @Override
  void close();
}
