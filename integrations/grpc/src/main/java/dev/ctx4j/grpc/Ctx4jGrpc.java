package dev.ctx4j.grpc;

import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptor;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;

/**
 * Entry point of ctx4j's gRPC integration: interceptors that carry a ctx4j {@link Context}'s deadline and
 * cancellation across a gRPC call, and a helper that tells a failure caused by the context from any other.
 */
public final class Ctx4jGrpc {
  /**
   * The call option that names the context a call runs under; when absent, the client interceptor uses
   * {@link Context#current()}.
   */
  public static final CallOptions.Key<Context> CONTEXT = CallOptions.Key.create("ctx4j.context");

  private Ctx4jGrpc() {}

  /**
   * Returns the client interceptor.
   *
   * @return the client interceptor (stateless, shareable)
   */
  public static ClientInterceptor clientInterceptor() {
    return ContextClientInterceptor.INSTANCE;
  }

  /**
   * Returns the server interceptor.
   *
   * @return the server interceptor (stateless, shareable)
   */
  public static ServerInterceptor serverInterceptor() {
    return ContextServerInterceptor.INSTANCE;
  }

  /**
   * Returns the ctx4j exception behind a failed call, when the call failed because its ctx4j context ended.
   *
   * @param failure what the call threw or reported
   * @return the context's exception, or empty when the failure has another cause
   */
  public static Optional<ContextException> contextException(Throwable failure) {
    if (failure == null) {
      throw new NullPointerException("failure must not be null");
    }
    if (failure instanceof ContextException) {
      return Optional.of((ContextException) failure);
    }
    Status status = Status.fromThrowable(failure);
    if (!ContextErrors.isContextCode(status.getCode())) {
      return Optional.empty();
    }
    ContextException own = ContextErrors.find(failure);
    if (own == null) {
      return Optional.empty();
    }
    return Optional.of(ContextErrors.copy(own, own.getMessage() + " (gRPC status " + status.getCode() + ")", failure));
  }
}
