package dev.ctx4j.internal;

import dev.ctx4j.Context;

/**
 * Not API: lets ctx4j's own integrations bind a context around a callback of their engine without a lambda, as
 * {@link Context#run} does: {@code Context previous = Rebinding.RUNTIME.swap(ctx); try { ... } finally {
 * Rebinding.RUNTIME.restore(previous); }}. A gRPC server call runs its whole reply inside such callbacks, so the
 * frames and the allocation a lambda adds are paid on every call. Implemented by the runtime's background context, for
 * the reason {@link CallFactory} gives.
 */
public interface Rebinding {
  /** The runtime's instance. */
  Rebinding RUNTIME = (Rebinding) Context.background();

  /**
   * Binds {@code context} to the calling thread as {@link Context#current()}.
   *
   * @param context the context to bind
   * @return what {@link #restore} must be given afterwards, on the same thread
   * @throws NullPointerException if {@code context} is null
   */
  Context swap(Context context);

  /**
   * Restores the binding {@link #swap} replaced.
   *
   * @param previous what {@code swap} returned on this thread
   */
  void restore(Context previous);
}
