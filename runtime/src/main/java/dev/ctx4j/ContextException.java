package dev.ctx4j;

import java.util.concurrent.CancellationException;

/**
 * Why a context is done: {@link CancelledException} or {@link DeadlineExceededException}.
 *
 * <p>It extends {@link CancellationException}, so code that already handles cancelled futures handles a done context
 * the same way. {@link Context#err()} returns one shared, stack-less instance per kind (Go's sentinel errors
 * {@code Canceled} and {@code DeadlineExceeded}); {@link Context#throwIfDone()} and generated wrappers throw fresh
 * instances that carry a stack trace and, as their {@linkplain #getCause() cause}, the context's
 * {@linkplain Context#cause() cause} when it differs from the error.
 *
 * @since 0.1.0
 */
public abstract class ContextException extends CancellationException {
  private static final long serialVersionUID = 1L;

  ContextException(String message, Throwable cause) {
    super(message);
    initCause(cause);
  }

  /**
   * Returns whether this error means a deadline passed (Go's {@code Timeout()}).
   *
   * @return {@code true} for {@link DeadlineExceededException}, {@code false} for {@link CancelledException}
   */
  public abstract boolean isTimeout();

  /** Makes a shared sentinel: no stack trace, no cause, so it looks the same wherever it is seen. */
  static <E extends ContextException> E sentinel(E e) {
    e.setStackTrace(new StackTraceElement[0]);
    return e;
  }

  /** Returns a fresh exception of the same kind with the given message and cause. */
  abstract ContextException copy(String message, Throwable cause);
}
