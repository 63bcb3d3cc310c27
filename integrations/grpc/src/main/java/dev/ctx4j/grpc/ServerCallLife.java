package dev.ctx4j.grpc;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.internal.Expiry;
import io.grpc.Deadline;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The life of one incoming call: the ctx4j context its handler sees, with the call's deadline, and the gRPC
 * listener that ends it when the call's {@code io.grpc.Context} is cancelled (the client cancelled or went away, the
 * deadline passed, or the call ended: grpc-java's server cancels a call's context in every case).
 *
 * <p>A client whose deadline passed resets the stream with the same code as one that gives up, and that reset usually
 * arrives before the server's own timer fires (the server's deadline was measured from the moment the call arrived,
 * a little after the client's). So a cancellation ends the context as its deadline would when gRPC says it was one
 * (its own timer, or a DEADLINE_EXCEEDED cause), or when it comes within {@link #slackNanos} of the deadline.
 */
final class ServerCallLife implements io.grpc.Context.CancellationListener {
  /** The least and the most slack given to a reset that comes just before the deadline. */
  private static final long MIN_SLACK_NANOS = Duration.ofMillis(20).toNanos();
  private static final long MAX_SLACK_NANOS = Duration.ofSeconds(1).toNanos();

  private final io.grpc.Context grpcContext;
  private final Deadline grpcDeadline;
  /** A tenth of the budget the call arrived with, within [20 ms, 1 s]. */
  private final long slackNanos;
  /** The handler's context. */
  final CancellableContext context;

  private ServerCallLife(io.grpc.Context grpcContext) {
    this.grpcContext = grpcContext;
    this.grpcDeadline = grpcContext.getDeadline();
    if (grpcDeadline == null) {
      context = Context.background().withCancel();
      slackNanos = 0;
    } else {
      long left = grpcDeadline.timeRemaining(TimeUnit.NANOSECONDS);
      // grpc-java's own timer cancels the gRPC context at the deadline, and cancelled() expires ours then: no second
      // timer entry for the same deadline
      context = Expiry.RUNTIME.withExternalDeadline(Context.background(), left, TimeUnit.NANOSECONDS);
      slackNanos = Math.min(MAX_SLACK_NANOS, Math.max(MIN_SLACK_NANOS, left / 10));
    }
  }

  /** Gives the call of {@code grpcContext} its context, which ends at once if the call is already cancelled. */
  static ServerCallLife follow(io.grpc.Context grpcContext) {
    ServerCallLife life = new ServerCallLife(grpcContext);
    grpcContext.addListener(life, Runnable::run); // on the cancelling thread: ending a context is short
    return life;
  }

  /** The gRPC context was cancelled: ends the handler's context with its cause, as a deadline when it was one. */
  @Override
  public void cancelled(io.grpc.Context grpc) {
    Throwable cause = grpc.cancellationCause();
    if (isDeadline(cause)) {
      Expiry.RUNTIME.expire(context, cause);
    } else {
      context.cancel(cause);
    }
  }

  private boolean isDeadline(Throwable cause) {
    if (cause == null || grpcDeadline == null) {
      return false; // a call that ended normally; or no deadline to pass
    }
    if (cause instanceof TimeoutException || Status.fromThrowable(cause).getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return true;
    }
    return grpcDeadline.timeRemaining(TimeUnit.NANOSECONDS) <= slackNanos;
  }

  /**
   * Ends the call's context ({@code defer cancel()}: the call is over, or could not start) and stops following the
   * gRPC context.
   *
   * @param cause why, or null when the call completed
   */
  void end(Throwable cause) {
    context.cancel(cause);
    grpcContext.removeListener(this);
  }
}
