package dev.ctx4j.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.DeadlineExceededException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input and faults: raw {@code grpc-timeout} values, a client that goes away mid-call. Each ends with a clear
 * status and leaves no timer, registration or context behind.
 */
class FaultsTest extends Leaks {

  /** Records the ctx4j context current when the call starts (it sits inside the ctx4j interceptor). */
  private static ServerInterceptor recordContext(AtomicReference<Context> into) {
    return new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        into.set(Context.current());
        return next.startCall(call, headers);
      }
    };
  }

  /**
   * Malformed values sent raw over HTTP/2 (grpc-java's own client never sends them): grpc-java's server rejects the
   * stream before any interceptor runs, and the server goes on serving. (Over the in-process transport the same
   * Metadata makes grpc-java throw from the client's {@code start()} instead, which is grpc's business and not
   * tested here.)
   */
  @ParameterizedTest
  @ValueSource(strings = {"abc", "1x", "1234567890S", "m", "9223372036854775807n"})
  void aMalformedGrpcTimeoutIsRejectedBeforeTheHandlerAndLeavesNothingBehind(String raw) throws Exception {
    try (Loopback server = Loopback.start(Loopback.Transport.NETTY, (req, resp) -> {
      resp.onNext(req);
      resp.onCompleted();
    })) {
      Channel bad = server.channel(new RawHeader("grpc-timeout", raw));
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> Loopback.call(bad, CallOptions.DEFAULT, "x"));
      assertEquals(Status.Code.INTERNAL, e.getStatus().getCode(), e::toString);
      assertEquals(0, server.arrived.get(), "the call reached the interceptors");
      assertEquals("ok", Loopback.call(server.channel(), CallOptions.DEFAULT, "ok"), "the server stopped serving");
    }
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aNegativeGrpcTimeoutEndsTheCallAsExpired(Loopback.Transport transport) throws Exception {
    AtomicReference<Context> serverCtx = new AtomicReference<>();
    try (Loopback server = Loopback.start(transport, (req, resp) -> {
      resp.onNext(req);
      resp.onCompleted();
    }, recordContext(serverCtx))) {
      Channel bad = server.channel(new RawHeader("grpc-timeout", "-5m"));
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
          () -> Loopback.call(bad, CallOptions.DEFAULT, "x"));
      assertTrue(Set.of(Status.Code.CANCELLED, Status.Code.DEADLINE_EXCEEDED).contains(e.getStatus().getCode()),
          e::toString);
      assertNotNull(serverCtx.get(), "the call did not reach the interceptors");
      assertTrue(serverCtx.get().done().await(30, TimeUnit.SECONDS));
      assertInstanceOf(DeadlineExceededException.class, serverCtx.get().err());
      assertNoRegistrations(serverCtx.get());
    }
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aHugeGrpcTimeoutIsAFarDeadlineAndArmsNothing(Loopback.Transport transport) throws Exception {
    AtomicReference<Duration> left = new AtomicReference<>();
    AtomicReference<Duration> nested = new AtomicReference<>();
    try (Loopback server = Loopback.start(transport, (req, resp) -> {
      left.set(Context.current().timeRemaining().orElse(null));
      try (CancellableContext repo = Context.current().withTimeout(Duration.ofSeconds(5))) {
        nested.set(repo.timeRemaining().orElseThrow());
      }
      resp.onNext(req);
      resp.onCompleted();
    })) {
      Channel huge = server.channel(new RawHeader("grpc-timeout", "99999999H")); // 11,000 years; grpc caps it
      long timers = RUNTIME.pendingTimers();
      assertEquals("x", Loopback.call(huge, CallOptions.DEFAULT, "x"));
      assertTrue(left.get() == null || left.get().compareTo(Duration.ofDays(365 * 50)) > 0, () -> "" + left.get());
      assertTrue(nested.get().compareTo(Duration.ofSeconds(5)) <= 0, nested.get()::toString);
      assertEquals(timers, RUNTIME.pendingTimers());
    }
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aClientThatDisconnectsMidCallCancelsTheHandlersContext(Loopback.Transport transport) throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicReference<Context> handlerCtx = new AtomicReference<>();
    try (Loopback server = Loopback.start(transport, (req, resp) -> {
      handlerCtx.set(Context.current());
      blocked.countDown();
      if (Context.current().done().await(30, TimeUnit.SECONDS)) {
        stopped.countDown();
      }
    })) {
      ManagedChannel client = server.rawChannel();
      Future<String> reply = ClientCalls.futureUnaryCall(client.newCall(Loopback.METHOD, CallOptions.DEFAULT), "x");
      assertTrue(blocked.await(30, TimeUnit.SECONDS));
      client.shutdownNow();

      assertTrue(stopped.await(20, TimeUnit.SECONDS), "the handler did not see the client go");
      assertInstanceOf(CancelledException.class, handlerCtx.get().err());
      assertNotNull(handlerCtx.get().cause());
      assertNoRegistrations(handlerCtx.get());
      assertThrows(ExecutionException.class, () -> reply.get(30, TimeUnit.SECONDS));
      assertTrue(client.awaitTermination(30, TimeUnit.SECONDS));
    }
  }
}
