package dev.ctx4j.internal;

import dev.ctx4j.Context;

/**
 * Not API: counts what the runtime holds, so that ctx4j's own modules (the integrations and their tests) can check that
 * nothing is left registered or armed after a call. Implemented by the runtime's background context, for the reason
 * {@link CallFactory} gives.
 */
public interface Introspection {
  /** The runtime's introspection. */
  Introspection RUNTIME = (Introspection) Context.background();

  /**
   * Returns the number of live entries in the shared deadline timer.
   *
   * @return the number of armed deadlines
   */
  long pendingTimers();

  /**
   * Returns what is registered on a context: its live children plus its afterFunc and interrupt registrations.
   *
   * @param ctx a context
   * @return the count; 0 for a context that holds no registrations of its own (a root, a value context, a
   *     user-written context)
   */
  long registrations(Context ctx);
}
