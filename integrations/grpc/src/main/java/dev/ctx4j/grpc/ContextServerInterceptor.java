package dev.ctx4j.grpc;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.internal.Rebinding;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * The server interceptor: gives each incoming call a ctx4j context that follows the call's {@code io.grpc.Context}
 * (through {@link ServerCallLife}), starts the call with it bound, and hands the rest to
 * {@link ContextServerCall} and {@link ContextServerListener}.
 */
final class ContextServerInterceptor implements ServerInterceptor {
  static final ContextServerInterceptor INSTANCE = new ContextServerInterceptor();

  private ContextServerInterceptor() {}

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    ContextServerCall<ReqT, RespT> wrapped = new ContextServerCall<>(call);
    ServerCallLife life = ServerCallLife.follow(io.grpc.Context.current(), wrapped);
    CancellableContext ctx = life.context;
    ServerCall.Listener<ReqT> listener;
    try {
      Context previous = Rebinding.RUNTIME.swap(ctx);
      try {
        listener = next.startCall(wrapped, headers);
      } finally {
        Rebinding.RUNTIME.restore(previous);
      }
    } catch (ContextException e) { // handled unbound, as after ctx.call: closing may run the client's callbacks here
      if (!wrapped.closeWithContextStatus(e)) {
        life.end(e);
        throw e;
      }
      return new ServerCall.Listener<ReqT>() {}; // the call is closed; grpc ends its context, and with it ours
    } catch (Throwable e) { // also a checked exception thrown sneakily: rethrown as it is
      life.end(e);
      throw e;
    }
    return new ContextServerListener<>(listener, ctx, life, wrapped);
  }

  @Override
  public String toString() {
    return "Ctx4jGrpc.serverInterceptor()";
  }
}
