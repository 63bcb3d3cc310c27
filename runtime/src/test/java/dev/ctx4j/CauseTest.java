package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * G-F: Go's TestCause table, each case checked as the pair (err, cause). The foreign-context cases (G49, G51, G52)
 * are in {@link ForeignContextTest}, the cause race (G50) in {@link ConcurrencyTest}.
 */
class CauseTest extends ContextTestBase {

  private final Exception p = new Exception("parent cause");
  private final Exception c = new Exception("child cause");

  private static void assertErrCause(Context ctx, ContextException err, Throwable cause) {
    assertSame(err, ctx.err(), "err of " + ctx);
    assertSame(cause, ctx.cause(), "cause of " + ctx);
    if (err != null) {
      assertTrue(ctx.done().isDone());
    }
  }

  @Test
  @DisplayName("G34 background and todo give (null, null); a live context has no cause")
  void rootsGiveNullNull() {
    assertErrCause(Context.background(), null, null);
    assertErrCause(Context.todo(), null, null);
    try (CancellableContext live = Context.background().withTimeout(FOREVER)) {
      assertErrCause(live, null, null);
    }
  }

  @Test
  @DisplayName("G35 withCancel then cancel() gives (Canceled, Canceled)")
  void plainCancel() {
    CancellableContext ctx = Context.background().withCancel();
    ctx.cancel();
    assertErrCause(ctx, CANCELED, CANCELED);
  }

  @Test
  @DisplayName("G36 cancel(e) gives (Canceled, e)")
  void cancelWithCause() {
    CancellableContext ctx = Context.background().withCancel();
    ctx.cancel(c);
    assertErrCause(ctx, CANCELED, c);
  }

  @Test
  @DisplayName("G37 cancel(null) gives (Canceled, Canceled): a null cause means Canceled")
  void cancelWithNullCause() {
    CancellableContext ctx = Context.background().withCancel();
    assertTrue(ctx.cancel(null));
    assertErrCause(ctx, CANCELED, CANCELED);
  }

  @Test
  @DisplayName("G38 parent cancelled with a cause before the child: child reports the parent's cause")
  void parentCauseFirst() {
    CancellableContext parent = Context.background().withCancel();
    CancellableContext child = parent.withCancel();
    parent.cancel(p);
    assertFalse(child.cancel(c), "cancelling the child afterwards is a no-op");
    assertErrCause(child, CANCELED, p);
    assertErrCause(parent, CANCELED, p);
  }

  @Test
  @DisplayName("G39 child cancelled with a cause before the parent: first cancellation wins per node")
  void childCauseFirst() {
    CancellableContext parent = Context.background().withCancel();
    CancellableContext child = parent.withCancel();
    child.cancel(c);
    parent.cancel(p);
    assertErrCause(child, CANCELED, c);
    assertErrCause(parent, CANCELED, p);
  }

  @Test
  @DisplayName("G40 parent cancelled with p, then the child plainly: child (Canceled, p)")
  void parentWithCauseThenChildPlain() {
    CancellableContext parent = Context.background().withCancel();
    CancellableContext child = parent.withCancel();
    parent.cancel(p);
    child.cancel();
    assertErrCause(child, CANCELED, p);
  }

  @Test
  @DisplayName("G41 child cancelled plainly, then the parent with p: child (Canceled, Canceled)")
  void childPlainThenParentWithCause() {
    CancellableContext parent = Context.background().withCancel();
    CancellableContext child = parent.withCancel();
    child.cancel();
    parent.cancel(p);
    assertErrCause(child, CANCELED, CANCELED);
  }

  @Test
  @DisplayName("G42 parent cancelled plainly, then the child with c: child (Canceled, Canceled)")
  void parentPlainThenChildWithCause() {
    CancellableContext parent = Context.background().withCancel();
    CancellableContext child = parent.withCancel();
    parent.cancel();
    child.cancel(c);
    assertErrCause(child, CANCELED, CANCELED);
  }

  @Test
  @DisplayName("G43 child cancelled with c, then the parent plainly: child (Canceled, c)")
  void childWithCauseThenParentPlain() {
    CancellableContext parent = Context.background().withCancel();
    CancellableContext child = parent.withCancel();
    child.cancel(c);
    parent.cancel();
    assertErrCause(child, CANCELED, c);
  }

  @Test
  @DisplayName("G44 withTimeout(0, e) then cancel(): (DeadlineExceeded, e), also for a past withDeadline")
  void zeroTimeoutWithCause() {
    Exception e = new Exception("too slow");
    CancellableContext ctx = Context.background().withTimeout(Duration.ZERO, e);
    assertFalse(ctx.cancel());
    assertErrCause(ctx, DEADLINE_EXCEEDED, e);

    CancellableContext past = Context.background().withDeadline(Instant.now().minusSeconds(1), e);
    past.cancel();
    assertErrCause(past, DEADLINE_EXCEEDED, e);
  }

