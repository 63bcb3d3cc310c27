package dev.ctx4j.grpc;

import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.DeadlineExceededException;
import io.grpc.CallOptions;
import io.grpc.ClientInterceptor;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Optional;

/**
 * Entry point of ctx4j's gRPC integration: interceptors that carry a ctx4j {@link Context}'s deadline and
 * cancellation across a gRPC call, and a helper that tells a failure caused by the context from any other.
 *
 * <pre>{@code
 * Channel channel = ClientInterceptors.intercept(managedChannel, Ctx4jGrpc.clientInterceptor());
 * Server server = ServerBuilder.forPort(port)
 *     .addService(ServerInterceptors.intercept(service, Ctx4jGrpc.serverInterceptor()))
 *     .build();
 *
 * // in a handler, Context.current() is the call's context, with what the client had left of its budget
 * try (CancellableContext ctx = Context.current().withTimeout(Duration.ofSeconds(1))) {
 *   return inventory.withOption(Ctx4jGrpc.CONTEXT, ctx).find(request); // the next hop gets min(1 s, that budget)
 * }
 * }</pre>
 *
 * <p><b>Client.</b> A call runs under the context in its {@link #CONTEXT} call option, else under
 * {@link Context#current()} when the call is made. If that context is already done the call closes at once, inside
 * {@code start()}, with {@code DEADLINE_EXCEEDED} or {@code CANCELLED} and the context's exception as the status
 * cause; nothing is sent. Otherwise the call's deadline is the earlier of its own and the context's (gRPC sends it as
 * {@code grpc-timeout}), and when the context ends first the call is cancelled with the context's exception as the
 * status cause ({@code DEADLINE_EXCEEDED} when the context's deadline passed); it fails with that status even when
 * the server's failure, its answer to the cancel, reaches the client first (the server's status is then a suppressed
 * exception of the context's). The context's callback is removed when the call closes. A call made under
 * {@link Context#background()} passes through untouched.
 *
 * <p><b>Server.</b> Each call gets a context derived from the call's {@code io.grpc.Context}: the same deadline,
 * and it ends when the gRPC context is cancelled, with gRPC's cancellation as its {@link Context#cause()}: at once,
 * even while the handler is blocked, when the client cancels or disconnects (once a thread of the server's executor
 * is free to run grpc-java's cancellation, or at once on the transport's thread with
 * {@link #serverStreamTracerFactory()}); with
 * {@link DeadlineExceededException} when the deadline passes, whichever of gRPC's own timer and the client's reset
 * arrives first (a reset within the last tenth of the call's budget, at least 20 ms and at most 1 s, counts as the
 * deadline: a client whose deadline passed resets the stream exactly as one that gives up). It is bound as
 * {@link Context#current()} while the call starts and around every listener callback, and it is cancelled when the
 * call completes, so whatever a handler derived from it and forgot to cancel is released. A {@link ContextException}
 * that a handler throws or reports becomes {@code DEADLINE_EXCEEDED} or {@code CANCELLED} rather than
 * {@code UNKNOWN}, as Go's gRPC does for a handler that returns its context's error.
 *
 * <p><b>Notes and cautions</b>
 *
 * <ul>
 *   <li>Neither interceptor touches {@code io.grpc.Context} or claims {@code io.grpc.override.ContextStorageOverride}:
 *       code that uses gRPC's context directly keeps working, and gRPC keeps propagating its own.
 *   <li>The budget crosses the wire as a relative {@code grpc-timeout}, so no clock synchronisation is assumed. It is
 *       a client's claim: a server facing untrusted clients should bound a handler's work with its own
 *       {@code withTimeout}, which nests under the client's budget and never extends it.
 *   <li>A malformed {@code grpc-timeout} is rejected by grpc-java before any interceptor runs (status
 *       {@code INTERNAL} over HTTP/2); a huge one is capped by grpc-java at about a hundred years.
 * </ul>
 */
