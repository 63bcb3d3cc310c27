package dev.ctx4j.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The client call's cancel against the application's calls, adversarially: nested calls on a real direct bidi call, a
 * real send that throws with a cancel pending, start racing the context's end, and an application's own cancel that
 * must not be blamed on the context.
 */
class ClientCallCancelTest extends Leaks {
  private static final long BOUND_SECONDS = 10;

  /**
   * The application cancels the call with its own cause; its context ends afterwards (the usual try-with-resources
   * around the call) before the close is delivered. The close is the application's, not the context's: its cause must
   * stay the status cause, and the mapping helper must not blame the context.
   */
  @Test
  void anApplicationCancelIsNotBlamedOnAContextThatEndsLater() throws Exception {
    LinkedBlockingQueue<Runnable> callbacks = new LinkedBlockingQueue<>();
    try (Loopback server = Loopback.start(Loopback.Transport.IN_PROCESS, (request, response) -> {})) {
      // grpc's own in-process channel, whose callbacks run when this test says so
      ManagedChannel raw = InProcessChannelBuilder.forName(server.inProcessName()).executor(callbacks::add).build();
      try {
        Channel channel = ClientInterceptors.intercept(raw, Ctx4jGrpc.clientInterceptor());
        CancellableContext ctx = Context.background().withCancel();
        ClientCall<String, String> call =
            channel.newCall(Loopback.METHOD, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx));
        CompletableFuture<Status> closed = Loopback.startRecordingClose(call);
        call.request(1);
        IllegalStateException mine = new IllegalStateException("the application gives up");
        call.cancel("the application gives up", mine);
        ctx.cancel(); // the try-with-resources around the call closes the context
        while (!closed.isDone()) {
          Runnable r = callbacks.poll(BOUND_SECONDS, TimeUnit.SECONDS);
          assertTrue(r != null, "no close");
          r.run();
        }
        Status status = closed.get();
        assertEquals(Status.Code.CANCELLED, status.getCode());
        assertSame(mine, status.getCause(), "the application's cause was replaced: " + status.getCause()
            + ", helper says " + Ctx4jGrpc.contextException(status.asRuntimeException()));
        assertNoRegistrations(ctx);
      } finally {
        raw.shutdownNow();
        raw.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  /** The real call's sendMessage throws while a cancel is pending: inCall is reset, the cancel is performed once. */
  @Test
  void aPendingCancelIsPerformedWhenTheRealSendThrows() throws Exception {
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch requested = new CountDownLatch(1);
    AtomicInteger cancels = new AtomicInteger();
    AtomicInteger sends = new AtomicInteger();
    ClientInterceptor wire = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<Q, R>(next.newCall(method, options)) {
          @Override
          public void sendMessage(Q message) {
            sends.incrementAndGet();
            sending.countDown();
            try {
              requested.await(BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
            throw new IllegalStateException("marshaller failed");
          }

          @Override
          public void cancel(String message, Throwable cause) {
            cancels.incrementAndGet();
            super.cancel(message, cause);
          }
        };
      }
    };
    try (Loopback server = Loopback.start(Loopback.Transport.IN_PROCESS, (request, response) -> {})) {
      CancellableContext ctx = Context.background().withCancel();
      ClientCall<String, String> call =
          server.channel(wire).newCall(Loopback.METHOD, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx));
      CompletableFuture<Status> closed = Loopback.startRecordingClose(call);
      Thread canceller = new Thread(() -> {
        try {
          sending.await(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          return;
        }
        ctx.cancel();
        requested.countDown();
      });
      canceller.start();
      assertThrows(IllegalStateException.class, () -> call.sendMessage("x"));
      canceller.join();
      assertEquals(Status.Code.CANCELLED, closed.get(BOUND_SECONDS, TimeUnit.SECONDS).getCode());
      assertEquals(1, cancels.get());
      call.sendMessage("y"); // after the cancel: does nothing
      call.halfClose();
      assertEquals(1, sends.get());
      call.request(1);
      call.isReady();
      call.getAttributes();
      assertNoRegistrations(ctx);
    }
  }

  /** start() racing the context's end, many times: the call always closes cancelled, the real cancel runs once. */
  @Test
  void startRacingTheContextsEndAlwaysCancelsOnce() throws Exception {
    AtomicReference<AtomicInteger> cancels = new AtomicReference<>();
    ClientInterceptor wire = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        AtomicInteger c = cancels.get();
        return new ForwardingClientCall.SimpleForwardingClientCall<Q, R>(next.newCall(method, options)) {
          @Override
          public void cancel(String message, Throwable cause) {
            c.incrementAndGet();
            super.cancel(message, cause);
          }
        };
      }
    };
    try (Loopback server = Loopback.start(Loopback.Transport.IN_PROCESS, (request, response) -> {})) {
      Channel channel = server.channel(wire);
      for (int round = 0; round < 300; round++) {
        AtomicInteger c = new AtomicInteger();
        cancels.set(c);
        CancellableContext ctx = Context.background().withCancel();
        ClientCall<String, String> call =
            channel.newCall(Loopback.METHOD, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx));
        CompletableFuture<Status> closed = new CompletableFuture<>();
        CyclicBarrier go = new CyclicBarrier(2);
        Thread canceller = new Thread(() -> {
          try {
            go.await();
          } catch (Exception e) {
            return;
          }
          ctx.cancel();
        });
        canceller.start();
        go.await();
        call.start(new ClientCall.Listener<String>() {
          @Override
          public void onClose(Status status, Metadata trailers) {
            closed.complete(status);
          }
        }, new Metadata());
        canceller.join();
        Status status = closed.get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(Status.Code.CANCELLED, status.getCode(), "round " + round);
        assertTrue(c.get() <= 1, "real cancels " + c.get());
        assertNoRegistrations(ctx);
      }
    }
  }

  /**
   * The same on a real bidi call, in-process, direct executors on both sides: the client's listener answers each echo
   * inline, inside the application's sendMessage; the context ends on another thread meanwhile.
   */
  @Test
  void aNestedSendOnARealDirectBidiCallLetsTheContextsCancelInsideTheOuterSend() throws Exception {
    MethodDescriptor<String, String> bidi = StreamingTest.BIDI;
    io.grpc.ServerServiceDefinition service = io.grpc.ServerServiceDefinition.builder("ctx4j.test.Streams")
        .addMethod(bidi, io.grpc.stub.ServerCalls.asyncBidiStreamingCall(resp -> new io.grpc.stub.StreamObserver<String>() {
          @Override
          public void onNext(String v) {
            resp.onNext("echo " + v);
          }

          @Override
          public void onError(Throwable t) {}

          @Override
          public void onCompleted() {
            resp.onCompleted();
          }
        }))
        .build();
    String name = "ctx4j-direct-bidi-" + System.nanoTime();
    io.grpc.Server server = io.grpc.inprocess.InProcessServerBuilder.forName(name).directExecutor()
        .addService(io.grpc.ServerInterceptors.intercept(service, Ctx4jGrpc.serverInterceptor())).build().start();
    ManagedChannel raw = InProcessChannelBuilder.forName(name).directExecutor().build();
    AtomicInteger inside = new AtomicInteger();
    List<String> cancels = Collections.synchronizedList(new ArrayList<>());
    ClientInterceptor wire = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<Q, R>(next.newCall(method, options)) {
          @Override
          public void sendMessage(Q message) {
            inside.incrementAndGet();
            try {
              super.sendMessage(message);
            } finally {
              inside.decrementAndGet();
            }
          }

          @Override
          public void cancel(String message, Throwable cause) {
            cancels.add(Thread.currentThread().getName() + (inside.get() != 0 ? " during a send" : " outside sends"));
            super.cancel(message, cause);
          }
        };
      }
    };
    try {
      Channel channel = ClientInterceptors.intercept(ClientInterceptors.intercept(raw, wire), Ctx4jGrpc.clientInterceptor());
      CancellableContext ctx = Context.background().withCancel();
      ClientCall<String, String> call = channel.newCall(bidi, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx));
      CompletableFuture<Status> closed = new CompletableFuture<>();
      List<String> got = Collections.synchronizedList(new ArrayList<>());
      AtomicReference<ClientCall<String, String>> self = new AtomicReference<>(call);
      call.start(new ClientCall.Listener<String>() {
        @Override
        public void onMessage(String message) {
          got.add(message);
          if (message.equals("echo outer")) {
            self.get().sendMessage("nested"); // ping-pong: answer the echo at once
            Thread canceller = new Thread(ctx::cancel, "context-canceller"); // meanwhile the context ends
            canceller.start();
            try {
              canceller.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
            } catch (InterruptedException e) {
              throw new AssertionError(e);
            }
          }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          closed.complete(status);
        }
      }, new Metadata());
      call.request(10);
      call.sendMessage("outer");
      assertEquals(Status.Code.CANCELLED, closed.get(BOUND_SECONDS, TimeUnit.SECONDS).getCode());
      assertTrue(got.contains("echo outer"), "the echo did not come inline: " + got);
      assertEquals(List.of("main outside sends"), cancels, "who cancelled the real call, and when");
      assertNoRegistrations(ctx);
    } finally {
      raw.shutdownNow();
      server.shutdownNow();
      raw.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS);
      server.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS);
    }
  }
}
