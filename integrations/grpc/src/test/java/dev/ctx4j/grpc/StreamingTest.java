package dev.ctx4j.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.DeadlineExceededException;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Server-streaming, client-streaming and bidi calls through both interceptors: the handler's context is bound in every
 * callback, ends with the call however it ends, and a client that gives up stops a long stream; an application that
 * aborts its own stream keeps its cause.
 */
class StreamingTest extends Leaks {
  private static final String SERVICE = "ctx4j.test.Streams";

  static MethodDescriptor<String, String> method(String name, MethodDescriptor.MethodType type) {
    return MethodDescriptor.<String, String>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(SERVICE, name))
        .setRequestMarshaller(Loopback.UTF8)
        .setResponseMarshaller(Loopback.UTF8)
        .build();
  }

  static final MethodDescriptor<String, String> SERVER_STREAM = method("ServerStream", MethodDescriptor.MethodType.SERVER_STREAMING);
  static final MethodDescriptor<String, String> CLIENT_STREAM = method("ClientStream", MethodDescriptor.MethodType.CLIENT_STREAMING);
  static final MethodDescriptor<String, String> BIDI = method("Bidi", MethodDescriptor.MethodType.BIDI_STREAMING);

  /** What the handlers saw. */
  static final class Seen {
    final AtomicReference<Context> ctx = new AtomicReference<>();
    final List<String> unbound = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger readyCallbacks = new AtomicInteger();
    final AtomicReference<Throwable> handlerEnd = new AtomicReference<>();
    final CountDownLatch handlerDone = new CountDownLatch(1);

    void check(String where) {
      Context c = ctx.get();
      if (c != null && Context.current() != c) {
        unbound.add(where + ": " + Context.current());
      }
    }
  }

  /** grpc's SEVERE/WARNING log records during the test. */
  private final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        logged.add(record);
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureLogs() {
    Logger.getLogger("io.grpc").addHandler(capture);
  }

  @AfterEach
  void releaseLogs() {
    Logger.getLogger("io.grpc").removeHandler(capture);
  }

  static final class Servers implements AutoCloseable {
    final Server server;
    final ManagedChannel channel;
    final ExecutorService executor = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "stream-server");
      t.setDaemon(true);
      return t;
    });

    Servers(Loopback.Transport transport, Seen seen) throws Exception {
      ServerServiceDefinition service = ServerServiceDefinition.builder(SERVICE)
          .addMethod(SERVER_STREAM, ServerCalls.asyncServerStreamingCall((req, resp) -> serverStream(req, resp, seen)))
          .addMethod(CLIENT_STREAM, ServerCalls.asyncClientStreamingCall(resp -> clientStream(resp, seen)))
          .addMethod(BIDI, ServerCalls.asyncBidiStreamingCall(resp -> bidi(resp, seen)))
          .build();
      ServerServiceDefinition intercepted = ServerInterceptors.intercept(service, Ctx4jGrpc.serverInterceptor());
      if (transport == Loopback.Transport.NETTY) {
        server = NettyServerBuilder
            .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), InsecureServerCredentials.create())
            .executor(executor).addService(intercepted).build().start();
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create())
            .build();
      } else {
        String name = "ctx4j-streams-" + System.nanoTime();
        server = InProcessServerBuilder.forName(name).executor(executor).addService(intercepted).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
      }
    }

    Channel intercepted() {
      return ClientInterceptors.intercept(channel, Ctx4jGrpc.clientInterceptor());
    }

    @Override
    public void close() throws Exception {
      channel.shutdownNow();
      server.shutdownNow();
      assertTrue(channel.awaitTermination(10, TimeUnit.SECONDS));
      assertTrue(server.awaitTermination(10, TimeUnit.SECONDS));
      executor.shutdownNow();
      assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  /**
   * "forever": streams until its context ends, then throws its context's exception. "n:K": streams K then completes.
   * "error": fails with INTERNAL after one message.
   */
  static void serverStream(String req, StreamObserver<String> resp, Seen seen) {
    seen.ctx.set(Context.current());
    ServerCallStreamObserver<String> obs = (ServerCallStreamObserver<String>) resp;
    obs.setOnReadyHandler(() -> {
      seen.readyCallbacks.incrementAndGet();
      seen.check("onReady");
    });
    obs.setOnCancelHandler(() -> seen.check("onCancel"));
    obs.setOnCloseHandler(() -> seen.check("onClose"));
    try {
      if (req.equals("forever")) {
        for (int i = 0; ; i++) {
          Context.current().throwIfDone();
          resp.onNext("m" + i);
          Context.current().sleep(Duration.ofMillis(5));
        }
      } else if (req.equals("error")) {
        resp.onNext("m0");
        resp.onError(Status.INTERNAL.withDescription("boom").asRuntimeException());
      } else {
        int n = Integer.parseInt(req.substring(2));
        for (int i = 0; i < n; i++) {
          resp.onNext("m" + i);
        }
        resp.onCompleted();
      }
    } catch (ContextException e) {
      seen.handlerEnd.set(e);
      throw e;
    } catch (InterruptedException e) {
      seen.handlerEnd.set(e);
      Thread.currentThread().interrupt();
    } finally {
      seen.handlerDone.countDown();
    }
  }

  static StreamObserver<String> clientStream(StreamObserver<String> resp, Seen seen) {
    seen.ctx.set(Context.current());
    ServerCallStreamObserver<String> obs = (ServerCallStreamObserver<String>) resp;
    obs.setOnReadyHandler(() -> {
      seen.readyCallbacks.incrementAndGet();
      seen.check("onReady");
    });
    List<String> got = new ArrayList<>();
    return new StreamObserver<String>() {
      @Override
      public void onNext(String value) {
        seen.check("onNext");
        got.add(value);
      }

      @Override
      public void onError(Throwable t) {
        seen.check("onError");
        seen.handlerEnd.set(t);
        seen.handlerDone.countDown();
      }

      @Override
      public void onCompleted() {
        seen.check("onCompleted");
        resp.onNext(String.join(",", got));
        resp.onCompleted();
        seen.handlerDone.countDown();
      }
    };
  }

  /** Echoes each message; on the client's half-close, keeps streaming "tail" messages until its context ends. */
  static StreamObserver<String> bidi(StreamObserver<String> resp, Seen seen) {
    seen.ctx.set(Context.current());
    ServerCallStreamObserver<String> obs = (ServerCallStreamObserver<String>) resp;
    obs.setOnReadyHandler(() -> {
      seen.readyCallbacks.incrementAndGet();
      seen.check("onReady");
    });
    return new StreamObserver<String>() {
      @Override
      public void onNext(String value) {
        seen.check("onNext");
        resp.onNext("echo " + value);
      }

      @Override
      public void onError(Throwable t) {
        seen.check("onError");
        seen.handlerEnd.set(t);
        seen.handlerDone.countDown();
      }

      @Override
      public void onCompleted() {
        seen.check("onCompleted");
        // the client half-closed: the server keeps streaming; its context must still be live
        assertNull(Context.current().err(), "the handler's context ended at the client's half-close");
        for (int i = 0; i < 3; i++) {
          resp.onNext("tail" + i);
        }
        resp.onCompleted();
        seen.handlerDone.countDown();
      }
    };
  }

  static void awaitDone(Context ctx) throws Exception {
    assertTrue(ctx.done().toCompletionStage().toCompletableFuture().handle((v, e) -> true).get(10, TimeUnit.SECONDS));
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void cancellingTheClientContextStopsALongServerStreamPromptly(Loopback.Transport transport) throws Exception {
    Seen seen = new Seen();
    try (Servers s = new Servers(transport, seen)) {
      CancellableContext ctx = Context.background().withCancel();
      Iterator<String> it = ClientCalls.blockingServerStreamingCall(
          s.intercepted(), SERVER_STREAM, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx), "forever");
      for (int i = 0; i < 5; i++) {
        assertEquals("m" + i, it.next());
      }
      long cancelledAt = System.nanoTime();
      ctx.cancel();
      assertTrue(seen.handlerDone.await(10, TimeUnit.SECONDS));
      long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelledAt);
      assertTrue(tookMs < 2_000, "the handler stopped " + tookMs + " ms after the cancel"); // generous: a slow VM
      assertInstanceOf(CancelledException.class, seen.handlerEnd.get());
      StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> {
        while (it.hasNext()) {
          it.next();
        }
      });
      assertEquals(Status.Code.CANCELLED, e.getStatus().getCode());
      assertTrue(Ctx4jGrpc.contextException(e).isPresent());
      assertEquals(List.of(), seen.unbound);
      awaitDone(seen.ctx.get());
      assertNoRegistrations(ctx);
    } // the server has terminated: whatever it would log about the handler is logged
    assertEquals(List.of(), logged.stream().map(r -> r.getLevel() + " " + r.getMessage() + " " + r.getThrown()).toList(),
        "grpc logged warnings for a handler that stopped with its context's exception");
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aServerStreamEndingNormallyOrWithAnErrorEndsTheHandlersContext(Loopback.Transport transport) throws Exception {
    for (String req : List.of("n:3", "error")) {
      Seen seen = new Seen();
      try (Servers s = new Servers(transport, seen)) {
        try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(20))) {
          Iterator<String> it = ClientCalls.blockingServerStreamingCall(
              s.intercepted(), SERVER_STREAM, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx), req);
          List<String> got = new ArrayList<>();
          try {
            it.forEachRemaining(got::add);
            assertEquals("n:3", req);
          } catch (StatusRuntimeException e) {
            assertEquals("error", req);
            assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
            assertTrue(Ctx4jGrpc.contextException(e).isEmpty());
          }
          awaitDone(seen.ctx.get());
          assertNull(ctx.err(), "the client's context ended");
          assertNoRegistrations(ctx);
          assertEquals(List.of(), seen.unbound, req);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aBidiHandlerKeepsItsContextAfterTheClientHalfClosesAndLosesItWhenDone(Loopback.Transport transport)
      throws Exception {
    Seen seen = new Seen();
    try (Servers s = new Servers(transport, seen)) {
      CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(20));
      List<String> got = Collections.synchronizedList(new ArrayList<>());
      CompletableFuture<Throwable> closed = new CompletableFuture<>();
      StreamObserver<String> req = ClientCalls.asyncBidiStreamingCall(
          s.intercepted().newCall(BIDI, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx)),
          new StreamObserver<String>() {
            @Override
            public void onNext(String value) {
              got.add(value);
            }

            @Override
            public void onError(Throwable t) {
              closed.complete(t);
            }

            @Override
            public void onCompleted() {
              closed.complete(null);
            }
          });
      req.onNext("a");
      req.onNext("b");
      req.onCompleted();
      assertNull(closed.get(10, TimeUnit.SECONDS));
      assertEquals(List.of("echo a", "echo b", "tail0", "tail1", "tail2"), got);
      assertTrue(seen.handlerDone.await(10, TimeUnit.SECONDS));
      awaitDone(seen.ctx.get());
      assertEquals(List.of(), seen.unbound);
      assertTrue(seen.readyCallbacks.get() > 0, "onReady never ran");
      assertNoRegistrations(ctx);
      ctx.cancel();
    }
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aClientStreamCutByTheContextsDeadlineReportsItOnBothSides(Loopback.Transport transport) throws Exception {
    Seen seen = new Seen();
    try (Servers s = new Servers(transport, seen)) {
      CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(300));
      CompletableFuture<Throwable> closed = new CompletableFuture<>();
      StreamObserver<String> req = ClientCalls.asyncClientStreamingCall(
          s.intercepted().newCall(CLIENT_STREAM, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx)),
          new StreamObserver<String>() {
            @Override
            public void onNext(String value) {}

            @Override
            public void onError(Throwable t) {
              closed.complete(t);
            }

            @Override
            public void onCompleted() {
              closed.complete(null);
            }
          });
      for (int i = 0; i < 100 && !closed.isDone(); i++) {
        req.onNext("x" + i); // after the cancel: dropped
        Thread.sleep(10);
      }
      Throwable t = closed.get(10, TimeUnit.SECONDS);
      assertNotNull(t);
      assertEquals(Status.Code.DEADLINE_EXCEEDED, Status.fromThrowable(t).getCode());
      assertInstanceOf(DeadlineExceededException.class, Ctx4jGrpc.contextException(t).orElseThrow());
      assertTrue(seen.handlerDone.await(10, TimeUnit.SECONDS));
      awaitDone(seen.ctx.get());
      assertInstanceOf(DeadlineExceededException.class, seen.ctx.get().err(), "server side: " + seen.ctx.get().err());
      assertEquals(List.of(), seen.unbound);
      assertNoRegistrations(ctx);
    }
  }

  /**
   * The usual client-streaming error path: the application gives up with requestObserver.onError(cause) (grpc's stub
   * cancels the call with that cause) and its context is closed right after by try-with-resources.
   */
  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aClientStreamAbortedByTheApplicationKeepsTheApplicationsCause(Loopback.Transport transport) throws Exception {
    Seen seen = new Seen();
    try (Servers s = new Servers(transport, seen)) {
      CompletableFuture<Throwable> closed = new CompletableFuture<>();
      IllegalStateException mine = new IllegalStateException("upload source failed");
      CountDownLatch release = new CountDownLatch(1);
      // the call's callbacks run once the context is closed too (a busy callback executor)
      java.util.concurrent.Executor gated = r -> s.executor.execute(() -> {
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        r.run();
      });
      try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(20))) {
        StreamObserver<String> req = ClientCalls.asyncClientStreamingCall(
            s.intercepted().newCall(CLIENT_STREAM, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx)
                .withExecutor(gated)),
            new StreamObserver<String>() {
              @Override
              public void onNext(String value) {}

              @Override
              public void onError(Throwable t) {
                closed.complete(t);
              }

              @Override
              public void onCompleted() {
                closed.complete(null);
              }
            });
        req.onNext("x");
        req.onError(mine);
      }
      release.countDown();
      Throwable t = closed.get(10, TimeUnit.SECONDS);
      assertEquals(Status.Code.CANCELLED, Status.fromThrowable(t).getCode());
      assertTrue(Ctx4jGrpc.contextException(t).isEmpty(),
          "the application's abort is blamed on the context: " + Ctx4jGrpc.contextException(t) + "; cause chain "
              + t.getCause());
    }
  }
}
