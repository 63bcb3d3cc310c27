package dev.ctx4j;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** J3: waiting on done, sleeping unless done, waiting for a future or the context. */
class BlockingTest extends ContextTestBase {

  private static final Duration LONG = Duration.ofMinutes(10);

  // -------------------------------------------------------------------------------------------------------------
  // The done signal

  @Test
  @DisplayName("J3 done().await() wakes every waiter blocked on other threads when the context is cancelled")
  void awaitWakesAllWaiters() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    CountDownLatch waiting = new CountDownLatch(4);
    List<Forked<Boolean>> waiters = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      waiters.add(
          fork(
              "waiter-" + i,
              () -> {
                waiting.countDown();
                ctx.done().await();
                return ctx.err() != null;
              }));
      waiters.add(
          fork(
              "timed-waiter-" + i,
              () -> {
                waiting.countDown();
                return ctx.done().await(LONG) && ctx.err() != null;
              }));
    }
    assertTrue(waiting.await(BOUND_SECONDS, SECONDS));
    ctx.cancel();
    for (Forked<Boolean> w : waiters) {
      assertTrue(w.result());
    }
  }

  @Test
  @DisplayName("J3 done().await(timeout) returns false when the time runs out and true once done")
  void timedAwait() throws InterruptedException {
    CancellableContext ctx = Context.background().withCancel();
    assertFalse(ctx.done().await(5, MILLISECONDS));
    assertFalse(ctx.done().await(Duration.ofMillis(5)));
    assertFalse(ctx.done().await(0, MILLISECONDS));
    assertFalse(ctx.done().isDone());
    ctx.cancel();
    assertTrue(ctx.done().await(0, MILLISECONDS));
    assertTrue(ctx.done().await(Duration.ZERO));
    assertTrue(ctx.done().await(Duration.ofSeconds(-1)));
    ctx.done().await();
  }

  @Test
  @DisplayName("J3 done().await() throws InterruptedException when the waiter is interrupted, clearing the flag")
  void awaitIsInterruptible() throws Exception {
    try (CancellableContext ctx = Context.background().withCancel()) {
      Forked<String> waiter =
          fork(
              "interrupted-waiter",
              () -> {
                Thread.currentThread().interrupt();
                try {
                  ctx.done().await();
                  return "returned";
                } catch (InterruptedException e) {
                  return Thread.currentThread().isInterrupted() ? "flag still set" : "ok";
                }
              });
      assertEquals("ok", waiter.result());
      Forked<String> timed =
          fork(
              "interrupted-timed-waiter",
              () -> {
                Thread.currentThread().interrupt();
                try {
                  ctx.done().await(LONG);
                  return "returned";
                } catch (InterruptedException e) {
                  return "ok";
                }
              });
      assertEquals("ok", timed.result());
    }
  }

  @Test
  @DisplayName("J3 the done signal as a CompletionStage completes on cancel and cannot be completed by callers")
  void doneAsCompletionStage() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    CompletionStage<Void> stage = ctx.done().toCompletionStage();
    CompletableFuture<Void> copy = stage.toCompletableFuture();
    assertFalse(copy.isDone());
    copy.complete(null);
    copy.completeExceptionally(new Exception("x"));
    if (stage instanceof CompletableFuture<?> f) {
      assertThrows(UnsupportedOperationException.class, () -> f.complete(null));
    }
    assertFalse(ctx.done().isDone(), "completing a copy does not close the signal");
    assertFalse(ctx.done().toCompletionStage().toCompletableFuture().isDone());

    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    stage.thenRun(
        () -> {
          ranOn.set(Thread.currentThread());
          ran.countDown();
        });
    ctx.cancel();
    assertTrue(ran.await(BOUND_SECONDS, SECONDS));
    assertNotSame(Thread.currentThread(), ranOn.get(), "dependents never run on the cancelling thread");
    assertNull(ctx.done().toCompletionStage().toCompletableFuture().get(BOUND_SECONDS, SECONDS));
  }

  // -------------------------------------------------------------------------------------------------------------
  // sleep

  @Test
  @DisplayName("J3 sleep returns normally after the duration when the context stays live")
  void sleepReturnsWhenLive() throws InterruptedException {
    try (CancellableContext ctx = Context.background().withCancel()) {
      long start = System.nanoTime();
      ctx.sleep(Duration.ofMillis(20));
      assertTrue(System.nanoTime() - start >= MILLISECONDS.toNanos(20), "slept less than asked");
      Context.background().sleep(Duration.ofMillis(1));
      ctx.sleep(Duration.ZERO);
    }
  }

  @Test
  @DisplayName("J3 sleep on a done context throws at once: the context's exception, with its cause")
  void sleepOnDoneContextThrows() {
    CancellableContext cancelled = Context.background().withCancel();
    Exception e = new Exception("e");
    cancelled.cancel(e);
    CancelledException thrown = assertThrows(CancelledException.class, () -> cancelled.sleep(LONG));
    assertSame(e, thrown.getCause());
    CancellableContext expired = Context.background().withTimeout(Duration.ZERO);
    assertThrows(DeadlineExceededException.class, () -> expired.sleep(LONG));
    assertThrows(DeadlineExceededException.class, () -> expired.sleep(Duration.ZERO));
  }

  @Test
  @DisplayName("J3 sleep is cut short by a cancel from another thread")
  void sleepIsCutShortByCancel() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    CountDownLatch sleeping = new CountDownLatch(1);
    Forked<Throwable> sleeper =
        fork(
            "sleeper",
            () -> {
              sleeping.countDown();
              try {
                ctx.sleep(LONG);
                return null;
              } catch (ContextException expected) {
                return expected;
              }
            });
    assertTrue(sleeping.await(BOUND_SECONDS, SECONDS));
    ctx.cancel();
    assertInstanceOf(CancelledException.class, sleeper.result());
  }

  @Test
  @DisplayName("J3 sleep ends with DeadlineExceededException when the deadline comes first")
  void sleepEndsAtTheDeadline() throws Exception {
    CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(20));
    Forked<Throwable> sleeper =
        fork(
            "deadline-sleeper",
            () -> {
              try {
                ctx.sleep(LONG);
                return null;
              } catch (ContextException expected) {
                return expected;
              }
            });
    assertInstanceOf(DeadlineExceededException.class, sleeper.result());
  }

  @Test
  @DisplayName("J3 sleep throws InterruptedException when the thread is interrupted")
  void sleepIsInterruptible() throws Exception {
    try (CancellableContext ctx = Context.background().withCancel()) {
      Forked<Throwable> sleeper =
          fork(
              "interrupted-sleeper",
              () -> {
                Thread.currentThread().interrupt();
                try {
                  ctx.sleep(LONG);
                  return null;
                } catch (InterruptedException expected) {
                  return expected;
                }
              });
      assertInstanceOf(InterruptedException.class, sleeper.result());
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // await(Future), await(CompletionStage)

  @Test
  @DisplayName("J3 await returns the future's or stage's result when it completes first")
  void awaitReturnsResultWhenFutureWins() throws Exception {
    try (CancellableContext ctx = Context.background().withTimeout(LONG)) {
      // A CompletableFuture is both a Future and a CompletionStage; its own overload needs no cast.
      assertEquals("done", ctx.await(CompletableFuture.completedFuture("done")));
      assertEquals("done", ctx.await((Future<String>) CompletableFuture.completedFuture("done")));
      assertEquals("done", ctx.await((CompletionStage<String>) CompletableFuture.completedFuture("done")));
      CompletableFuture<String> later = new CompletableFuture<>();
      Forked<String> waiter = fork("future-waiter", () -> ctx.await((Future<String>) later));
      later.complete("later");
      assertEquals("later", waiter.result());

      CompletableFuture<String> stage = new CompletableFuture<>();
      Forked<String> stageWaiter = fork("stage-waiter", () -> ctx.await(stage.minimalCompletionStage()));
      stage.complete("staged");
      assertEquals("staged", stageWaiter.result());

      FutureTask<String> plain = new FutureTask<>(() -> "plain");
      Forked<String> plainWaiter = fork("plain-future-waiter", () -> ctx.await(plain));
      plain.run();
      assertEquals("plain", plainWaiter.result());
      assertFalse(ctx.done().isDone());
    }
  }

  @Test
  @DisplayName("J3 await throws the context's exception when the context is done first, leaving the future alone")
  void awaitThrowsWhenContextWins() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    CompletableFuture<String> never = new CompletableFuture<>();
    FutureTask<String> neverTask = new FutureTask<>(() -> "never");
    CompletableFuture<String> neverStage = new CompletableFuture<>();
    CountDownLatch waiting = new CountDownLatch(3);
    List<Forked<Throwable>> waiters = new ArrayList<>();
    waiters.add(fork("await-future", () -> awaitExpectingContextException(waiting, () -> ctx.await((Future<String>) never))));
    waiters.add(fork("await-task", () -> awaitExpectingContextException(waiting, () -> ctx.await(neverTask))));
    waiters.add(
        fork(
            "await-stage",
            () -> awaitExpectingContextException(waiting, () -> ctx.await(neverStage.minimalCompletionStage()))));
    assertTrue(waiting.await(BOUND_SECONDS, SECONDS));
    Exception e = new Exception("e");
    ctx.cancel(e);
    for (Forked<Throwable> w : waiters) {
      Throwable thrown = w.result();
      assertInstanceOf(CancelledException.class, thrown);
      assertSame(e, thrown.getCause());
    }
    assertFalse(never.isDone(), "the future is not cancelled: that is the caller's decision");
    assertFalse(neverTask.isDone());
    assertFalse(neverStage.isDone());

    CancellableContext expired = Context.background().withTimeout(Duration.ofMillis(10));
    assertThrows(DeadlineExceededException.class, () -> expired.await((Future<String>) new CompletableFuture<String>()));
  }

  private interface Awaiting {
    Object run() throws Exception;
  }

  private static Throwable awaitExpectingContextException(CountDownLatch waiting, Awaiting body) {
    waiting.countDown();
    try {
      return new AssertionError("returned " + body.run());
    } catch (ContextException expected) {
      return expected;
    } catch (Exception other) {
      return new AssertionError(other);
    }
  }

  @Test
  @DisplayName("J3 await reports the future's failure as ExecutionException and its cancellation as is")
  void awaitReportsFutureFailure() throws InterruptedException {
    try (CancellableContext ctx = Context.background().withCancel()) {
      IOException io = new IOException("io");
      ExecutionException failed =
          assertThrows(ExecutionException.class, () -> ctx.await((Future<String>) CompletableFuture.<String>failedFuture(io)));
      assertSame(io, failed.getCause());
      ExecutionException failedStage =
          assertThrows(ExecutionException.class, () -> ctx.await(CompletableFuture.failedStage(io)));
      assertSame(io, failedStage.getCause());

      CompletableFuture<String> cancelled = new CompletableFuture<>();
      cancelled.cancel(false);
      CancellationException c = assertThrows(CancellationException.class, () -> ctx.await((Future<String>) cancelled));
      assertFalse(c instanceof ContextException, "the context is live; the future was cancelled");
      assertDoesNotThrow(ctx::throwIfDone);
    }
  }

  @Test
  @DisplayName("J3 await is woken by cancellation promptly, also on a plain Future that offers no callbacks")
  void awaitOnPlainFutureIsWokenByCancel() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    FutureTask<String> plain = new FutureTask<>(() -> "never run");
    CountDownLatch waiting = new CountDownLatch(1);
    Forked<Throwable> waiter =
        fork("plain-waiter", () -> awaitExpectingContextException(waiting, () -> ctx.await(plain)));
    assertTrue(waiting.await(BOUND_SECONDS, SECONDS));
    ctx.cancel();
    assertInstanceOf(CancelledException.class, waiter.result());
  }
}
