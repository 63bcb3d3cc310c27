package dev.ctx4j;

/**
 * The context's deadline passed. Go's {@code context.DeadlineExceeded}; its message is
 * {@code "context deadline exceeded"} and {@link #isTimeout()} is {@code true}.
 *
 * @since 0.1.0
 */
public final class DeadlineExceededException extends ContextException {
  private static final long serialVersionUID = 1L;

  /** The shared value {@link Context#err()} returns for a context whose deadline passed. */
  static final DeadlineExceededException DEADLINE_EXCEEDED =
      sentinel(new DeadlineExceededException("context deadline exceeded", null));

  /**
   * Creates an exception with the given message and no cause.
   *
   * @param message the detail message
   */
  public DeadlineExceededException(String message) {
    this(message, null);
  }

  /**
   * Creates an exception with the given message and cause.
   *
   * @param message the detail message
   * @param cause the cause, typically {@link Context#cause()}; may be null
   */
  public DeadlineExceededException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Returns {@code true}: a deadline is a timeout. */
  @Override
  public boolean isTimeout() {
    return true;
  }

  @Override
  ContextException copy(String message, Throwable cause) {
    return new DeadlineExceededException(message, cause);
  }
}
