package dev.ctx4j.grpc;

import io.grpc.Metadata;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The earlier hook on a call's end, for servers that add {@link Ctx4jGrpc#serverStreamTracerFactory()}: the transport
 * reports a stream it closed (the client reset it, went away, or its deadline passed) to its tracers on the
 * transport's own thread, before grpc-java hands the cancellation of the call's {@code io.grpc.Context} to the
 * application executor. The tracer ends the handler's context then, one thread hand-off earlier, and also when every
 * thread of that executor is busy. The gRPC context's listener ({@link ServerCallLife#cancelled}) stays the hook of
 * record: whichever of the two comes first ends the context, the other does nothing.
 *
 * <p>The tracer finds the call's {@link ServerCallLife} through the gRPC context: {@link #filterContext} puts the
 * tracer there before the interceptor runs, and the interceptor {@linkplain #attach attaches} the life. The transport
 * can close the stream while the interceptor attaches: each side writes its own volatile field and then reads the
 * other's, so at least one of them sees both (ending a context twice is harmless).
 */
final class ContextStreamTracer extends ServerStreamTracer {
  /** Where the interceptor finds the call's tracer, when the server has the factory. */
  static final io.grpc.Context.Key<ContextStreamTracer> KEY = io.grpc.Context.key("ctx4j.streamTracer");

  /** The factory {@link Ctx4jGrpc#serverStreamTracerFactory()} returns. */
  static final ServerStreamTracer.Factory FACTORY = new ServerStreamTracer.Factory() {
    @Override
    public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
      return new ContextStreamTracer();
    }

    @Override
    public String toString() {
      return "Ctx4jGrpc.serverStreamTracerFactory()";
    }
  };

  private volatile ServerCallLife life;
  /**
   * The non-OK status the stream closed with: the transport's, or the one the application closed the call with (the
   * life tells them apart); null until then.
   */
  private volatile Status closedWith;

  private ContextStreamTracer() {}

  @Override
  public io.grpc.Context filterContext(io.grpc.Context context) {
    return context.withValue(KEY, this);
  }

  /** The interceptor gave the call its life: from now on a stream closed by the transport ends its context. */
  void attach(ServerCallLife callLife) {
    life = callLife;
    Status status = closedWith;
    if (status != null) {
      callLife.transportClosed(status);
    }
  }

  /**
   * The stream closed. A non-OK status here either comes from the transport, or is the one the application closed the
   * call with; the life tells them apart (it knows whether the application closed the call).
   */
  @Override
  public void streamClosed(Status status) {
    if (status.isOk()) {
      return; // the call completed: the interceptor's onComplete ends the context
    }
    closedWith = status;
    ServerCallLife callLife = life;
    if (callLife != null) {
      callLife.transportClosed(status);
    }
  }

  /**
   * gRPC's cause for a stream the transport closed: the status's own cause, else the status as an exception, without
   * the stack trace of a transport thread (which would say nothing and cost microseconds on the cancel's path).
   */
  static Throwable causeOf(Status status) {
    Throwable cause = status.getCause();
    return cause != null ? cause : new TransportClosed(status);
  }

  /** A {@link StatusRuntimeException} without a stack trace. */
  private static final class TransportClosed extends StatusRuntimeException {
    private static final long serialVersionUID = 1L;

    TransportClosed(Status status) {
      super(status);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
