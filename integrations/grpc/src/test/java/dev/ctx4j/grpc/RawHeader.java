package dev.ctx4j.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/** A client interceptor that sends one header exactly as given, whatever grpc-java would make of it. */
final class RawHeader implements ClientInterceptor {
  private final Metadata.Key<String> key;
  private final String value;

  RawHeader(String name, String value) {
    this.key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    this.value = value;
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions callOptions, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, callOptions)) {
      @Override
      public void start(Listener<RespT> listener, Metadata headers) {
        headers.put(key, value);
        super.start(listener, headers);
      }
    };
  }
}
