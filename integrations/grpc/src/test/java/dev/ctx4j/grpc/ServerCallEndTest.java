package dev.ctx4j.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** How a handler's context ends when the call ends in a way other than a reply: a throwing listener, a short call. */
class ServerCallEndTest extends Leaks {
  private static final long BOUND_SECONDS = 30;

  /**
   * A listener callback that throws an {@code Error} or a checked exception (sneakily): grpc-java closes the call with
   * UNKNOWN, but then never runs the call's end (its executor lets such a throwable escape). The handler's context, and
   * what the handler derived from it and forgot, must end all the same.
   */
  @ParameterizedTest
  @ValueSource(strings = {"message-error", "message-checked", "halfclose-error", "halfclose-checked"})
  void aListenerThatThrowsEndsTheHandlersContext(String mode) throws Exception {
    AtomicReference<Context> handlerCtx = new AtomicReference<>();
    AtomicReference<CancellableContext> child = new AtomicReference<>();
    Throwable failure = mode.endsWith("error") ? new AssertionError("boom") : new java.io.IOException("boom");
    ServerCallHandler<String, String> handler = (call, headers) -> {
      call.request(2);
      return new ServerCall.Listener<String>() {
        private void fail() {
          handlerCtx.set(Context.current());
          child.set(Context.current().withTimeout(Duration.ofSeconds(20))); // forgotten: the call's end takes it
          throw Leaks.<RuntimeException>sneaky(failure);
        }

        @Override
        public void onMessage(String message) {
          if (mode.startsWith("message")) {
            fail();
          }
        }

        @Override
        public void onHalfClose() {
          if (mode.startsWith("halfclose")) {
            fail();
          }
        }
      };
    };
    ServerServiceDefinition service =
        ServerServiceDefinition.builder("ctx4j.test.Loopback").addMethod(Loopback.METHOD, handler).build();
    String name = "ctx4j-throwing-" + mode;
    ExecutorService executor = Executors.newCachedThreadPool();
    Server server = InProcessServerBuilder.forName(name).executor(executor)
        .addService(ServerInterceptors.intercept(service, Ctx4jGrpc.serverInterceptor())).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
    try {
      StatusRuntimeException e =
          assertThrows(StatusRuntimeException.class, () -> Loopback.call(channel, CallOptions.DEFAULT, "x"));
      assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
      assertTrue(handlerCtx.get().done().await(BOUND_SECONDS, TimeUnit.SECONDS), "the handler's context ended");
      assertTrue(child.get().done().await(BOUND_SECONDS, TimeUnit.SECONDS), "the forgotten child ended");
      assertEquals(failure, handlerCtx.get().cause(), "the throwable is the cause");
      awaitNoRegistrations(handlerCtx.get());
    } finally {
      channel.shutdownNow();
      server.shutdownNow();
      assertTrue(channel.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
      assertTrue(server.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
      executor.shutdownNow();
      assertTrue(executor.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
    }
  }

  /**
   * A client that cancels a 15 ms call with most of its budget left gave up: its handler sees a cancel, not a
   * deadline. (A reset that comes near the deadline counts as the deadline, since a client whose deadline passed
   * resets the same way; that allowance must stay well inside a short budget.)
   */
  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void aClientCancelEarlyInAShortCallIsACancel(Loopback.Transport transport) throws Exception {
    AtomicReference<Context> handlerCtx = new AtomicReference<>();
    AtomicReference<Duration> leftAtStart = new AtomicReference<>();
    AtomicReference<CountDownLatch> blocked = new AtomicReference<>();
    AtomicReference<CountDownLatch> ended = new AtomicReference<>();
    try (Loopback server = Loopback.start(transport, (req, resp) -> {
      if (req.equals("fast")) {
        resp.onNext("ok");
        resp.onCompleted();
        return;
      }
      handlerCtx.set(Context.current());
      leftAtStart.set(Context.current().timeRemaining().orElseThrow());
      blocked.get().countDown();
      if (Context.current().done().await(BOUND_SECONDS, TimeUnit.SECONDS)) {
        ended.get().countDown();
      }
    })) {
      ManagedChannel plain = server.rawChannel();
      for (int i = 0; i < 20; i++) { // warm up, so that the handler starts well within 15 ms
        Loopback.call(plain, CallOptions.DEFAULT, "fast");
      }
      int clean = 0;
      for (int round = 0; round < 10; round++) {
        blocked.set(new CountDownLatch(1));
        ended.set(new CountDownLatch(1));
        Future<String> reply = ClientCalls.futureUnaryCall(
            plain.newCall(Loopback.METHOD, CallOptions.DEFAULT.withDeadlineAfter(15, TimeUnit.MILLISECONDS)), "x");
        assertTrue(blocked.get().await(BOUND_SECONDS, TimeUnit.SECONDS));
        reply.cancel(true); // the client gives up at once
        assertTrue(ended.get().await(BOUND_SECONDS, TimeUnit.SECONDS));
        Duration left = leftAtStart.get();
        if (left.toMillis() < 8) {
          continue; // the handler started late, near the deadline: not a clean round on a busy machine
        }
        clean++;
        ContextException err = handlerCtx.get().err();
        assertInstanceOf(CancelledException.class, err, "round " + round + ": the client cancelled with "
            + left.toMillis() + " ms of a 15 ms budget left; the handler saw " + err);
      }
      assertTrue(clean > 0, "no round where the handler started early enough");
    }
  }
}
