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
 * (its own timer, or a DEADLINE_EXCEEDED cause), or when it comes within {@link #slackNanos} of the deadline. The
 * server cannot tell a reset that comes earlier from a client that gave up: when the client held the call before
 * sending it (no connection yet, no stream slot), the server's deadline starts later than the client's by that wait,
 * and a reset caused by the client's deadline can then reach the handler as a cancel.
 *
 * <p>On a server with {@link Ctx4jGrpc#serverStreamTracerFactory()}, the call's {@link ContextStreamTracer} ends the
 * context the same way as soon as the transport closes the stream, which is earlier (see {@link #transportClosed}).
 */
final class ServerCallLife implements io.grpc.Context.CancellationListener {
  /** The least and the most slack given to a reset that comes just before the deadline. */
  private static final long MIN_SLACK_NANOS = Duration.ofMillis(20).toNanos();
  private static final long MAX_SLACK_NANOS = Duration.ofSeconds(1).toNanos();

  private final io.grpc.Context grpcContext;
  /** The call as the application sees it: whether the application closed it. */
  private final ContextServerCall<?, ?> call;
  private final Deadline grpcDeadline;
  /** A tenth of the budget the call arrived with, within [20 ms, 1 s], and at most a quarter of that budget. */
  private final long slackNanos;
  /** The handler's context. */
  final CancellableContext context;

  private ServerCallLife(io.grpc.Context grpcContext, ContextServerCall<?, ?> call) {
    this.grpcContext = grpcContext;
    this.call = call;
    this.grpcDeadline = grpcContext.getDeadline();
    if (grpcDeadline == null) {
      context = Context.background().withCancel();
      slackNanos = 0;
    } else {
      long left = grpcDeadline.timeRemaining(TimeUnit.NANOSECONDS);
      // grpc-java's own timer cancels the gRPC context at the deadline, and cancelled() expires ours then: no second
      // timer entry for the same deadline
      context = Expiry.RUNTIME.withExternalDeadline(Context.background(), left, TimeUnit.NANOSECONDS);
      // never more than a quarter of the budget: a cancel in the first three quarters of a call is a cancel
      slackNanos = Math.min(left / 4, Math.min(MAX_SLACK_NANOS, Math.max(MIN_SLACK_NANOS, left / 10)));
    }
  }

  /**
   * Gives {@code call}, whose {@code io.grpc.Context} is {@code grpcContext}, its context, which ends at once if the
   * call is already cancelled; and attaches it to the call's {@link ContextStreamTracer}, when the server has one.
   */
  static ServerCallLife follow(io.grpc.Context grpcContext, ContextServerCall<?, ?> call) {
    ServerCallLife life = new ServerCallLife(grpcContext, call);
    grpcContext.addListener(life, Runnable::run); // on the cancelling thread: ending a context is short
    ContextStreamTracer tracer = ContextStreamTracer.KEY.get(grpcContext);
    if (tracer != null) {
      tracer.attach(life);
    }
    return life;
  }

  /** The gRPC context was cancelled: ends the handler's context with its cause, as a deadline when it was one. */
  @Override
  public void cancelled(io.grpc.Context grpc) {
    endWith(grpc.cancellationCause());
  }

  /**
   * The transport closed the call's stream with {@code status} (reported by the {@link ContextStreamTracer}, on the
   * transport's thread): ends the handler's context as the gRPC context's cancellation will, a thread hand-off
   * earlier. A non-OK status of a call the application closed is that close's own status: the call completes, and
   * {@link #end} ends the context then.
   */
  void transportClosed(Status status) {
    if (!call.isClosed()) {
      endWith(ContextStreamTracer.causeOf(status));
    }
  }

  private void endWith(Throwable cause) {
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
