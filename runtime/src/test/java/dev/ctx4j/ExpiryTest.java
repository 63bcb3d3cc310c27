package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.internal.Expiry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * The integrations' early expiry: a context ended by {@link Expiry} looks exactly as if its deadline had passed, to
 * it and to its whole subtree, and only the first ending counts.
 */
class ExpiryTest extends ContextTestBase {

  @Test
  void anEarlyExpiryEndsTheSubtreeWithTheDeadlineErrorAndTheCause() {
    CancellableContext ctx = Context.background().withTimeout(Duration.ofHours(1));
    Context child = ctx.withValue(Key.<String>of("k"), "v").withCancel();
    CompletableFuture<Void> callback = new CompletableFuture<>();
    child.afterFunc(() -> callback.complete(null), Runnable::run);
    IllegalStateException cause = new IllegalStateException("client reset the stream at its deadline");

    assertTrue(Expiry.RUNTIME.expire(ctx, cause));

    assertInstanceOf(DeadlineExceededException.class, ctx.err());
    assertSame(cause, ctx.cause());
    assertInstanceOf(DeadlineExceededException.class, child.err());
    assertSame(cause, child.cause());
    assertTrue(callback.isDone(), "the subtree's afterFunc ran before expire returned");
  }

  @Test
  void withoutACauseTheCauseIsTheErrorAsForATimerExpiry() {
    CancellableContext ctx = Context.background().withCancel();
    assertTrue(Expiry.RUNTIME.expire(ctx, null));
    assertInstanceOf(DeadlineExceededException.class, ctx.err());
    assertSame(ctx.err(), ctx.cause());
  }

  @Test
  void onlyTheFirstEndingCounts() {
    CancellableContext cancelled = Context.background().withTimeout(Duration.ofHours(1));
    cancelled.cancel();
    assertFalse(Expiry.RUNTIME.expire(cancelled, new IllegalStateException("late")));
    assertInstanceOf(CancelledException.class, cancelled.err());

    CancellableContext expired = Context.background().withTimeout(Duration.ofHours(1));
    assertTrue(Expiry.RUNTIME.expire(expired, null));
    assertFalse(expired.cancel());
    assertInstanceOf(DeadlineExceededException.class, expired.err());
  }

  @Test
  void anExternalDeadlineIsReportedButArmsNoTimer() {
    long timersBefore = pendingTimers();
    CancellableContext ctx = Expiry.RUNTIME.withExternalDeadline(Context.background(), 1, TimeUnit.HOURS);
    Context child = ctx.withTimeout(Duration.ofHours(2)); // the parent's deadline comes first: no timer either
    assertEquals(timersBefore, pendingTimers(), "an external deadline armed the runtime's timer");
    Duration left = ctx.timeRemaining().orElseThrow();
    assertTrue(left.compareTo(Duration.ofMinutes(59)) > 0 && left.compareTo(Duration.ofHours(1)) <= 0, left::toString);
    assertEquals(ctx.deadline(), child.deadline());

    assertTrue(Expiry.RUNTIME.expire(ctx, null));
    assertInstanceOf(DeadlineExceededException.class, child.err());
  }

