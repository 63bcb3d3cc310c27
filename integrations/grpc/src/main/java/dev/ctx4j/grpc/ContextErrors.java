package dev.ctx4j.grpc;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.DeadlineExceededException;
import io.grpc.Status;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The link between ctx4j's exceptions and gRPC statuses, shared by both interceptors and the mapping helper. */
final class ContextErrors {
  /** ctx4j's shared "context canceled" error, the value {@link Context#err()} returns for a cancelled context. */
  static final ContextException CANCELED;
  /** ctx4j's shared "context deadline exceeded" error. */
  static final ContextException DEADLINE_EXCEEDED;

  static {
    // The runtime keeps its two shared errors to itself; a context that ends at once reports them.
    CancellableContext cancelled = Context.background().withCancel();
    cancelled.cancel();
    CANCELED = cancelled.err();
    CancellableContext expired = Context.background().withTimeout(0, TimeUnit.NANOSECONDS);
    DEADLINE_EXCEEDED = expired.err();
    expired.cancel();
  }

  private ContextErrors() {}

  /**
   * Returns a fresh exception for a done context, with a stack trace and the context's cause (as
   * {@link Context#throwIfDone()} makes it), or null while the context is live.
   */
  static ContextException freshIfDone(Context ctx) {
    try {
      ctx.throwIfDone();
      return null;
    } catch (ContextException e) {
      return e;
    }
  }

  /** Whether {@code e} is one of the runtime's two shared errors (no stack trace, no cause of its own). */
  static boolean isShared(ContextException e) {
    return e == CANCELED || e == DEADLINE_EXCEEDED;
  }

  /** The status code that stands for a context error: DEADLINE_EXCEEDED for a deadline, CANCELLED otherwise. */
  static Status statusOf(ContextException e) {
    return e.isTimeout() ? Status.DEADLINE_EXCEEDED : Status.CANCELLED;
  }

  /** Whether a status code is one a context can cause. */
  static boolean isContextCode(Status.Code code) {
    return code == Status.Code.CANCELLED || code == Status.Code.DEADLINE_EXCEEDED;
  }

  /** The first ctx4j exception in a cause chain (suppressed exceptions of each link included), or null. */
  static ContextException find(Throwable failure) {
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
      if (t instanceof ContextException) {
        return (ContextException) t;
      }
      for (Throwable s : t.getSuppressed()) {
        if (s instanceof ContextException) {
          return (ContextException) s;
        }
      }
    }
    return null;
  }

  /** A fresh exception of {@code e}'s kind with the given message and cause. */
  static ContextException copy(ContextException e, String message, Throwable cause) {
    return e.isTimeout() ? new DeadlineExceededException(message, cause) : new CancelledException(message, cause);
  }
}
