package dev.ctx4j.grpc;

import dev.ctx4j.Context;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import java.util.concurrent.TimeUnit;

/**
 * The client interceptor: picks the call's ctx4j context (the {@link Ctx4jGrpc#CONTEXT} call option, else
 * {@link Context#current()}), fails the call at once when that context is done, gives the call the earlier of its own
 * deadline and the context's, and hands the rest to {@link ContextClientCall}.
 */
final class ContextClientInterceptor implements ClientInterceptor {
  static final ContextClientInterceptor INSTANCE = new ContextClientInterceptor();

  private ContextClientInterceptor() {}

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    Context ctx = callOptions.getOption(Ctx4jGrpc.CONTEXT);
    if (ctx == null) {
      ctx = Context.current();
    }
    if (ctx == Context.background() || ctx == Context.todo()) {
      return next.newCall(method, callOptions); // never done, no deadline: nothing to carry
    }
    if (ctx.done().isDone()) {
      return new ContextClientCall<>(null, ctx, false); // fails in start(): nothing is created, nothing is sent
    }
    boolean contextDeadline = false;
    Deadline deadline = CallDeadlines.of(ctx);
    if (deadline != null) {
      Deadline own = callOptions.getDeadline();
      // timeRemaining() rather than compareTo(): it works whatever ticker each deadline was made with
      if (own == null || own.timeRemaining(TimeUnit.NANOSECONDS) > deadline.timeRemaining(TimeUnit.NANOSECONDS)) {
        callOptions = callOptions.withDeadline(deadline);
        contextDeadline = true;
      }
    }
    return new ContextClientCall<>(next.newCall(method, callOptions), ctx, contextDeadline);
  }

  @Override
  public String toString() {
    return "Ctx4jGrpc.clientInterceptor()";
  }
}
