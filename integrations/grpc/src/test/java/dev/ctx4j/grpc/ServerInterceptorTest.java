package dev.ctx4j.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.DeadlineExceededException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Contexts;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server interceptor over real transports: the handler's context, its deadline, its end. */
class ServerInterceptorTest extends Leaks {
  private static final io.grpc.Context.Key<String> TENANT = io.grpc.Context.key("tenant");

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void theHandlersContextHasTheDeadlineTheClientSent(Loopback.Transport transport) throws Exception {
    AtomicReference<Optional<Duration>> left = new AtomicReference<>();
    AtomicReference<Optional<Instant>> deadline = new AtomicReference<>();
    try (Loopback server = Loopback.start(transport, (req, resp) -> {
      left.set(Context.current().timeRemaining());
      deadline.set(Context.current().deadline());
      resp.onNext(req);
      resp.onCompleted();
    })) {
      ManagedChannel plain = server.rawChannel(); // a client without ctx4j: the budget comes from grpc-timeout alone
      Instant before = Instant.now();
      Loopback.call(plain, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), "x");
      Duration d = left.get().orElseThrow();
      assertTrue(d.compareTo(Duration.ofSeconds(10)) > 0 && d.compareTo(Duration.ofSeconds(20)) <= 0, d::toString);
      Instant at = deadline.get().orElseThrow();
      assertTrue(at.isAfter(before.plusSeconds(10)) && !at.isAfter(Instant.now().plusSeconds(20)), at::toString);

      Loopback.call(plain, CallOptions.DEFAULT, "no deadline");
      assertEquals(Optional.empty(), left.get());
      assertEquals(Optional.empty(), deadline.get());
    }
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void theHandlersContextIsCurrentInStartCallAndInTheHandlerAndNestsUnderTheClientsBudget(
      Loopback.Transport transport) throws Exception {
    AtomicReference<Context> atStart = new AtomicReference<>();
    AtomicReference<Context> inHandler = new AtomicReference<>();
    AtomicReference<Duration> nested = new AtomicReference<>();
    AtomicReference<String> tenant = new AtomicReference<>();
    ServerInterceptor recordStart = new ServerInterceptor() { // inside ctx4j's: runs in its startCall
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        atStart.set(Context.current());
        return next.startCall(call, headers);
      }
    };
    ServerInterceptor appUsesGrpcContext = new ServerInterceptor() { // the application's own io.grpc.Context use
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        return Contexts.interceptCall(io.grpc.Context.current().withValue(TENANT, "acme"), call, headers, next);
      }
    };
    try (Loopback server = Loopback.start(transport, (req, resp) -> {
      inHandler.set(Context.current());
      tenant.set(TENANT.get());
      try (CancellableContext repo = Context.current().withTimeout(Duration.ofMinutes(1))) {
        nested.set(repo.timeRemaining().orElseThrow()); // the client's 20 s, not the repository's minute
      }
      resp.onNext(req);
      resp.onCompleted();
    }, appUsesGrpcContext, recordStart)) {
      Channel channel = server.channel();
      try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(20))) {
        Loopback.call(channel, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx), "x");
      }
      assertNotSame(Context.background(), inHandler.get());
      assertSame(atStart.get(), inHandler.get());
      assertTrue(nested.get().compareTo(Duration.ofSeconds(20)) <= 0, nested.get()::toString);
      assertTrue(nested.get().compareTo(Duration.ofSeconds(10)) > 0, nested.get()::toString);
      assertEquals("acme", tenant.get());
    }
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void theHandlersContextEndsWhenTheCallCompletesAndTakesForgottenChildrenWithIt(Loopback.Transport transport)
      throws Exception {
    AtomicReference<Context> handlerCtx = new AtomicReference<>();
    try (Loopback server = Loopback.start(transport, (req, resp) -> {
      handlerCtx.set(Context.current());
      Context.current().withTimeout(Duration.ofMinutes(1)); // never cancelled by the handler: a leak without ctx4j
      resp.onNext(req);
      resp.onCompleted();
    })) {
      Loopback.call(server.channel(), CallOptions.DEFAULT.withDeadlineAfter(1, TimeUnit.MINUTES), "x");
      assertTrue(handlerCtx.get().done().await(30, TimeUnit.SECONDS), "the handler's context is still live");
      assertInstanceOf(CancelledException.class, handlerCtx.get().err());
      assertNoRegistrations(handlerCtx.get());
    } // Leaks: the forgotten child's timer is gone
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aClientCancelReachesABlockedHandlerAtOnce(Loopback.Transport transport) throws Exception {
    CountDownLatch blocked = new CountDownLatch(1);
    AtomicReference<Context> handlerCtx = new AtomicReference<>();
    CountDownLatch woke = new CountDownLatch(1);
    try (Loopback server = Loopback.start(transport, (req, resp) -> {
      handlerCtx.set(Context.current());
      blocked.countDown();
      // blocks the call's serialized executor: onCancel() is queued behind this and cannot be what wakes it
      if (Context.current().done().await(30, TimeUnit.SECONDS)) {
        woke.countDown();
      }
    })) {
      ManagedChannel plain = server.rawChannel();
      Future<String> reply = ClientCalls.futureUnaryCall(plain.newCall(Loopback.METHOD, CallOptions.DEFAULT), "x");
      assertTrue(blocked.await(30, TimeUnit.SECONDS));
      reply.cancel(true);
      assertTrue(woke.await(20, TimeUnit.SECONDS), "the blocked handler did not see the cancel");
      ContextException err = handlerCtx.get().err();
      assertInstanceOf(CancelledException.class, err);
      assertEquals(Status.Code.CANCELLED, Status.fromThrowable(handlerCtx.get().cause()).getCode(),
          () -> "cause: " + handlerCtx.get().cause());
    }
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aDeadlinePassingEndsTheHandlersContextWithDeadlineExceeded(Loopback.Transport transport) throws Exception {
    for (int round = 0; round < 3; round++) {
      AtomicReference<ContextException> err = new AtomicReference<>();
      CountDownLatch ended = new CountDownLatch(1);
      try (Loopback server = Loopback.start(transport, (req, resp) -> {
        if (Context.current().done().await(30, TimeUnit.SECONDS)) {
          err.set(Context.current().err());
          ended.countDown();
        }
      })) {
        ManagedChannel plain = server.rawChannel();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
            () -> Loopback.call(plain, CallOptions.DEFAULT.withDeadlineAfter(400, TimeUnit.MILLISECONDS), "x"));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        assertTrue(ended.await(30, TimeUnit.SECONDS));
        assertInstanceOf(DeadlineExceededException.class, err.get(), "round " + round);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aContextExceptionFromTheHandlerBecomesTheStatusItStandsFor(Loopback.Transport transport) throws Exception {
    try (Loopback server = Loopback.start(transport, (req, resp) -> {
      if (req.equals("throw")) {
        throw new DeadlineExceededException("repository took too long");
      }
      resp.onError(new CancelledException("gave up"));
    })) {
      Channel channel = server.channel();
      StatusRuntimeException thrown = assertThrows(StatusRuntimeException.class,
          () -> Loopback.call(channel, CallOptions.DEFAULT, "throw"));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, thrown.getStatus().getCode());
      assertEquals("ctx4j: repository took too long", thrown.getStatus().getDescription());

      StatusRuntimeException reported = assertThrows(StatusRuntimeException.class,
          () -> Loopback.call(channel, CallOptions.DEFAULT, "report"));
      assertEquals(Status.Code.CANCELLED, reported.getStatus().getCode());
      assertEquals("ctx4j: gave up", reported.getStatus().getDescription());
      // the client's own context did nothing: the status is the server's, not a ctx4j error here
      assertTrue(Ctx4jGrpc.contextException(reported).isEmpty());
    }
  }

  /**
   * An interceptor inside ctx4j's that throws from {@code startCall}, with an unchecked exception or with a checked
   * one thrown sneakily (as Kotlin or Lombok code can): the handler's context ends at once with that exception as its
   * cause, and the exception reaches gRPC as it was thrown.
   */
  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void anExceptionFromStartCallEndsTheHandlersContextWithIt(Loopback.Transport transport) throws Exception {
    for (Exception thrown : new Exception[] {
        new IllegalStateException("interceptor failed"), new java.io.IOException("checked, thrown sneakily")}) {
      AtomicReference<Context> atStart = new AtomicReference<>();
      ServerInterceptor failing = new ServerInterceptor() {
        @Override
        public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
            ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
          atStart.set(Context.current());
          throw Leaks.<RuntimeException>sneaky(thrown);
        }
      };
      try (Loopback server = Loopback.start(transport, (req, resp) -> resp.onNext(req), failing)) {
        assertThrows(StatusRuntimeException.class, () -> Loopback.call(
            server.channel(), CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), "x"));
        Context handlerCtx = atStart.get();
        assertTrue(handlerCtx.done().isDone(), "the handler's context outlived startCall's failure");
        assertSame(thrown, handlerCtx.cause());
        assertNoRegistrations(handlerCtx);
      }
    }
  }

  /**
   * An interceptor inside ctx4j's throws a ctx4j exception while the call starts: the call closes with the status it
   * stands for, and the context the call was given ends with nothing left on it.
   */
  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aContextExceptionWhileTheCallStartsClosesItWithItsStatus(Loopback.Transport transport) throws Exception {
    AtomicReference<Context> atStart = new AtomicReference<>();
    ServerInterceptor failing = new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
          ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        atStart.set(Context.current());
        throw new DeadlineExceededException("no budget left for this call");
      }
    };
    try (Loopback server = Loopback.start(transport, (req, resp) -> resp.onNext(req), failing)) {
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> Loopback.call(
          server.channel(), CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS), "x"));
      assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e::toString);
      assertTrue(e.getStatus().getDescription().contains("no budget left for this call"), e::toString);
      assertTrue(atStart.get().done().await(30, TimeUnit.SECONDS));
      assertNoRegistrations(atStart.get());
    }
  }
}