public final class Ctx4jGrpc {
  /**
   * The call option that names the context a call runs under; when absent, the client interceptor uses
   * {@link Context#current()}.
   *
   * <pre>{@code
   * stub.withOption(Ctx4jGrpc.CONTEXT, ctx).find(request);
   * }</pre>
   */
  public static final CallOptions.Key<Context> CONTEXT = CallOptions.Key.create("ctx4j.context");

  private Ctx4jGrpc() {}

  /**
   * Returns the client interceptor: it fails a call at once when its context is done, gives the call the earlier
   * of the two deadlines, and cancels the call when the context ends first (see the class documentation).
   *
   * @return the client interceptor (stateless, shareable, thread-safe)
   */
  public static ClientInterceptor clientInterceptor() {
    return ContextClientInterceptor.INSTANCE;
  }

  /**
   * Returns the server interceptor: it gives each call a ctx4j context with the client's deadline, ended when the
   * client goes away or the call ends, and bound as {@link Context#current()} in the handler (see the class
   * documentation). Put it before (outside) interceptors and handlers that should see that context.
   *
   * @return the server interceptor (stateless, shareable, thread-safe)
   */
  public static ServerInterceptor serverInterceptor() {
    return ContextServerInterceptor.INSTANCE;
  }

  /**
   * Returns a stream tracer factory that ends a handler's context the moment the transport closes the call's stream,
   * for servers that want a client's cancel to reach their handlers as early as possible. Optional: add it to the
   * server builder beside {@link #serverInterceptor()}, which it only speeds up.
   *
   * <pre>{@code
   * Server server = ServerBuilder.forPort(port)
   *     .addService(ServerInterceptors.intercept(service, Ctx4jGrpc.serverInterceptor()))
   *     .addStreamTracerFactory(Ctx4jGrpc.serverStreamTracerFactory())
   *     .build();
   * }</pre>
   *
   * <p>Without it, the interceptor ends a handler's context when grpc-java cancels the call's
   * {@code io.grpc.Context}, which grpc-java does on the server's application executor: one thread hand-off after the
   * client's reset arrived, and only once a thread of that executor is free. With it, the context ends on the
   * transport's thread as the reset arrives (or as the transport closes the stream for another reason: the client
   * went away, the deadline passed), with the same exception and a {@link io.grpc.StatusRuntimeException} of the
   * transport's status as its {@link Context#cause()}. A call the application closed itself is not affected. Each call
   * costs one more {@code io.grpc.Context} value and one small object; without the interceptor the factory does
   * nothing.
   *
   * @return the factory (stateless, shareable, thread-safe)
   */
  public static io.grpc.ServerStreamTracer.Factory serverStreamTracerFactory() {
    return ContextStreamTracer.FACTORY;
  }

  /**
   * Returns the ctx4j exception behind a failed call, when the call failed because its ctx4j context ended: the
   * failure's gRPC status (found along its cause chain, as {@link Status#fromThrowable} finds it) is
   * {@code DEADLINE_EXCEEDED} or {@code CANCELLED}, and a ctx4j {@link ContextException} appears in the cause chain
   * (the client interceptor puts it there). The result is a fresh {@link DeadlineExceededException} or
   * {@link CancelledException}, of the context's kind, whose {@linkplain Throwable#getCause() cause} is
   * {@code failure} itself, so the gRPC status stays at hand. A {@code failure} that is already a
   * {@link ContextException} is returned as it is.
   *
   * <pre>{@code
   * try {
   *   stub.find(request);
   * } catch (StatusRuntimeException e) {
   *   throw Ctx4jGrpc.contextException(e).map(RuntimeException.class::cast).orElse(e);
   * }
   * }</pre>
   *
   * @param failure what the call threw or reported
   * @return the context's exception, or empty when the failure has another cause
   * @throws NullPointerException if {@code failure} is null
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
