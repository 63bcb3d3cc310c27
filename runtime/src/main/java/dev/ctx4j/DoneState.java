package dev.ctx4j;

/**
 * How a context ended: its error and cause, published together in one volatile write, so that whoever sees the one
 * sees the other (G16, H2 in docs/semantics.md).
 */
final class DoneState {
  static final DoneState CANCELED = new DoneState(CancelledException.CANCELED, CancelledException.CANCELED);
  static final DoneState DEADLINE_EXCEEDED =
      new DoneState(DeadlineExceededException.DEADLINE_EXCEEDED, DeadlineExceededException.DEADLINE_EXCEEDED);

  final ContextException err;
  final Throwable cause;

  private DoneState(ContextException err, Throwable cause) {
    this.err = err;
    this.cause = cause;
  }

  /** A plain cancel, or a cancel with a cause (null meaning none, Go's G37). */
  static DoneState cancelled(Throwable cause) {
    return cause == null ? CANCELED : new DoneState(CancelledException.CANCELED, cause);
  }

  /** A deadline, with the cause given at construction (null meaning none). */
  static DoneState deadline(Throwable cause) {
    return cause == null ? DEADLINE_EXCEEDED : new DoneState(DeadlineExceededException.DEADLINE_EXCEEDED, cause);
  }

  /** The state read off a done foreign context. */
  static DoneState of(ContextException err, Throwable cause) {
    if (cause == null || cause == err) {
      if (err == CancelledException.CANCELED) {
        return CANCELED;
      }
      if (err == DeadlineExceededException.DEADLINE_EXCEEDED) {
        return DEADLINE_EXCEEDED;
      }
      return new DoneState(err, err);
    }
    return new DoneState(err, cause);
  }
}