  /**
   * A context whose deadline another engine enforces never had a timer entry, so ending it must not wait for the
   * timer's bucket lock, which every context whose deadline falls in the same tick shares (every concurrent call of a
   * gRPC server whose clients use the same timeout). The lock is held by another thread while the context ends.
   */
  @Test
  void endingAnExternalDeadlineLeavesTheTimerAlone() throws Exception {
    CancellableContext ctx = Expiry.RUNTIME.withExternalDeadline(Context.background(), 1, TimeUnit.HOURS);
    Object bucket = Timer.bucketOf(Timer.tickOf(((DeadlineNode) ctx).deadlineNanos));
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      synchronized (bucket) {
        held.countDown();
        awaitQuietly(release);
      }
    }, "bucket-holder");
    holder.start();
    try {
      assertTrue(held.await(10, TimeUnit.SECONDS));
      CompletableFuture<Boolean> cancelled = CompletableFuture.supplyAsync(ctx::cancel);
      assertTrue(cancelled.get(10, TimeUnit.SECONDS), "cancel waited for the timer's lock");
    } finally {
      release.countDown();
      holder.join();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void anExternalDeadlineAlreadyPassedIsExpiredAtOnce() {
    CancellableContext ctx = Expiry.RUNTIME.withExternalDeadline(Context.background(), -5, TimeUnit.MILLISECONDS);
    assertInstanceOf(DeadlineExceededException.class, ctx.err());
    CancellableContext far = Expiry.RUNTIME.withExternalDeadline(Context.background(), 10 * 365L, TimeUnit.DAYS);
    assertTrue(far.deadline().isPresent(), "a deadline within 100 years is kept");
    far.cancel();
    CancellableContext beyond = Expiry.RUNTIME.withExternalDeadline(Context.background(), Long.MAX_VALUE, TimeUnit.DAYS);
    assertTrue(beyond.deadline().isEmpty(), "a deadline beyond 100 years is no deadline, as for withTimeout");
    beyond.cancel();
  }

  /**
   * An integration reads a context's deadline as a {@code System.nanoTime()} value to make its engine's deadline: the
   * very moment the context keeps, read without the clock, for the context and for every descendant that inherits it.
   */
  @Test
  void deadlineAtHandsOverTheContextsOwnMoment() {
    long before = System.nanoTime();
    CancellableContext ctx = Context.background().withTimeout(Duration.ofHours(1));
    long after = System.nanoTime();
    long at = Expiry.RUNTIME.deadlineAt(ctx, nanoTime -> nanoTime);
    long hour = TimeUnit.HOURS.toNanos(1);
    assertTrue(at - (before + hour) >= 0 && (after + hour) - at >= 0, "deadline " + (at - before - hour) + " ns off");
    Context child = ctx.withValue(Key.<String>of("k"), "v").withCancel();
    assertEquals(at, (long) Expiry.RUNTIME.deadlineAt(child, nanoTime -> nanoTime), "a child's is its parent's");
    ctx.cancel();
    assertEquals(at, (long) Expiry.RUNTIME.deadlineAt(ctx, nanoTime -> nanoTime), "a done context keeps its deadline");
  }

  @Test
  void deadlineAtIsNullWithoutADeadlineAndConvertsAForeignOne() {
    LongFunction<Long> mustNotRun = nanoTime -> {
      throw new AssertionError("converted a deadline that does not exist");
    };
    assertNull(Expiry.RUNTIME.deadlineAt(Context.background(), mustNotRun));
    try (CancellableContext cancelOnly = Context.background().withCancel()) {
      assertNull(Expiry.RUNTIME.deadlineAt(cancelOnly, mustNotRun));
    }
    // a user-written context reports its deadline on the wall clock: converted at the current time
    try (CancellableContext timed = Context.background().withTimeout(Duration.ofMinutes(10))) {
      long left = Expiry.RUNTIME.deadlineAt(new OtherContext(timed), nanoTime -> nanoTime) - System.nanoTime();
      assertTrue(left > TimeUnit.MINUTES.toNanos(9) && left <= TimeUnit.MINUTES.toNanos(11), left + " ns left");
    }
    assertThrows(NullPointerException.class, () -> Expiry.RUNTIME.deadlineAt(null, nanoTime -> nanoTime));
    assertThrows(NullPointerException.class, () -> Expiry.RUNTIME.deadlineAt(Context.background(), null));
  }

  /** An engine's timer fired first: the deadline is enforced at once, down the subtree, as ctx4j's timer will. */
  @Test
  void aDeadlineThatHasPassedIsExpiredAtOnceWhenAnEngineSaysSo() {
    // an external deadline has no timer entry: nothing but expireIfDue can end it here
    CancellableContext owner = Expiry.RUNTIME.withExternalDeadline(Context.background(), 1, TimeUnit.NANOSECONDS);
    Context child = owner.withValue(Key.<String>of("k"), "v");
    while (child.timeRemaining().orElseThrow().toNanos() > 0) {
      Thread.onSpinWait();
    }
    assertFalse(owner.done().isDone());

    assertTrue(Expiry.RUNTIME.expireIfDue(child, 0));

    assertInstanceOf(DeadlineExceededException.class, owner.err());
    assertInstanceOf(DeadlineExceededException.class, child.err());
    assertTrue(Expiry.RUNTIME.expireIfDue(child, 0), "done already: nothing more to do");
  }

  /** An engine's timer fired a little early: the rest is waited out, and the deadline is not enforced before it. */
  @Test
  void aDeadlineThatPassesWithinTheWaitIsWaitedOutThenExpired() {
    long earliest = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
    CancellableContext owner =
        Expiry.RUNTIME.withExternalDeadline(Context.background(), 20, TimeUnit.MILLISECONDS);

    assertTrue(Expiry.RUNTIME.expireIfDue(owner, TimeUnit.SECONDS.toNanos(10)));

    assertTrue(System.nanoTime() - earliest >= 0, "expired before its deadline");
    assertInstanceOf(DeadlineExceededException.class, owner.err());
  }

  /**
   * expireIfDue racing ctx4j's own timer for the same deadline, many times over: each context ends once, as a deadline
   * with its cause, and its callback runs once, whichever side ends it.
   */
  @Test
  void expireIfDueRacingTheTimerEndsEachContextOnce() throws Exception {
    for (int round = 0; round < 500; round++) {
      IllegalStateException why = new IllegalStateException("budget of round " + round);
      CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(1), why);
      java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
      CountDownLatch first = new CountDownLatch(1);
      ctx.afterFunc(() -> {
        ran.incrementAndGet();
        first.countDown();
      }, Runnable::run);
      assertTrue(Expiry.RUNTIME.expireIfDue(ctx, TimeUnit.SECONDS.toNanos(1)), "round " + round);
      assertInstanceOf(DeadlineExceededException.class, ctx.err(), "round " + round);
      assertSame(why, ctx.cause(), "round " + round);
      assertTrue(first.await(10, TimeUnit.SECONDS), "round " + round + ": the callback ran");
      assertEquals(1, ran.get(), "round " + round + ": the callback ran once");
    }
  }

  @Test
  void aDeadlineNotYetPassedOrNotKeptByCtx4jIsLeftAlone() {
    CancellableContext later = Context.background().withTimeout(Duration.ofHours(1));
    assertFalse(Expiry.RUNTIME.expireIfDue(later.withCancel(), TimeUnit.SECONDS.toNanos(1)));
    assertFalse(later.done().isDone());
    assertFalse(Expiry.RUNTIME.expireIfDue(Context.background(), 0));
    CancellableContext noDeadline = Context.background().withCancel();
    assertFalse(Expiry.RUNTIME.expireIfDue(noDeadline, 0));
    noDeadline.cancel();
    assertTrue(Expiry.RUNTIME.expireIfDue(noDeadline, 0), "done, by its cancel");
    assertInstanceOf(CancelledException.class, noDeadline.err());
    later.cancel();
    assertThrows(NullPointerException.class, () -> Expiry.RUNTIME.expireIfDue(null, 0));
    assertThrows(IllegalArgumentException.class, () -> Expiry.RUNTIME.expireIfDue(later, -1));
  }

  @Test
  void rejectsWhatTheRuntimeDidNotMake() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Expiry.RUNTIME.expire(userWritten(), null));
    assertTrue(e.getMessage().contains("made by ctx4j's runtime"), e.getMessage());
    assertThrows(NullPointerException.class, () -> Expiry.RUNTIME.expire(null, null));
  }

  /** A CancellableContext that ctx4j's runtime did not make. */
  private static CancellableContext userWritten() {
    CancellableContext inner = Context.background().withCancel();
    return new CancellableContext() {
      @Override
      public boolean cancel() {
        return inner.cancel();
      }

      @Override
      public boolean cancel(Throwable cause) {
        return inner.cancel(cause);
      }

      @Override
      public void close() {
        inner.close();
      }

      @Override
      public DoneSignal done() {
        return inner.done();
      }

      @Override
      public ContextException err() {
        return inner.err();
      }

      @Override
      public java.util.Optional<java.time.Instant> deadline() {
        return inner.deadline();
      }

      @Override
      public <T> T value(Key<T> key) {
        return inner.value(key);
      }
    };
  }
}
