package dev.ctx4j.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.concurrent.atomic.AtomicInteger;

/** A server interceptor that counts the calls that reach it. */
final class Counting {
  private Counting() {}

  static ServerInterceptor server(AtomicInteger count) {
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        count.incrementAndGet();
        return next.startCall(call, headers);
      }
    };
  }
}
