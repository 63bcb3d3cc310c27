package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * G-D and J4: deadlines and timeouts. Timing tests use short deadlines and wait with a generous bound; none asserts
 * an upper bound on how late a timer fires.
 */
class DeadlineTest extends ContextTestBase {

  private static final Key<String> K = Key.of("k");

  /** Tolerance between a requested deadline and the one reported (monotonic to wall-clock conversion). */
  private static final Duration SLACK = Duration.ofSeconds(1);

  static void assertNear(Instant expected, Instant actual) {
    assertTrue(
        Duration.between(expected, actual).abs().compareTo(SLACK) <= 0,
        () -> "expected about " + expected + " but was " + actual);
  }

  @Test
  @DisplayName("G18 a deadline 1 ms ahead: prints as withDeadline, then is done with DeadlineExceeded")
  void shortDeadlineExpires() throws InterruptedException {
    CancellableContext ctx = Context.background().withDeadline(Instant.now().plusMillis(1));
    assertTrue(ctx.toString().startsWith("background.withDeadline("), ctx.toString());
    awaitDone(ctx);
    assertSame(DEADLINE_EXCEEDED, ctx.err());
    assertSame(DEADLINE_EXCEEDED, ctx.cause());
    assertFalse(ctx.cancel(), "cancel after expiry does nothing");
    assertSame(DEADLINE_EXCEEDED, ctx.err());
  }

  @Test
  @DisplayName("G19 an expiring deadline is observed through a foreign wrapper and by a child of that wrapper")
  void deadlineSeenThroughForeignWrapper() throws InterruptedException {
    CancellableContext timed = Context.background().withDeadline(Instant.now().plusMillis(1));
    Context o = new OtherContext(timed);
    CancellableContext child = o.withCancel();
    awaitDone(o);
    assertSame(DEADLINE_EXCEEDED, o.err());
    awaitDone(child);
    assertSame(DEADLINE_EXCEEDED, child.err());
    assertSame(DEADLINE_EXCEEDED, child.cause());
  }

  @Test
  @DisplayName("G20 a later child deadline under an earlier parent deadline reports the parent's and arms no timer")
  void earlierParentDeadlineWinsWithoutATimer() {
    CancellableContext parent = Context.background().withTimeout(Duration.ofHours(1));
    try {
      Instant parentDeadline = parent.deadline().orElseThrow();
      long timers = pendingTimers();

      CancellableContext direct = parent.withDeadline(Instant.now().plus(1000, ChronoUnit.HOURS));
      CancellableContext throughWrapper =
          new OtherContext(parent).withDeadline(Instant.now().plus(1000, ChronoUnit.HOURS));
      CancellableContext timeout = parent.withTimeout(FOREVER);

      assertEquals(timers, pendingTimers(), "no timer for a child whose parent expires first");
      assertEquals(Optional.of(parentDeadline), direct.deadline());
      assertEquals(Optional.of(parentDeadline), throughWrapper.deadline());
      assertEquals(Optional.of(parentDeadline), timeout.deadline());
      direct.cancel();
      throughWrapper.cancel();
      timeout.cancel();
    } finally {
      parent.cancel();
    }
  }

  @Test
  @DisplayName("G20 a 1000 h child of a wrapped 1 ms parent still expires, with DeadlineExceeded, not Canceled")
  void childOfShortParentExpiresWithDeadlineExceeded() throws InterruptedException {
    CancellableContext parent = Context.background().withDeadline(Instant.now().plusMillis(1));
    CancellableContext child = new OtherContext(parent).withDeadline(Instant.now().plus(1000, ChronoUnit.HOURS));
    CancellableContext direct = parent.withTimeout(FOREVER);
    awaitDone(child);
    awaitDone(direct);
    assertSame(DEADLINE_EXCEEDED, child.err());
    assertSame(DEADLINE_EXCEEDED, child.cause());
    assertSame(DEADLINE_EXCEEDED, direct.err());
    child.cancel();
    direct.cancel();
    assertSame(DEADLINE_EXCEEDED, child.err());
  }

  @Test
  @DisplayName("G20 a child created under an already expired parent reports DeadlineExceeded at construction")
  void childOfExpiredParentIsDeadlineExceeded() {
    CancellableContext parent = Context.background().withTimeout(Duration.ZERO);
    for (Context child :
        List.of(parent.withCancel(), parent.withTimeout(FOREVER), parent.withValue(K, "v"), parent.withCancel())) {
      assertTrue(child.done().isDone());
      assertSame(DEADLINE_EXCEEDED, child.err(), child.toString());
      assertSame(DEADLINE_EXCEEDED, child.cause(), child.toString());
    }
  }

