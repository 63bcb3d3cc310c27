package dev.ctx4j;

/**
 * The context was cancelled: by {@link CancellableContext#cancel()}, by cancelling an ancestor, or by a foreign
 * parent. Go's {@code context.Canceled}; its message is {@code "context canceled"}.
 *
 * @since 0.1.0
 */
public final class CancelledException extends ContextException {
  private static final long serialVersionUID = 1L;

  /** The shared value {@link Context#err()} returns for a cancelled context. */
  static final CancelledException CANCELED = sentinel(new CancelledException("context canceled", null));

  /**
   * Creates an exception with the given message and no cause.
   *
   * @param message the detail message
   */
  public CancelledException(String message) {
    this(message, null);
  }

  /**
   * Creates an exception with the given message and cause.
   *
   * @param message the detail message
   * @param cause the cause, typically {@link Context#cause()}; may be null
   */
  public CancelledException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Returns {@code false}: a cancellation is not a timeout. */
  @Override
  public boolean isTimeout() {
    return false;
  }

  @Override
  ContextException copy(String message, Throwable cause) {
    return new CancelledException(message, cause);
  }
}
