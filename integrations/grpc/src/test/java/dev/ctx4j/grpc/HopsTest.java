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
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three hops: a client (hop 0) calls service 1, whose handler calls service 2. Hop 1 makes its call with the root
 * {@code io.grpc.Context} attached, so that only ctx4j carries the budget and the cancellation (grpc-java would
 * otherwise carry its own as well).
 */
class HopsTest extends Leaks {

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void hopTwoSeesHopZerosBudgetMinusWhatHopOneSpent(Loopback.Transport transport) throws Exception {
    AtomicReference<Duration> atHop1 = new AtomicReference<>();
    AtomicReference<Duration> atHop2 = new AtomicReference<>();
    AtomicReference<Duration> hop1Spent = new AtomicReference<>();
    try (Loopback hop2 = Loopback.start(transport, (req, resp) -> {
          atHop2.set(Context.current().timeRemaining().orElseThrow());
          resp.onNext(req + ">2");
          resp.onCompleted();
        });
        Loopback hop1 = Loopback.start(transport, new Loopback.Handler() {
          final Channel next = hop2.channel();

          @Override
          public void handle(String req, io.grpc.stub.StreamObserver<String> resp) throws Exception {
            long start = System.nanoTime();
            atHop1.set(Context.current().timeRemaining().orElseThrow());
            Thread.sleep(300); // the work hop 1 does before it calls on: spends part of the budget
            hop1Spent.set(Duration.ofNanos(System.nanoTime() - start));
            String reply = io.grpc.Context.ROOT.call(() -> Loopback.call(next, CallOptions.DEFAULT, req + ">1"));
            resp.onNext(reply);
            resp.onCompleted();
          }
        })) {
      Channel hop0 = hop1.channel();
      try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(20))) {
        assertEquals("0>1>2", Loopback.call(hop0, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx), "0"));
      }
      Duration budget = Duration.ofSeconds(20);
      assertTrue(atHop1.get().compareTo(budget) <= 0, () -> "hop 1: " + atHop1.get());
      assertTrue(atHop2.get().compareTo(atHop1.get().minus(hop1Spent.get())) <= 0,
          () -> "hop 2 saw " + atHop2.get() + ", hop 1 had " + atHop1.get() + " and spent " + hop1Spent.get());
      assertTrue(atHop2.get().compareTo(budget.minusSeconds(10)) > 0, () -> "hop 2: " + atHop2.get());
    }
  }

  @ParameterizedTest
  @EnumSource(Loopback.Transport.class)
  void cancellingAtHopZeroStopsTheHandlerAtHopTwo(Loopback.Transport transport) throws Exception {
    CountDownLatch hop2Blocked = new CountDownLatch(1);
    CountDownLatch hop2Stopped = new CountDownLatch(1);
    AtomicReference<ContextException> hop2Err = new AtomicReference<>();
    AtomicReference<StatusRuntimeException> hop1Saw = new AtomicReference<>();
    CountDownLatch hop1Failed = new CountDownLatch(1);
    try (Loopback hop2 = Loopback.start(transport, (req, resp) -> {
          hop2Blocked.countDown();
          if (Context.current().done().await(30, TimeUnit.SECONDS)) {
            hop2Err.set(Context.current().err());
            hop2Stopped.countDown();
          }
        });
        Loopback hop1 = Loopback.start(transport, new Loopback.Handler() {
          final Channel next = hop2.channel();

          @Override
          public void handle(String req, io.grpc.stub.StreamObserver<String> resp) throws Exception {
            try {
              io.grpc.Context.ROOT.call(() -> Loopback.call(next, CallOptions.DEFAULT, req));
            } catch (StatusRuntimeException e) {
              hop1Saw.set(e);
              hop1Failed.countDown();
              throw e;
            }
          }
        })) {
      Channel hop0 = hop1.channel();
      CancellableContext ctx = Context.background().withCancel();
      Future<String> reply = ClientCalls.futureUnaryCall(
          hop0.newCall(Loopback.METHOD, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx)), "x");
      assertTrue(hop2Blocked.await(30, TimeUnit.SECONDS));
      ctx.cancel();

      assertTrue(hop2Stopped.await(20, TimeUnit.SECONDS), "hop 2's handler did not see the cancel");
      assertInstanceOf(CancelledException.class, hop2Err.get());
      ExecutionException e = assertThrows(ExecutionException.class, () -> reply.get(30, TimeUnit.SECONDS));
      assertEquals(Status.Code.CANCELLED, Status.fromThrowable(e.getCause()).getCode());
      assertInstanceOf(CancelledException.class, Ctx4jGrpc.contextException(e.getCause()).orElseThrow());
      assertTrue(hop1Failed.await(30, TimeUnit.SECONDS));
      // hop 1's own call was cancelled by hop 1's context, which the client's cancel ended
      assertEquals(Status.Code.CANCELLED, hop1Saw.get().getStatus().getCode());
      assertInstanceOf(CancelledException.class, Ctx4jGrpc.contextException(hop1Saw.get()).orElseThrow());
    }
  }
}