  @Test
  @DisplayName("G21 a deadline in the past or exactly now is done immediately with DeadlineExceeded, no timer")
  void pastDeadlineIsDoneImmediately() {
    long timers = pendingTimers();
    for (Instant deadline : List.of(Instant.now().minusMillis(1), Instant.now(), Instant.EPOCH)) {
      CancellableContext ctx = Context.background().withDeadline(deadline);
      assertTrue(ctx.done().isDone(), "deadline " + deadline);
      assertSame(DEADLINE_EXCEEDED, ctx.err());
      assertSame(DEADLINE_EXCEEDED, ctx.cause());
      assertFalse(ctx.cancel());
    }
    assertEquals(timers, pendingTimers());
  }

  @Test
  @DisplayName("G22 withTimeout prints as withDeadline, expires with DeadlineExceeded, also through a wrapper")
  void timeoutExpires() throws InterruptedException {
    CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(1));
    assertTrue(ctx.toString().startsWith("background.withDeadline("), ctx.toString());
    Context o = new OtherContext(ctx);
    CancellableContext viaWrapper = o.withTimeout(FOREVER);
    awaitDone(ctx);
    assertSame(DEADLINE_EXCEEDED, ctx.err());
    awaitDone(o);
    assertSame(DEADLINE_EXCEEDED, o.err());
    awaitDone(viaWrapper);
    assertSame(DEADLINE_EXCEEDED, viaWrapper.err());
  }

  @Test
  @DisplayName("G22 the shorter parent timeout wins over a longer child timeout")
  void shorterParentTimeoutWins() throws InterruptedException {
    CancellableContext parent = Context.background().withTimeout(Duration.ofMillis(20));
    CancellableContext child = parent.withTimeout(FOREVER);
    assertEquals(parent.deadline(), child.deadline());
    awaitDone(child);
    assertSame(DEADLINE_EXCEEDED, child.err());
    child.cancel();
  }

  @Test
  @DisplayName("G23 cancel beats the timer: a 1000 h timeout under a wrapped 1 s timeout, cancelled, is Canceled")
  void cancelBeatsTheTimer() {
    CancellableContext inner = Context.background().withTimeout(Duration.ofSeconds(1));
    try {
      CancellableContext ctx = new OtherContext(inner).withTimeout(FOREVER);
      assertTrue(ctx.cancel());
      assertTrue(ctx.done().isDone());
      assertSame(CANCELED, ctx.err());
      assertSame(CANCELED, ctx.cause());
      assertFalse(inner.done().isDone());
    } finally {
      inner.cancel();
    }
  }

  @Test
  @DisplayName("G24 a zero timeout, then cancel: (DeadlineExceeded, DeadlineExceeded), the cancel does nothing")
  void zeroTimeoutThenCancel() {
    CancellableContext ctx = Context.background().withTimeout(Duration.ZERO);
    assertFalse(ctx.cancel());
    assertSame(DEADLINE_EXCEEDED, ctx.err());
    assertSame(DEADLINE_EXCEEDED, ctx.cause());
  }

  @Test
  @DisplayName("G25 a timeout that never fires, then cancel: (Canceled, Canceled)")
  void foreverTimeoutThenCancel() {
    CancellableContext ctx = Context.background().withTimeout(FOREVER);
    assertTrue(ctx.cancel());
    assertSame(CANCELED, ctx.err());
    assertSame(CANCELED, ctx.cause());
  }

  @Test
  @DisplayName("G26 deadline() reports the deadline of timed contexts, stably, and is empty otherwise")
  void deadlineIsReported() {
    Instant requested = Instant.now().plusSeconds(3600);
    CancellableContext timed = Context.background().withDeadline(requested);
    try {
      Optional<Instant> d = timed.deadline();
      assertTrue(d.isPresent());
      assertNear(requested, d.get());
      assertEquals(d, timed.deadline(), "successive calls return equal values");
      assertEquals(d, timed.withValue(K, "v").deadline(), "a value child reports its parent's deadline");
      assertEquals(d, timed.withCancel().deadline(), "a cancel child reports its parent's deadline");
      assertEquals(d, new OtherContext(timed).withCancel().deadline());

      Instant earlier = Instant.now().plusSeconds(60);
      CancellableContext sooner = timed.withDeadline(earlier);
      assertNear(earlier, sooner.deadline().orElseThrow());
      assertTrue(sooner.deadline().orElseThrow().isBefore(d.get()));

      Instant before = Instant.now();
      CancellableContext timeout = Context.background().withTimeout(Duration.ofSeconds(10));
      Instant after = Instant.now();
      Instant reported = timeout.deadline().orElseThrow();
      assertFalse(reported.isBefore(before.plusSeconds(10).minus(SLACK)), reported.toString());
      assertFalse(reported.isAfter(after.plusSeconds(10).plus(SLACK)), reported.toString());
      timeout.cancel();

      try (CancellableContext plain = Context.background().withCancel()) {
        assertTrue(plain.deadline().isEmpty());
        assertTrue(plain.withValue(K, "v").deadline().isEmpty());
      }
    } finally {
      timed.cancel();
    }
  }

  @Test
  @DisplayName("G26 cancel stops the timer: its entry leaves the shared timer")
  void cancelStopsTheTimer() {
    long timers = pendingTimers();
    CancellableContext ctx = Context.background().withTimeout(Duration.ofHours(1));
    assertEquals(timers + 1, pendingTimers());
    ctx.cancel();
    assertEquals(timers, pendingTimers());
    assertNull(Context.background().err());
  }

  // -------------------------------------------------------------------------------------------------------------
  // J4: monotonic deadlines, overflow, zero and negative timeouts.

  @Test
  @DisplayName("J4 a huge timeout means no deadline: not done, deadline() empty, no timer entry")
  void hugeTimeoutMeansNoDeadline() {
    long timers = pendingTimers();
    List<CancellableContext> contexts =
        List.of(
            Context.background().withTimeout(Duration.ofSeconds(Long.MAX_VALUE)),
            Context.background().withTimeout(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)),
            Context.background().withTimeout(Duration.ofSeconds(Long.MAX_VALUE), new Exception("never")),
            Context.background().withTimeout(Duration.ofDays(365L * 101)),
            Context.background().withTimeout(Duration.ofNanos(Long.MAX_VALUE)));
    for (CancellableContext ctx : contexts) {
      assertFalse(ctx.done().isDone(), ctx.toString());
      assertNull(ctx.err());
      assertTrue(ctx.deadline().isEmpty(), () -> ctx + " has deadline " + ctx.deadline());
    }
    assertEquals(timers, pendingTimers(), "no timer entry for 'no deadline'");
    contexts.forEach(CancellableContext::cancel);
  }

  @Test
  @DisplayName("J4 Instant.MAX and deadlines more than 100 years ahead mean no deadline")
  void farDeadlinesMeanNoDeadline() {
    long timers = pendingTimers();
    List<CancellableContext> contexts =
        List.of(
            Context.background().withDeadline(Instant.MAX),
            Context.background().withDeadline(Instant.MAX, new Exception("never")),
            Context.background().withDeadline(Instant.now().plus(Duration.ofDays(365L * 101))));
    for (CancellableContext ctx : contexts) {
      assertFalse(ctx.done().isDone());
      assertTrue(ctx.deadline().isEmpty(), () -> ctx + " has deadline " + ctx.deadline());
    }
    assertEquals(timers, pendingTimers());
    contexts.forEach(CancellableContext::cancel);
  }

  @Test
  @DisplayName("J4 a deadline 50 years ahead is a real deadline with a timer entry")
  void distantButRealDeadline() {
    long timers = pendingTimers();
    Instant fiftyYears = Instant.now().plus(Duration.ofDays(365L * 50));
    CancellableContext ctx = Context.background().withDeadline(fiftyYears);
    assertNear(fiftyYears, ctx.deadline().orElseThrow());
    assertFalse(ctx.done().isDone());
    assertEquals(timers + 1, pendingTimers());
    ctx.cancel();
    assertEquals(timers, pendingTimers());
  }

  @Test
  @DisplayName("J4 zero and negative timeouts, Instant.MIN and EPOCH give contexts already done with DeadlineExceeded")
  void zeroAndNegativeTimeoutsAreDone() {
    long timers = pendingTimers();
    Exception cause = new Exception("too late");
    List<CancellableContext> contexts =
        List.of(
            Context.background().withTimeout(Duration.ZERO),
            Context.background().withTimeout(Duration.ofNanos(-1)),
            Context.background().withTimeout(Duration.ofSeconds(-1)),
            Context.background().withTimeout(Duration.ofSeconds(Long.MIN_VALUE)),
            Context.background().withDeadline(Instant.MIN),
            Context.background().withDeadline(Instant.EPOCH));
    for (CancellableContext ctx : contexts) {
      assertTrue(ctx.done().isDone(), ctx.toString());
      assertSame(DEADLINE_EXCEEDED, ctx.err());
      assertSame(DEADLINE_EXCEEDED, ctx.cause());
    }
    CancellableContext withCause = Context.background().withTimeout(Duration.ofSeconds(-5), cause);
    assertSame(DEADLINE_EXCEEDED, withCause.err());
    assertSame(cause, withCause.cause());
    assertEquals(timers, pendingTimers(), "an already expired context arms no timer");
  }

  @Test
  @DisplayName("J4 waiting with a huge timeout does not overflow: await(Long.MAX_VALUE) returns true once done")
  void hugeWaitsDoNotOverflow() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    Forked<Boolean> waiter =
        fork("huge-wait", () -> ctx.done().await(Duration.ofSeconds(Long.MAX_VALUE)));
    Forked<Boolean> nanosWaiter =
        fork("huge-wait-nanos", () -> ctx.done().await(Long.MAX_VALUE, java.util.concurrent.TimeUnit.DAYS));
    assertFalse(ctx.done().await(Duration.ofSeconds(Long.MIN_VALUE)), "a negative wait does not wait");
    assertFalse(ctx.done().await(-1, java.util.concurrent.TimeUnit.SECONDS));
    ctx.cancel();
    assertTrue(waiter.result());
    assertTrue(nanosWaiter.result());
  }
}