  @Test
  @DisplayName("G44 the construction cause is used when the deadline fires later")
  void constructionCauseUsedWhenTimerFires() throws InterruptedException {
    Exception e = new Exception("too slow");
    CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(5), e);
    CancellableContext child = ctx.withCancel();
    awaitDone(ctx);
    assertErrCause(ctx, DEADLINE_EXCEEDED, e);
    // A waiter woken by the parent's signal may run before the timer thread has walked the children (as in Go).
    awaitDone(child);
    assertErrCause(child, DEADLINE_EXCEEDED, e);
    ctx.cancel();
    assertErrCause(ctx, DEADLINE_EXCEEDED, e);
  }

  @Test
  @DisplayName("G44 withTimeout(d, null) is a plain timeout: (DeadlineExceeded, DeadlineExceeded)")
  void nullConstructionCause() {
    CancellableContext ctx = Context.background().withTimeout(Duration.ZERO, null);
    assertErrCause(ctx, DEADLINE_EXCEEDED, DEADLINE_EXCEEDED);
    CancellableContext d = Context.background().withDeadline(Instant.EPOCH, null);
    assertErrCause(d, DEADLINE_EXCEEDED, DEADLINE_EXCEEDED);
  }

  @Test
  @DisplayName("G45 withTimeout(forever, e) then cancel(): (Canceled, Canceled), cancel never uses the construction cause")
  void cancelDoesNotUseConstructionCause() {
    Exception e = new Exception("too slow");
    CancellableContext ctx = Context.background().withTimeout(FOREVER, e);
    ctx.cancel();
    assertErrCause(ctx, CANCELED, CANCELED);

    CancellableContext closed = Context.background().withDeadline(Instant.now().plusSeconds(3600), e);
    closed.close();
    assertErrCause(closed, CANCELED, CANCELED);

    CancellableContext withOwn = Context.background().withTimeout(FOREVER, e);
    withOwn.cancel(c);
    assertErrCause(withOwn, CANCELED, c);
  }

  @Test
  @DisplayName("G46 a zero-timeout child with cause e under a parent later cancelled with f: (DeadlineExceeded, e)")
  void expiredChildKeepsItsCause() {
    Exception e = new Exception("e");
    Exception f = new Exception("f");
    CancellableContext parent = Context.background().withCancel();
    CancellableContext child = parent.withTimeout(Duration.ZERO, e);
    parent.cancel(f);
    assertErrCause(child, DEADLINE_EXCEEDED, e);
    assertErrCause(parent, CANCELED, f);
  }

  @Test
  @DisplayName("G47 a forever child with cause e under a parent cancelled with f: (Canceled, f)")
  void parentCausePropagatesToTimedChild() {
    Exception e = new Exception("e");
    Exception f = new Exception("f");
    CancellableContext parent = Context.background().withCancel();
    CancellableContext child = parent.withTimeout(FOREVER, e);
    Context grandChild = child.withValue(Key.of("k"), "v");
    parent.cancel(f);
    assertErrCause(child, CANCELED, f);
    assertErrCause(grandChild, CANCELED, f);
  }

  @Test
  @DisplayName("G48 withoutCancel gives (null, null): of background, of a context cancelled with f, of an expired one")
  void withoutCancelHasNoCause() {
    assertErrCause(Context.background().withoutCancel(), null, null);

    CancellableContext cancelled = Context.background().withCancel();
    Context before = cancelled.withoutCancel();
    cancelled.cancel(new Exception("f"));
    assertErrCause(before, null, null);
    assertErrCause(cancelled.withoutCancel(), null, null);

    CancellableContext expired = Context.background().withTimeout(Duration.ZERO, new Exception("e"));
    assertErrCause(expired.withoutCancel(), null, null);
    assertErrCause(expired.withoutCancel().withValue(Key.of("k"), "v"), null, null);
  }

  @Test
  @DisplayName("G35 the cause reaches value nodes and every descendant of the cancelled node")
  void causeReachesValueNodes() {
    CancellableContext parent = Context.background().withCancel();
    Context v = parent.withValue(Key.of("k"), "v");
    CancellableContext grandChild = v.withCancel();
    Context leaf = grandChild.withValue(Key.of("k2"), "w");
    parent.cancel(p);
    assertErrCause(v, CANCELED, p);
    assertErrCause(grandChild, CANCELED, p);
    assertErrCause(leaf, CANCELED, p);
  }
}
