package dev.ctx4j.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.DeadlineExceededException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Ctx4jGrpc#serverStreamTracerFactory()}: the handler's context ends as the transport closes the stream, on the
 * transport's thread, without waiting for a thread of the server's executor.
 */
class StreamTracerTest extends Leaks {
  /** The server as the tracer is meant for, with an executor of one thread: the blocked handler's. */
  private static final Loopback.Setup ONE_THREAD_TRACED = Loopback.Setup.DEFAULT.withTracer().withExecutorThreads(1);

  /**
   * grpc-java cancels the call's {@code io.grpc.Context} on the server's executor, whose only thread the handler
   * holds: without the tracer the handler would wait for ever (its own 30 s here).
   */
  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aClientCancelReachesTheHandlerWhileEveryExecutorThreadIsBusy(Loopback.Transport transport) throws Exception {
    CountDownLatch handlerBlocked = new CountDownLatch(1);
    CountDownLatch handlerDone = new CountDownLatch(1);
    AtomicReference<Context> handlerCtx = new AtomicReference<>();
    try (Loopback server = Loopback.start(transport, ONE_THREAD_TRACED, (req, resp) -> {
      handlerCtx.set(Context.current());
      handlerBlocked.countDown();
      if (Context.current().done().await(30, TimeUnit.SECONDS)) {
        handlerDone.countDown();
      }
    })) {
      Channel channel = server.channel();
      CancellableContext ctx = Context.background().withCancel();
      Future<String> reply = ClientCalls.futureUnaryCall(
          channel.newCall(Loopback.METHOD, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx)), "x");
      assertTrue(handlerBlocked.await(30, TimeUnit.SECONDS));
      ctx.cancel();

      assertTrue(handlerDone.await(20, TimeUnit.SECONDS), "the handler's context did not end");
      assertInstanceOf(CancelledException.class, handlerCtx.get().err());
      StatusRuntimeException cause = assertInstanceOf(StatusRuntimeException.class, handlerCtx.get().cause());
      assertEquals(Status.Code.CANCELLED, cause.getStatus().getCode());
      ExecutionException e = failureOf(reply);
      assertEquals(Status.Code.CANCELLED, Status.fromThrowable(e.getCause()).getCode());
    }
  }

  /**
   * The transport closes the stream before ctx4j's interceptor has run: an interceptor in front of it cancels the
   * client's context and holds the call until a tracer told after ctx4j's has seen the stream closed. ctx4j's tracer
   * learnt of it before the interceptor attached the handler's context, and attaching ends the context. An interceptor
   * behind ctx4j's then holds the executor's only thread until that context ends, so that grpc-java's own
   * cancellation of the call, queued for that thread, cannot end it first.
   */
  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aStreamClosedBeforeTheInterceptorRunsStillEndsTheHandlersContext(Loopback.Transport transport)
      throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    CountDownLatch streamClosed = new CountDownLatch(1);
    ServerStreamTracer.Factory seesTheClose = new ServerStreamTracer.Factory() {
      @Override
      public ServerStreamTracer newServerStreamTracer(String fullMethodName, Metadata headers) {
        return new ServerStreamTracer() {
          @Override
          public void streamClosed(Status status) {
            streamClosed.countDown();
          }
        };
      }
    };
    ServerInterceptor cancelFirst = new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        ctx.cancel();
        awaitOrFail(streamClosed, "the stream was not closed");
        return next.startCall(call, headers);
      }
    };
    AtomicReference<Context> callCtx = new AtomicReference<>();
    CountDownLatch callCtxDone = new CountDownLatch(1);
    ServerInterceptor holdTheThread = new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        callCtx.set(Context.current());
        try {
          if (Context.current().done().await(30, TimeUnit.SECONDS)) {
            callCtxDone.countDown();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return next.startCall(call, headers);
      }
    };
    Loopback.Setup setup = ONE_THREAD_TRACED.withOuter(cancelFirst).withLaterTracer(seesTheClose);
    try (Loopback server = Loopback.start(transport, setup, (req, resp) -> { }, holdTheThread)) {
      Future<String> reply = ClientCalls.futureUnaryCall(
          server.channel().newCall(Loopback.METHOD, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx)), "x");
      ExecutionException e = failureOf(reply);
      assertEquals(Status.Code.CANCELLED, Status.fromThrowable(e.getCause()).getCode());
      assertTrue(callCtxDone.await(20, TimeUnit.SECONDS), "the call's context did not end");
      assertInstanceOf(CancelledException.class, callCtx.get().err());
      assertInstanceOf(StatusRuntimeException.class, callCtx.get().cause());
    }
  }

  private static void awaitOrFail(CountDownLatch latch, String failure) {
    try {
      assertTrue(latch.await(20, TimeUnit.SECONDS), failure);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(failure, e);
    }
  }

  /**
   * A client whose deadline passes resets the stream as one that gives up; the handler still sees a deadline. One
   * second, so that the reset's slack (a tenth of the budget) is far above how much later than the client's the
   * server's deadline starts on a loaded machine.
   */
  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aClientsDeadlineEndsTheHandlersContextAsADeadline(Loopback.Transport transport) throws Exception {
    CountDownLatch handlerDone = new CountDownLatch(1);
    AtomicReference<Context> handlerCtx = new AtomicReference<>();
    try (Loopback server = Loopback.start(transport, ONE_THREAD_TRACED, (req, resp) -> {
      handlerCtx.set(Context.current());
      if (Context.current().done().await(30, TimeUnit.SECONDS)) {
        handlerDone.countDown();
      }
    })) {
      Channel channel = server.channel();
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> Loopback.call(channel, CallOptions.DEFAULT.withDeadline(Deadline.after(1, TimeUnit.SECONDS)),
              "x"));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
      assertTrue(handlerDone.await(20, TimeUnit.SECONDS), "the handler's context did not end");
      assertInstanceOf(DeadlineExceededException.class, handlerCtx.get().err());
    }
  }

  /**
   * A handler that closes the call with an error sees the transport report that status to the tracer; its context is
   * not ended by it (no transport cause) but by the call's completion, as without the tracer.
   */
  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aCallTheHandlerClosedWithAnErrorEndsAsACompletedCall(Loopback.Transport transport) throws Exception {
    AtomicReference<Context> handlerCtx = new AtomicReference<>();
    try (Loopback server = Loopback.start(transport, Loopback.Setup.DEFAULT.withTracer(), (req, resp) -> {
      handlerCtx.set(Context.current());
      resp.onError(Status.INTERNAL.withDescription("no such order").asRuntimeException());
    })) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> Loopback.call(server.channel(), CallOptions.DEFAULT, "x"));
      assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
      assertTrue(handlerCtx.get().done().await(20, TimeUnit.SECONDS), "the handler's context did not end");
      assertInstanceOf(CancelledException.class, handlerCtx.get().err());
      assertFalse(handlerCtx.get().cause() instanceof StatusRuntimeException,
          () -> "ended by the tracer: " + handlerCtx.get().cause());
    }
  }

  private static ExecutionException failureOf(Future<String> reply) {
    return assertThrows(ExecutionException.class, () -> reply.get(30, TimeUnit.SECONDS));
  }
}
