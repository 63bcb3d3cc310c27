package dev.ctx4j.bench;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The one unary gRPC method W11 and W12 call, {@code bench.Echo/Echo}: an {@code int} in, an {@code int} out, with a
 * hand-written four-byte marshaller (no protobuf), so that what is measured is the call and the interceptors, not the
 * encoding.
 */
public final class EchoService {
  /** The service's name. */
  public static final String SERVICE = "bench.Echo";

  /** {@code Echo}: a unary call carrying one {@code int} each way. */
  public static final MethodDescriptor<Integer, Integer> ECHO =
      MethodDescriptor.<Integer, Integer>newBuilder()
          .setType(MethodDescriptor.MethodType.UNARY)
          .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, "Echo"))
          .setRequestMarshaller(IntMarshaller.INSTANCE)
          .setResponseMarshaller(IntMarshaller.INSTANCE)
          .build();

  private EchoService() {}

  /**
   * The service whose handler answers {@code n + 1} at once.
   *
   * @return the service definition
   */
  public static ServerServiceDefinition incrementing() {
    return ServerServiceDefinition.builder(SERVICE)
        .addMethod(ECHO, ServerCalls.asyncUnaryCall((n, reply) -> {
          reply.onNext(n + 1);
          reply.onCompleted();
        }))
        .build();
  }

  /**
   * A service with the given handler.
   *
   * @param handler the unary handler
   * @return the service definition
   */
  public static ServerServiceDefinition of(ServerCalls.UnaryMethod<Integer, Integer> handler) {
    return ServerServiceDefinition.builder(SERVICE).addMethod(ECHO, ServerCalls.asyncUnaryCall(handler)).build();
  }

  /** Four bytes, big-endian. */
  private enum IntMarshaller implements MethodDescriptor.Marshaller<Integer> {
    INSTANCE;

    @Override
    public InputStream stream(Integer value) {
      return new ByteArrayInputStream(ByteBuffer.allocate(Integer.BYTES).putInt(value).array());
    }

    @Override
    public Integer parse(InputStream stream) {
      try (stream) {
        return ByteBuffer.wrap(stream.readNBytes(Integer.BYTES)).getInt();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
