package dev.ctx4j.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The context's cancel against the application's own calls into a client call. A {@code ClientCall} is not
 * thread-safe, so ctx4j keeps the context's cancel from running inside one of the application's calls; but it must
 * never hold anything while it calls into the real call, which can run the application's listener on the calling
 * thread (a direct executor), where the application takes its own locks.
 */
class ClientCallLockingTest extends Leaks {
  private static final long BOUND_SECONDS = 10;

  /**
   * The application guards the call with its own lock, and so does its listener. The context ends on another thread
   * while the application holds its lock: the cancel runs the listener there, which waits for the lock; the
   * application's send must not wait for the cancel in turn.
   */
  @Test
  void theApplicationsSendNeverWaitsForACancelWhoseListenerWaitsForTheApplication() throws Exception {
    try (Loopback server = Loopback.startDirect((request, response) -> {})) {
      CancellableContext ctx = Context.background().withCancel();
      ClientCall<String, String> call =
          server.channel().newCall(Loopback.METHOD, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx));
      Object appLock = new Object();
      CompletableFuture<Status> closed = new CompletableFuture<>();
      call.start(new ClientCall.Listener<String>() {
        @Override
        public void onClose(Status status, Metadata trailers) {
          synchronized (appLock) {
            closed.complete(status);
          }
        }
      }, new Metadata());
      call.request(1);
      Thread canceller = new Thread(ctx::cancel, "context-canceller");
      canceller.setDaemon(true);
      CompletableFuture<String> sent = new CompletableFuture<>();
      Thread sender = new Thread(() -> {
        synchronized (appLock) {
          canceller.start();
          // the cancel runs onClose on the canceller's thread, which then waits for appLock
          long give = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
          while (canceller.getState() != Thread.State.BLOCKED && canceller.isAlive()) {
            if (System.nanoTime() - give > 0) {
              sent.complete("the canceller never reached the listener");
              return;
            }
            Thread.onSpinWait();
          }
          call.sendMessage("x");
          sent.complete("sent");
        }
      }, "app-sender");
      sender.setDaemon(true);
      sender.start();
      try {
        assertEquals("sent", sent.get(BOUND_SECONDS, TimeUnit.SECONDS));
      } catch (java.util.concurrent.TimeoutException e) {
        fail("deadlock: the application's send waits for the cancel, whose listener waits for the application");
      }
      assertEquals(Status.Code.CANCELLED, closed.get(BOUND_SECONDS, TimeUnit.SECONDS).getCode());
      canceller.join();
      assertNoRegistrations(ctx);
    }
  }

  /**
   * The context's cancel racing the application's sends, half-close and own cancel, many times over: the real call is
   * cancelled exactly once, never while one of the application's calls into it is in progress, and every call ends.
   */
  @Test
  void cancelsRacingTheApplicationsCallsReachTheRealCallOnceAndNeverDuringOne() throws Exception {
    AtomicInteger overlaps = new AtomicInteger();
    AtomicReference<AtomicInteger> cancels = new AtomicReference<>();
    ClientInterceptor wire = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger cancelled = cancels.get();
        return new ForwardingClientCall.SimpleForwardingClientCall<Q, R>(next.newCall(method, options)) {
          @Override
          public void sendMessage(Q message) {
            inside.incrementAndGet();
            super.sendMessage(message);
            inside.decrementAndGet();
          }

          @Override
          public void halfClose() {
            inside.incrementAndGet();
            super.halfClose();
            inside.decrementAndGet();
          }

          @Override
          public void cancel(String message, Throwable cause) {
            if (inside.get() != 0) {
              overlaps.incrementAndGet();
            }
            cancelled.incrementAndGet();
            super.cancel(message, cause);
          }
        };
      }
    };
    ExecutorService app = Executors.newSingleThreadExecutor();
    try (Loopback server = Loopback.start(Loopback.Transport.IN_PROCESS, (request, response) -> {})) {
      Channel channel = server.channel(wire);
      for (int round = 0; round < 500; round++) {
        AtomicInteger cancelled = new AtomicInteger();
        cancels.set(cancelled);
        CancellableContext ctx = Context.background().withCancel();
        ClientCall<String, String> call =
            channel.newCall(Loopback.METHOD, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx));
        CompletableFuture<Status> closed = Loopback.startRecordingClose(call);
        call.request(1);
        boolean appCancels = round % 2 == 1;
        CyclicBarrier go = new CyclicBarrier(2);
        Future<?> sender = app.submit(() -> {
          go.await(BOUND_SECONDS, TimeUnit.SECONDS);
          call.sendMessage("x"); // one: the method is unary
          call.halfClose();
          if (appCancels) {
            call.cancel("the application gives up", null);
          }
          return null;
        });
        go.await(BOUND_SECONDS, TimeUnit.SECONDS);
        ctx.cancel();
        sender.get(BOUND_SECONDS, TimeUnit.SECONDS);
        Status status = closed.get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertEquals(Status.Code.CANCELLED, status.getCode(), "round " + round);
        assertEquals(1, cancelled.get(), "real cancels in round " + round + ", closed with " + status);
        assertNoRegistrations(ctx);
      }
      assertEquals(0, overlaps.get(), "cancels made while the application was inside the real call");
    } finally {
      app.shutdownNow();
      assertTrue(app.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
    }
  }

  /**
   * The context ends while the application is inside the real call (its send has not returned): the cancel does not
   * wait for it, and reaches the real call once the send has returned, from the sending thread, never during it.
   */
  @Test
  void aCancelDuringTheApplicationsCallReachesTheRealCallOnceItReturns() throws Exception {
    cancelWhileTheApplicationSends(false);
  }

  /**
   * A call made from inside another on the same thread (a listener run inline that calls the call again): when the
   * inner one returns, the outer one is still in progress, and a cancel must still wait for it.
   */
  @Test
  void aCancelAfterANestedCallStillWaitsForTheOuterCall() throws Exception {
    cancelWhileTheApplicationSends(true);
  }

  /**
   * Ends the context while the application's send is inside the real call (after a call nested in it has returned,
   * when {@code nested}), and checks that the real call is cancelled from the sending thread once the send returned.
   */
  private void cancelWhileTheApplicationSends(boolean nested) throws Exception {
    AtomicBoolean inSend = new AtomicBoolean();
    CountDownLatch sending = new CountDownLatch(1);
    CountDownLatch cancelReturned = new CountDownLatch(1);
    AtomicReference<String> cancelSeen = new AtomicReference<>();
    AtomicReference<ClientCall<String, String>> outerCall = new AtomicReference<>();
    ClientInterceptor wire = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<Q, R>(next.newCall(method, options)) {
          @Override
          public void sendMessage(Q message) {
            inSend.set(true);
            if (nested) {
              outerCall.get().setMessageCompression(true); // the nested call, as a listener run inline would make
            }
            sending.countDown();
            try {
              cancelReturned.await(BOUND_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            super.sendMessage(message);
            inSend.set(false);
          }

          @Override
          public void cancel(String message, Throwable cause) {
            cancelSeen.set(Thread.currentThread().getName() + (inSend.get() ? ", during the send" : ", after it"));
            super.cancel(message, cause);
          }
        };
      }
    };
    try (Loopback server = Loopback.start(Loopback.Transport.IN_PROCESS, (request, response) -> {})) {
      CancellableContext ctx = Context.background().withCancel();
      ClientCall<String, String> call =
          server.channel(wire).newCall(Loopback.METHOD, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx));
      outerCall.set(call);
      CompletableFuture<Status> closed = Loopback.startRecordingClose(call);
      call.request(1);
      Thread sender = new Thread(() -> call.sendMessage("x"), "app-sender");
      sender.start();
      assertTrue(sending.await(BOUND_SECONDS, TimeUnit.SECONDS));
      ctx.cancel();
      cancelReturned.countDown();
      sender.join();
      assertEquals("app-sender, after it", cancelSeen.get(), "who cancelled the real call, and when");
      Status status = closed.get(BOUND_SECONDS, TimeUnit.SECONDS);
      assertEquals(Status.Code.CANCELLED, status.getCode());
      assertInstanceOf(CancelledException.class, status.getCause());
      call.halfClose(); // after the context's cancel: does nothing
      assertNoRegistrations(ctx);
    }
  }
}
