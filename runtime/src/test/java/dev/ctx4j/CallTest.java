package dev.ctx4j;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctx4j.internal.Call;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * J8: the interruption primitive generated code uses ({@link Call}), driven exactly as the generated code drives it:
 *
 * <pre>{@code
 * Call call = Call.cancellable(ctx, "T.m", true);
 * try { R r = body(call.context()); call.end(); return r; }
 * catch (Throwable t) { throw call.fail(t); }
 * finally { call.close(); }
 * }</pre>
 *
 * Bodies that block run on forked threads, so the test thread's interrupt flag is never touched.
 */
class CallTest extends ContextTestBase {

  /** What one call through the generated shape produced. */
  record Outcome(Object returned, Throwable thrown, boolean interruptedAfter) {}

  interface Body {
    Object run(Context ctx) throws Throwable;
  }

  /** The generated synchronous shape, on the calling thread; records the interrupt flag after close (and clears it). */
  static Outcome invoke(Call call, Body body) {
    Object returned = null;
    Throwable thrown = null;
    try {
      try {
        returned = body.run(call.context());
        call.end();
      } catch (Throwable t) {
        throw call.fail(t);
      } finally {
        call.close();
      }
    } catch (Throwable t) {
      thrown = t;
    }
    return new Outcome(returned, thrown, Thread.interrupted());
  }

  /** Blocks until interrupted (bounded), like a body waiting on I/O or a lock. */
  static Object blockUntilInterrupted(CountDownLatch entered) throws InterruptedException {
    entered.countDown();
    if (new CountDownLatch(1).await(BOUND_SECONDS, SECONDS)) {
      fail("unreachable");
    }
    return "not interrupted within the bound";
  }

  @Test
  @DisplayName("J8 the calling thread is interrupted when the parent is cancelled during the call, and the flag is cleared after")
  void interruptOnParentCancel() throws Exception {
    CancellableContext parent = Context.background().withCancel();
    CountDownLatch entered = new CountDownLatch(1);
    Forked<Outcome> caller =
        fork(
            "caller",
            () -> invoke(Call.cancellable(parent, "T.m", true), ctx -> blockUntilInterrupted(entered)));
    assertTrue(entered.await(BOUND_SECONDS, SECONDS));
    parent.cancel();
    Outcome outcome = caller.result();
    CancelledException thrown = assertInstanceOf(CancelledException.class, outcome.thrown());
    assertTrue(String.valueOf(thrown.getMessage()).contains("T.m"), thrown.getMessage());
    assertTrue(attached(thrown, InterruptedException.class), "the body's own exception is attached");
    assertFalse(outcome.interruptedAfter(), "the mechanism's interrupt is cleared when the call ends");
    assertEquals(0, children(parent));
  }

