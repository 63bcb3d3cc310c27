package dev.ctx4j.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Start, close and cancel racing each other, many times over, on several threads: every call ends, with the right
 * status, and nothing stays registered on a live context.
 */
class RacesTest extends Leaks {
  private static final int THREADS = 4;

  /** Closes every call as soon as it starts: with direct executors the close arrives inside the client's start(). */
  private static final ServerInterceptor CLOSE_AT_ONCE = new ServerInterceptor() {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
        ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      call.close(Status.UNAVAILABLE.withDescription("closed at once"), new Metadata());
      return new ServerCall.Listener<ReqT>() {};
    }
  };

  @Test
  void aCallClosingWhileItStartsLeavesNothingOnItsContext() throws Exception {
    try (Loopback server = Loopback.startDirect((req, resp) -> fail("not reached"), CLOSE_AT_ONCE)) {
      Channel channel = server.channel();
      CancellableContext ctx = Context.background().withCancel();
      runOnThreads(500, i -> {
        StatusRuntimeException e = assertThrowsStatus(
            () -> Loopback.call(channel, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx), "x"));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
      });
      assertNoRegistrations(ctx);
      ctx.cancel();
    }
  }

  @Test
  void callsCompletingWhileOthersStartLeaveNothingOnTheirSharedContext() throws Exception {
    for (Loopback.Transport transport : Loopback.Transport.values()) {
      try (Loopback server = Loopback.start(transport, (req, resp) -> {
        resp.onNext(req);
        resp.onCompleted();
      })) {
        Channel channel = server.channel();
        CancellableContext ctx = Context.background().withCancel();
        runOnThreads(transport == Loopback.Transport.NETTY ? 200 : 500,
            i -> assertEquals("x", Loopback.call(channel, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx), "x")));
        assertNoRegistrations(ctx);
        ctx.cancel();
      }
    }
  }

  @Test
  void cancelRacingStartAndCloseAlwaysEndsTheCall() throws Exception {
    for (Loopback.Transport transport : Loopback.Transport.values()) {
      try (Loopback server = Loopback.start(transport, (req, resp) -> {
        resp.onNext(req);
        resp.onCompleted();
      })) {
        Channel channel = server.channel();
        CancellableContext parent = Context.background().withCancel();
        ExecutorService canceller = Executors.newSingleThreadExecutor();
        try {
          runOnThreads(transport == Loopback.Transport.NETTY ? 200 : 500, i -> {
            CancellableContext ctx = parent.withCancel();
            Future<?> cancel = cancelAsTheCallStarts(canceller, ctx);
            Future<String> reply = ClientCalls.futureUnaryCall(
                channel.newCall(Loopback.METHOD, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx)), "x");
            try {
              assertEquals("x", reply.get(30, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
              StatusRuntimeException sre = assertInstanceOf(StatusRuntimeException.class, e.getCause());
              assertEquals(Status.Code.CANCELLED, sre.getStatus().getCode(), sre::toString);
              assertInstanceOf(CancelledException.class, Ctx4jGrpc.contextException(sre).orElseThrow());
            }
            cancel.get(30, TimeUnit.SECONDS);
          });
        } finally {
          canceller.shutdownNow();
          assertTrue(canceller.awaitTermination(30, TimeUnit.SECONDS));
        }
        awaitNoRegistrations(parent);
        parent.cancel();
      }
    }
  }

  /**
   * With {@link Ctx4jGrpc#serverStreamTracerFactory()}, a client's cancel can reach the tracer before, while or after
   * the interceptor attaches the call's context: every handler that ran sees its context end. The server's executor
   * has one thread, which a blocked handler holds, so only the tracer can end a handler's context (grpc-java's own
   * cancellation of the call's {@code io.grpc.Context} waits for that thread), and calls queue behind each other: many
   * are cancelled before the interceptor runs.
   */
  @Test
  void withTheTracerEveryHandlerOfACancelledCallSeesItsContextEnd() throws Exception {
    for (Loopback.Transport transport : Loopback.Transport.values()) {
      AtomicInteger started = new AtomicInteger();
      AtomicInteger ended = new AtomicInteger();
      ExecutorService canceller = Executors.newSingleThreadExecutor();
      try (Loopback server = Loopback.start(transport,
          Loopback.Setup.DEFAULT.withTracer().withExecutorThreads(1), (req, resp) -> {
        started.incrementAndGet();
        if (Context.current().done().await(30, TimeUnit.SECONDS)) {
          ended.incrementAndGet();
        }
      })) {
        Channel channel = server.channel();
        try {
          runOnThreads(transport == Loopback.Transport.NETTY ? 200 : 500, i -> {
            CancellableContext ctx = Context.background().withCancel();
            Future<?> cancel = cancelAsTheCallStarts(canceller, ctx);
            Future<String> reply = ClientCalls.futureUnaryCall(
                channel.newCall(Loopback.METHOD, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx)), "x");
            ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(30, TimeUnit.SECONDS));
            assertEquals(Status.Code.CANCELLED, Status.fromThrowable(e.getCause()).getCode());
            cancel.get(30, TimeUnit.SECONDS);
          });
        } finally {
          canceller.shutdownNow();
          assertTrue(canceller.awaitTermination(30, TimeUnit.SECONDS));
        }
      } // close() waits for every handler to return
      assertEquals(started.get(), ended.get(), transport + ": handlers whose context never ended");
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** One iteration of a race; may throw anything. */
  @FunctionalInterface
  private interface Round {
    void run(int i) throws Exception;
  }

  /**
   * Has {@code canceller} cancel {@code ctx} at the moment this thread goes on (both leave a barrier together): the
   * caller starts its call next, so the cancel lands anywhere in the call's start.
   */
  private static Future<?> cancelAsTheCallStarts(ExecutorService canceller, CancellableContext ctx) throws Exception {
    CyclicBarrier go = new CyclicBarrier(2);
    Future<?> cancel = canceller.submit(() -> {
      go.await(30, TimeUnit.SECONDS);
      return ctx.cancel();
    });
    go.await(30, TimeUnit.SECONDS);
    return cancel;
  }

  private static StatusRuntimeException assertThrowsStatus(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      return e;
    }
    throw new AssertionError("the call succeeded");
  }

  /** Runs {@code rounds} iterations spread over {@link #THREADS} threads; rethrows the first failure. */
  private static void runOnThreads(int rounds, Round round) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int first = t;
        all.add(pool.submit(() -> {
          for (int i = first; i < rounds; i += THREADS) {
            round.run(i);
          }
          return null;
        }));
      }
      for (Future<?> f : all) {
        try {
          f.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Exception) {
            throw (Exception) e.getCause();
          }
          throw new AssertionError(e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
  }
}
