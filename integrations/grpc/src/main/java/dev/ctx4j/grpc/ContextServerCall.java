package dev.ctx4j.grpc;

import dev.ctx4j.ContextException;
import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * A server call that reports a ctx4j {@link ContextException} as the status it stands for: DEADLINE_EXCEEDED for a
 * deadline, CANCELLED for a cancellation, as Go's gRPC does for a handler that returns its context's error, instead of
 * the UNKNOWN that a handler's exception otherwise becomes. It also remembers whether the call was closed, so that an
 * exception escaping a listener callback can close it.
 */
final class ContextServerCall<ReqT, RespT> extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {
  private volatile boolean closed;

  ContextServerCall(ServerCall<ReqT, RespT> delegate) {
    super(delegate);
  }

  @Override
  public void close(Status status, Metadata trailers) {
    closed = true;
    if (status.getCode() == Status.Code.UNKNOWN) {
      ContextException e = ContextErrors.find(status.getCause());
      if (e != null) {
        status = statusFor(e);
      }
    }
    super.close(status, trailers);
  }

  /** Whether the application (or this class, for it) has closed the call. */
  boolean isClosed() {
    return closed;
  }

  /**
   * Closes the call with the status {@code e} stands for, unless it is closed already.
   *
   * @return whether this closed the call
   */
  boolean closeWithContextStatus(ContextException e) {
    if (closed) {
      return false;
    }
    close(statusFor(e), new Metadata());
    return true;
  }

  private static Status statusFor(ContextException e) {
    return ContextErrors.statusOf(e).withDescription("ctx4j: " + e.getMessage()).withCause(e);
  }
}
