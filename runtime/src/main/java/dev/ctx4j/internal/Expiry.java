package dev.ctx4j.internal;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;

/**
 * Not API: lets ctx4j's own integrations end a context as its deadline would, before the runtime's timer does, when
 * the engine they bridge learns first that the deadline has passed (a gRPC server sees the client's deadline reset
 * the stream before its own timer fires). Implemented by the runtime's background context, for the reason
 * {@link CallFactory} gives.
 */
public interface Expiry {
  /** The runtime's instance. */
  Expiry RUNTIME = (Expiry) Context.background();

  /**
   * Ends {@code context} as if its deadline had passed now: its error becomes
   * {@link dev.ctx4j.DeadlineExceededException}, with {@code cause} as its cause, and every descendant ends with it,
   * exactly as when the runtime's timer fires. Does nothing if the context is already done.
   *
   * @param context a context made by ctx4j's runtime ({@code withCancel}, {@code withTimeout} or
   *     {@code withDeadline})
   * @param cause the cause to report, or null for none
   * @return whether this call ended the context
   * @throws NullPointerException if {@code context} is null
   * @throws IllegalArgumentException if {@code context} was not made by ctx4j's runtime
   */
  boolean expire(CancellableContext context, Throwable cause);
}
