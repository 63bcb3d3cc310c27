package dev.ctx4j.spi;

/**
 * How a call through a generated wrapper ended, as {@link Ctx4jListener#callEnded} reports it.
 *
 * @since 0.1.0
 */
public enum CallOutcome {
  /** The body returned (for an asynchronous method: its stage completed normally) and the call's context was live. */
  RETURNED,
  /** The body threw (or its stage failed) while the call's context was live; the exception reached the caller. */
  THREW,
  /**
   * The call's context passed its deadline: the method's own {@code @Timeout} limit or, when that came first, the
   * caller's deadline. The caller got a {@link dev.ctx4j.DeadlineExceededException}.
   */
  TIMED_OUT,
  /**
   * The call's context was cancelled (by the caller's context, or for an asynchronous method by cancelling the
   * returned future). The caller got a {@link dev.ctx4j.CancelledException} (or the future's cancellation).
   */
  CANCELLED
}