  @Test
  @DisplayName("J8 the calling thread is interrupted when a @Timeout call's deadline passes")
  void interruptOnTimeout() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    Forked<Outcome> caller =
        fork(
            "timed-caller",
            () ->
                invoke(
                    Call.timeout(Context.background(), "T.slow", 50, MILLISECONDS, true),
                    ctx -> blockUntilInterrupted(entered)));
    Outcome outcome = caller.result();
    DeadlineExceededException thrown = assertInstanceOf(DeadlineExceededException.class, outcome.thrown());
    assertTrue(String.valueOf(thrown.getMessage()).contains("T.slow"), thrown.getMessage());
    assertFalse(outcome.interruptedAfter());
  }

  @Test
  @DisplayName("J8 an interrupt the thread already had before the call is kept")
  void earlierInterruptIsKept() throws Exception {
    try (CancellableContext parent = Context.background().withCancel()) {
      Forked<Outcome> caller =
          fork(
              "pre-interrupted",
              () -> {
                Thread.currentThread().interrupt();
                return invoke(Call.cancellable(parent, "T.m", true), ctx -> "ok");
              });
      Outcome outcome = caller.result();
      assertNull(outcome.thrown());
      assertEquals("ok", outcome.returned());
      assertTrue(outcome.interruptedAfter(), "the caller's own interrupt must survive the call");
    }
  }

  @Test
  @DisplayName("J8 an interrupt from elsewhere during the call is kept, and the body's result returned")
  void interruptFromElsewhereIsKept() throws Exception {
    try (CancellableContext parent = Context.background().withCancel()) {
      Outcome self =
          fork(
                  "self-interrupting",
                  () ->
                      invoke(
                          Call.cancellable(parent, "T.m", true),
                          ctx -> {
                            Thread.currentThread().interrupt();
                            return "ok";
                          }))
              .result();
      assertEquals("ok", self.returned());
      assertTrue(self.interruptedAfter());

      CountDownLatch entered = new CountDownLatch(1);
      Forked<Outcome> caller =
          fork(
              "interrupted-from-elsewhere",
              () ->
                  invoke(
                      Call.cancellable(parent, "T.m", true),
                      ctx -> {
                        try {
                          return blockUntilInterrupted(entered);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt(); // the body restores the flag, as it should
                          return "interrupted";
                        }
                      }));
      assertTrue(entered.await(BOUND_SECONDS, SECONDS));
      caller.thread.interrupt();
      Outcome outcome = caller.result();
      assertNull(outcome.thrown(), "the context is live: the body's outcome is returned unchanged");
      assertEquals("interrupted", outcome.returned());
      assertTrue(outcome.interruptedAfter(), "an interrupt from elsewhere is not the mechanism's to clear");
    }
  }

  @Test
  @DisplayName("J8 a body that ignores the interrupt: the call still ends with the context's exception and a clear flag")
  void ignoredInterruptIsCleared() throws Exception {
    CancellableContext parent = Context.background().withCancel();
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch cancelReturned = new CountDownLatch(1);
    AtomicReference<Boolean> flagAfterCancelReturned = new AtomicReference<>();
    Forked<Outcome> caller =
        fork(
            "ignoring",
            () -> {
              Outcome o =
                  invoke(
                      Call.cancellable(parent, "T.m", true),
                      ctx -> {
                        entered.countDown();
                        long deadline = System.nanoTime() + SECONDS.toNanos(BOUND_SECONDS);
                        while (!ctx.done().isDone() && System.nanoTime() < deadline) {
                          Thread.onSpinWait();
                        }
                        return "finished anyway";
                      });
              assertTrue(cancelReturned.await(BOUND_SECONDS, SECONDS));
              flagAfterCancelReturned.set(Thread.interrupted());
              return o;
            });
    assertTrue(entered.await(BOUND_SECONDS, SECONDS));
    parent.cancel();
    cancelReturned.countDown();
    Outcome outcome = caller.result();
    assertInstanceOf(CancelledException.class, outcome.thrown(), "P7: returned normally after the context was done");
    assertFalse(outcome.interruptedAfter());
    assertFalse(flagAfterCancelReturned.get(), "no stray interrupt arrives after the call ended");
  }

  @Test
  @DisplayName("J8 with interrupt=false the thread is not interrupted; the body sees the context end instead")
  void noInterruptWhenTurnedOff() throws Exception {
    CancellableContext parent = Context.background().withCancel();
    CountDownLatch entered = new CountDownLatch(1);
    Forked<Outcome> caller =
        fork(
            "not-interrupted",
            () ->
                invoke(
                    Call.cancellable(parent, "T.m", false),
                    ctx -> {
                      entered.countDown();
                      assertTrue(ctx.done().await(BOUND_SECONDS, SECONDS));
                      return Thread.currentThread().isInterrupted() ? "interrupted" : "quiet";
                    }));
    assertTrue(entered.await(BOUND_SECONDS, SECONDS));
    parent.cancel();
    Outcome outcome = caller.result();
    assertInstanceOf(CancelledException.class, outcome.thrown());
    assertFalse(outcome.interruptedAfter());
  }

  @Test
  @DisplayName("J8 after the call has ended, cancelling its parent interrupts nothing")
  void noInterruptAfterTheCall() throws Exception {
    CancellableContext parent = Context.background().withCancel();
    CountDownLatch ended = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    Forked<Boolean> caller =
        fork(
            "ended",
            () -> {
              Outcome o = invoke(Call.cancellable(parent, "T.m", true), ctx -> "ok");
              assertEquals("ok", o.returned());
              ended.countDown();
              assertTrue(cancelled.await(BOUND_SECONDS, SECONDS));
              return Thread.interrupted();
            });
    assertTrue(ended.await(BOUND_SECONDS, SECONDS));
    parent.cancel();
    cancelled.countDown();
    assertFalse(caller.result());
  }

  @Test
  @DisplayName("J8 interrupt versus return: 500 races leave no interrupt behind, before or after close")
  void interruptVersusReturnRace() throws Exception {
    // The caller makes short calls in a loop while the canceller cancels their parent, so that calls end right as
    // the interrupt is being delivered. The caller's thread delivers interrupts slowly (see SlowInterruptThread), so
    // a call that ends without waiting for an interrupt in flight is caught every time it happens. After each round
    // no interrupt may remain, or arrive once the parent's cancel has returned.
    int iterations = 500;
    AtomicInteger started = new AtomicInteger();
    AtomicInteger ended = new AtomicInteger();
    AtomicInteger callsMade = new AtomicInteger();
    List<String> problems = new ArrayList<>();
    CancellableContext[] parents = new CancellableContext[iterations];
    for (int i = 0; i < iterations; i++) {
      parents[i] = Context.background().withCancel();
    }
    Forked<Void> canceller =
        fork(
            "race-canceller",
            () -> {
              for (int i = 0; i < iterations; i++) {
                meet(started, 2 * (i + 1));
                // Let the caller get going, then cancel.
                int target = 1 + i % 8;
                long giveUp = System.nanoTime() + SECONDS.toNanos(BOUND_SECONDS);
                while (callsMade.get() < target && System.nanoTime() - giveUp < 0) {
                  Thread.yield();
                }
                parents[i].cancel();
                meet(ended, 2 * (i + 1));
              }
              return null;
            });
    FutureTask<Void> callerTask =
        new FutureTask<>(
            () -> {
              SlowInterruptThread me = (SlowInterruptThread) Thread.currentThread();
              for (int i = 0; i < iterations; i++) {
                if (Thread.interrupted()) {
                  problems.add("iteration " + i + ": a stray interrupt from an earlier round");
                }
                callsMade.set(0);
                meet(started, 2 * (i + 1));
                for (boolean live = true; live; ) {
                  callsMade.incrementAndGet();
                  Outcome o;
                  me.callEnded = false;
                  try {
                    o = invoke(Call.cancellable(parents[i], "T.m", true), ctx -> busyFor(2_000));
                  } catch (ContextException failFast) {
                    o = new Outcome(null, failFast, Thread.interrupted());
                  } finally {
                    me.callEnded = true;
                  }
                  if (o.interruptedAfter()) {
                    problems.add("iteration " + i + ": interrupted after close");
                  }
                  if (o.thrown() != null) {
                    if (!(o.thrown() instanceof CancelledException)) {
                      problems.add("iteration " + i + ": unexpected " + o.thrown());
                    }
                    live = false;
                  }
                }
                meet(ended, 2 * (i + 1));
                // The canceller's cancel() has returned: an interrupt still in flight would be a leak.
                if (Thread.interrupted()) {
                  problems.add("iteration " + i + ": interrupted after the call ended");
                }
              }
              return null;
            });
    SlowInterruptThread callerThread = new SlowInterruptThread(callerTask, "race-caller");
    callerThread.setDaemon(true);
    callerThread.start();
    callerTask.get(60, SECONDS);
    canceller.result();
    assertTrue(problems.isEmpty(), () -> problems.size() + " problems, first: " + problems.get(0));
    for (CancellableContext p : parents) {
      assertEquals(0, children(p));
    }
  }

  /** A meeting point that, unlike a CyclicBarrier, does not respond to interrupts: waits until {@code target}. */
  private static void meet(AtomicInteger arrivals, int target) {
    arrivals.incrementAndGet();
    long giveUp = System.nanoTime() + SECONDS.toNanos(BOUND_SECONDS);
    while (arrivals.get() < target) {
      if (System.nanoTime() - giveUp > 0) {
        throw new AssertionError("the other thread did not arrive");
      }
      Thread.yield();
    }
  }

  /** A body that works (without blocking) for about {@code nanos}, so that calls are in flight most of the time. */
  static String busyFor(long nanos) {
    long until = System.nanoTime() + nanos;
    while (System.nanoTime() - until < 0) {
      Thread.onSpinWait();
    }
    return "ok";
  }

  /**
   * Fault injection: a thread whose {@link #interrupt()} lands only once its current call has ended (or after 1 ms at
   * most). A correct call end waits for an interrupt in flight, so it sees the 1 ms; one that does not wait finishes
   * first and is hit by the interrupt afterwards, which the race test detects.
   */
  static final class SlowInterruptThread extends Thread {
    volatile boolean callEnded = true;

    SlowInterruptThread(Runnable task, String name) {
      super(task, name);
    }

    @Override
    public void interrupt() {
      long until = System.nanoTime() + 1_000_000;
      while (!callEnded && System.nanoTime() - until < 0) {
        Thread.onSpinWait();
      }
      super.interrupt();
    }
  }

  @Test
  @DisplayName("J8 a call on a done parent fails fast: the body never runs")
  void failFastOnDoneParent() {
    CancellableContext parent = Context.background().withCancel();
    Exception cause = new Exception("cause");
    parent.cancel(cause);
    CancelledException e = assertThrows(CancelledException.class, () -> Call.cancellable(parent, "T.m", true));
    assertNotNull(e.getMessage());
    CancellableContext expired = Context.background().withTimeout(Duration.ZERO);
    assertThrows(
        DeadlineExceededException.class, () -> Call.timeout(expired, "T.m", 1, TimeUnit.SECONDS, true));
    assertEquals(0, children(parent));
  }

  @Test
  @DisplayName("J8 a call on a live context returns the body's value or rethrows its exception unchanged, then cancels")
  void liveCallOutcomes() {
    CancellableContext parent = Context.background().withCancel();
    try {
      Call ok = Call.cancellable(parent, "T.m", true);
      Context derived = ok.context();
      assertNotSameContext(parent, derived);
      assertEquals(1, children(parent));
      Outcome o = invoke(ok, ctx -> "value");
      assertEquals("value", o.returned());
      assertTrue(derived.done().isDone(), "P5: the derived context is cancelled when the call ends");
      assertSame(CANCELED, derived.err());
      assertFalse(parent.done().isDone());
      assertEquals(0, children(parent));
      ok.close(); // idempotent

      IOException io = new IOException("own failure");
      Outcome failed =
          invoke(
              Call.cancellable(parent, "T.m", true),
              ctx -> {
                throw io;
              });
      assertSame(io, failed.thrown(), "the body's exception, unchanged, checked or not");
      assertEquals(0, children(parent));
    } finally {
      parent.cancel();
    }
  }

  @Test
  @DisplayName("J8 a @Timeout call's deadline is the earlier of the parent's and now plus the timeout")
  void timeoutCallDeadline() {
    CancellableContext parent = Context.background().withTimeout(Duration.ofHours(1));
    try {
      Instant parentDeadline = parent.deadline().orElseThrow();
      Call longer = Call.timeout(parent, "T.m", 2, TimeUnit.HOURS, true);
      assertEquals(parentDeadline, longer.context().deadline().orElseThrow());
      longer.close();
      Instant before = Instant.now();
      Call shorter = Call.timeout(parent, "T.m", 10, TimeUnit.SECONDS, true);
      Instant d = shorter.context().deadline().orElseThrow();
      assertTrue(d.isBefore(parentDeadline));
      assertTrue(Duration.between(before.plusSeconds(10), d).abs().compareTo(Duration.ofSeconds(1)) <= 0, d.toString());
      shorter.close();
      assertEquals(0, children(parent));
    } finally {
      parent.cancel();
    }
  }

  @Test
  @DisplayName("J8 attach binds the call's context as current until close")
  void attachBindsUntilClose() {
    Call call = Call.cancellable(Context.background(), "T.m", true).attach();
    try {
      assertSame(call.context(), Context.current());
    } finally {
      call.close();
    }
    assertSame(Context.background(), Context.current());
  }

  @Test
  @DisplayName("J8 async: the returned future completes like the stage, then the derived context is cancelled")
  void asyncCompletesLikeTheStage() throws Exception {
    Call call = Call.cancellable(Context.background(), "T.f", false);
    Context derived = call.context();
    CompletableFuture<String> work = new CompletableFuture<>();
    CompletableFuture<String> returned = call.async(work);
    assertFalse(returned.isDone());
    work.complete("result");
    assertEquals("result", returned.get(BOUND_SECONDS, SECONDS));
    awaitDone(derived);
  }

  @Test
  @DisplayName("J8 async: the returned future fails with DeadlineExceededException at the deadline, not when the work ends")
  void asyncFailsAtTheDeadline() throws Exception {
    // 500 ms, not less: the call must still be live when async() hands the stage over, even after a JIT or GC pause
    // (with 20 ms, a pause right after the Lincheck tests made Call.timeout itself fail fast)
    Call call = Call.timeout(Context.background(), "T.f", 500, MILLISECONDS, false);
    CompletableFuture<String> work = new CompletableFuture<>();
    CompletableFuture<String> returned = call.async(work);
    // get() reports a CancellationException (which a ContextException is) as itself on JDK 17 and wrapped in a new
    // one on JDK 25; handle() sees the exception the future was completed with, on every JDK.
    Throwable failure = returned.handle((v, t) -> t).get(BOUND_SECONDS, SECONDS);
    DeadlineExceededException e = assertInstanceOf(DeadlineExceededException.class, failure);
    assertTrue(String.valueOf(e.getMessage()).contains("T.f"), e.getMessage());
    assertThrows(java.util.concurrent.CancellationException.class, () -> returned.get(BOUND_SECONDS, SECONDS));
    assertTrue(returned.isCompletedExceptionally());
    assertFalse(work.isDone(), "the work itself goes on");
  }

  @Test
  @DisplayName("J8 async: cancelling the returned future cancels the derived context")
  void cancellingTheFutureCancelsTheContext() throws InterruptedException {
    CancellableContext parent = Context.background().withCancel();
    try {
      Call call = Call.cancellable(parent, "T.f", false);
      Context derived = call.context();
      CompletableFuture<String> returned = call.async(new CompletableFuture<>());
      returned.cancel(true);
      awaitDone(derived);
      assertFalse(parent.done().isDone());
      awaitTrue(() -> children(parent) == 0, () -> "children " + children(parent));
    } finally {
      parent.cancel();
    }
  }

  @Test
  @DisplayName("J8 null arguments and a non-positive timeout are rejected, naming the argument")
  void badArguments() {
    assertNpeNames("parent", () -> Call.cancellable(null, "T.m", true));
    assertNpeNames("method", () -> Call.cancellable(Context.background(), null, true));
    assertNpeNames("parent", () -> Call.timeout(null, "T.m", 1, SECONDS, true));
    assertNpeNames("method", () -> Call.timeout(Context.background(), null, 1, SECONDS, true));
    assertNpeNames("unit", () -> Call.timeout(Context.background(), "T.m", 1, null, true));
    assertThrows(IllegalArgumentException.class, () -> Call.timeout(Context.background(), "T.m", 0, SECONDS, true));
    assertThrows(IllegalArgumentException.class, () -> Call.timeout(Context.background(), "T.m", -1, SECONDS, true));
  }

  static void assertNpeNames(String name, org.junit.jupiter.api.function.Executable call) {
    NullPointerException e = assertThrows(NullPointerException.class, call);
    assertTrue(String.valueOf(e.getMessage()).contains(name), () -> "message '" + e.getMessage() + "' names " + name);
  }

  private static void assertNotSameContext(Context a, Context b) {
    assertFalse(a == b, "the call derives its own context");
  }

  private static boolean attached(Throwable t, Class<? extends Throwable> kind) {
    if (kind.isInstance(t.getCause())) {
      return true;
    }
    for (Throwable s : t.getSuppressed()) {
      if (kind.isInstance(s)) {
        return true;
      }
    }
    return false;
  }
}
