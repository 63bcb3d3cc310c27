package dev.ctx4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** G-B and G-C: withCancel, propagation down the tree, removal from the parent, the err/done contract. */
class WithCancelTest extends ContextTestBase {

  private static final Key<String> K = Key.of("k");

  @Test
  @DisplayName("G5 a fresh child, a foreign wrapper of it and a child of the wrapper are all live")
  void freshChildrenAreLive() {
    CancellableContext c1 = Context.background().withCancel();
    try {
      Context o = new OtherContext(c1);
      CancellableContext c2 = o.withCancel();
      for (Context c : List.of(c1, o, c2)) {
        assertNotNull(c.done(), c + ".done()");
        assertFalse(c.done().isDone(), c + " done");
        assertNull(c.err(), c + ".err()");
        assertNull(c.cause(), c + ".cause()");
      }
      c2.cancel();
    } finally {
      c1.cancel();
    }
  }

  @Test
  @DisplayName("G6 cancel propagates synchronously down the chain, through a foreign wrapper too")
  void cancelPropagatesSynchronouslyThroughTheChain() {
    CancellableContext c1 = Context.background().withCancel();
    Context o = new OtherContext(c1);
    CancellableContext c2 = o.withCancel();
    Context v = c2.withValue(K, "v");
    CancellableContext c3 = v.withCancel();
    CancellableContext t = c3.withTimeout(FOREVER);

    assertTrue(c1.cancel());

    // No waiting: when cancel returns, every context of the chain is done.
    for (Context c : List.of(c1, o, c2, v, c3, t)) {
      assertTrue(c.done().isDone(), c + " not done when cancel returned");
      assertSame(CANCELED, c.err(), c + ".err()");
      assertSame(CANCELED, c.cause(), c + ".cause()");
    }
    assertEquals(0, children(c1));
    assertEquals(0, children(c2));
    assertEquals(0, children(c3));
  }

  @Test
  @DisplayName("G7 children register with the nearest cancellable ancestor, skipping value nodes")
  void childrenRegisterWithTheNearestCancellableAncestor() {
    CancellableContext parent = Context.background().withCancel();
    try {
      CancellableContext cancelChild = parent.withCancel();
      Context valueNode = parent.withValue(K, "v");
      CancellableContext timerChild = valueNode.withTimeout(FOREVER);
      AfterFuncHandle stop = parent.afterFunc(() -> {}, task -> {});

      assertEquals(3, children(parent), "cancel child, timer child (through the value node) and the afterFunc");
      assertEquals(0, children(valueNode), "a value node registers nothing");
      assertEquals(0, children(cancelChild));
      assertEquals(0, children(timerChild));
      assertTrue(stop.stop());
    } finally {
      parent.cancel();
    }
  }

  @Test
  @DisplayName("G8 cancelling the parent empties its children and cancels every descendant, value nodes included")
  void cancellingTheParentCancelsEveryDescendant() {
    CancellableContext parent = Context.background().withCancel();
    CancellableContext cancelChild = parent.withCancel();
    Context valueNode = parent.withValue(K, "v");
    CancellableContext timerChild = valueNode.withTimeout(FOREVER);
    CancellableContext grandChild = cancelChild.withCancel();
    assertEquals(2, children(parent));

    parent.cancel();

    assertEquals(0, children(parent));
    assertEquals(0, children(cancelChild));
    for (Context c : List.of(parent, cancelChild, valueNode, timerChild, grandChild)) {
      assertTrue(c.done().isDone(), c + " not done");
      assertSame(CANCELED, c.err(), c + ".err()");
    }
  }

  @Test
  @DisplayName("G9 a value child of an already cancelled parent is done at once with Canceled")
  void valueChildOfCancelledParentIsDone() {
    CancellableContext parent = Context.background().withCancel();
    parent.cancel();
    Context v = parent.withValue(K, "v");
    assertTrue(v.done().isDone());
    assertSame(CANCELED, v.err());
    assertSame(CANCELED, v.cause());
    assertEquals("v", v.value(K));
  }

  @Test
  @DisplayName("G10 cancelling a child leaves a background parent untouched")
  void cancellingAChildOfBackgroundLeavesBackgroundAlone() {
    CancellableContext child = Context.background().withCancel();
    assertTrue(child.cancel());
    assertTrue(child.done().isDone());
    assertSame(CANCELED, child.err());
    assertFalse(Context.background().done().isDone());
    assertNull(Context.background().err());
    assertEquals(0, children(Context.background()));
  }

  @Test
  @DisplayName("G10 cancelling a child leaves a cancellable parent live and removes the child from it")
  void cancellingAChildRemovesItFromALiveParent() {
    CancellableContext parent = Context.background().withCancel();
    try {
      CancellableContext child = parent.withCancel();
      assertEquals(1, children(parent));

      assertTrue(child.cancel());

      assertTrue(child.done().isDone());
      assertSame(CANCELED, child.err());
      assertFalse(parent.done().isDone());
      assertNull(parent.err());
      assertEquals(0, children(parent));
    } finally {
      parent.cancel();
    }
  }

  @Test
  @DisplayName("G11 the children count goes 0, 1, 0 for a cancel child, a timeout child, a deadline child and an afterFunc")
  void childrenCountReturnsToZero() {
    CancellableContext parent = Context.background().withCancel();
    try {
      assertEquals(0, children(parent));

      CancellableContext c = parent.withCancel();
      assertEquals(1, children(parent));
      c.cancel();
      assertEquals(0, children(parent));

      long timersBefore = pendingTimers();
      CancellableContext t = parent.withTimeout(FOREVER);
      assertEquals(1, children(parent));
      assertEquals(timersBefore + 1, pendingTimers());
      t.cancel();
      assertEquals(0, children(parent));
      assertEquals(timersBefore, pendingTimers());

      CancellableContext d = parent.withDeadline(Instant.now().plusSeconds(3600));
      assertEquals(1, children(parent));
      d.close();
      assertEquals(0, children(parent));

      AfterFuncHandle stop = parent.afterFunc(() -> {});
      assertEquals(1, children(parent));
      assertTrue(stop.stop());
      assertEquals(0, children(parent));
    } finally {
      parent.cancel();
    }
  }

  @Test
  @DisplayName("G12 a child created under an already cancelled parent is done at construction with the parent's cause")
  void childOfCancelledParentIsDoneAtConstruction() {
    CancellableContext parent = Context.background().withCancel();
    Exception cause = new Exception("parent cause");
    parent.cancel(cause);
    long timersBefore = pendingTimers();

    List<Context> kids = new ArrayList<>();
    kids.add(parent.withCancel());
    kids.add(parent.withTimeout(FOREVER));
    kids.add(parent.withDeadline(Instant.now().plusSeconds(3600), new Exception("own cause")));
    kids.add(parent.withValue(K, "v").withCancel());
    for (Context kid : kids) {
      assertTrue(kid.done().isDone(), kid + " not done");
      assertSame(CANCELED, kid.err(), kid + ".err()");
      assertSame(cause, kid.cause(), kid + ".cause()");
    }
    assertEquals(0, children(parent), "children of a done parent do not register");
    assertEquals(timersBefore, pendingTimers(), "children of a done parent arm no timer");
  }

  @Test
  @DisplayName("G14 only the first cancel has an effect: cancel and close are idempotent, first and last")
  void onlyTheFirstCancelHasAnEffect() {
    CancellableContext ctx = Context.background().withCancel();
    Exception first = new Exception("first");
    assertTrue(ctx.cancel(first));
    assertFalse(ctx.cancel());
    assertFalse(ctx.cancel(new Exception("second")));
    ctx.close();
    assertSame(first, ctx.cause());
    assertSame(CANCELED, ctx.err());

    CancellableContext closedFirst = Context.background().withCancel();
    closedFirst.close();
    assertTrue(closedFirst.done().isDone());
    assertSame(CANCELED, closedFirst.err());
    assertSame(CANCELED, closedFirst.cause());
    closedFirst.close();
    assertFalse(closedFirst.cancel(new Exception("late")));
    assertSame(CANCELED, closedFirst.cause());
  }

  @Test
  @DisplayName("G14 cancel may be called from several threads at once and exactly one call wins")
  void concurrentCancelsHaveExactlyOneWinner() throws Exception {
    int threads = 4;
    ExecutorService pool = daemonPool(threads, "cancel-race");
    try {
      for (int i = 0; i < 300; i++) {
        CancellableContext ctx = Context.background().withCancel();
        CancellableContext child = ctx.withCancel();
        CyclicBarrier start = new CyclicBarrier(threads);
        AtomicInteger winners = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Exception cause = new Exception("cause " + t);
          futures.add(
              pool.submit(
                  () -> {
                    start.await(BOUND_SECONDS, SECONDS);
                    if (ctx.cancel(cause)) {
                      winners.incrementAndGet();
                    }
                    return null;
                  }));
        }
        for (Future<?> f : futures) {
          f.get(BOUND_SECONDS, SECONDS);
        }
        assertEquals(1, winners.get(), "iteration " + i);
        assertSame(ctx.cause(), child.cause(), "the child reports the winner's cause");
        assertNotNull(ctx.cause());
      }
    } finally {
      shutdown(pool);
    }
  }

  @Test
  @DisplayName("G15 err is null while live, then the same shared Canceled instance on every call")
  void errIsNullThenTheSameInstance() {
    CancellableContext a = Context.background().withCancel();
    CancellableContext b = Context.todo().withCancel();
    assertNull(a.err());
    assertNull(b.err());
    a.cancel();
    b.cancel();
    ContextException err = a.err();
    assertInstanceOf(CancelledException.class, err);
    assertInstanceOf(CancellationException.class, err);
    assertSame(err, a.err());
    assertSame(err, a.err());
    assertSame(err, b.err(), "err() returns the shared instance");
    assertSame(CANCELED, err);
    assertSame(err, a.cause(), "after a plain cancel, cause() == err()");
  }

  @Test
  @DisplayName("G15 after a deadline err is the same shared DeadlineExceeded instance on every call")
  void deadlineErrIsTheSameInstance() {
    CancellableContext a = Context.background().withTimeout(java.time.Duration.ZERO);
    CancellableContext b = Context.background().withDeadline(Instant.EPOCH);
    assertInstanceOf(DeadlineExceededException.class, a.err());
    assertSame(a.err(), a.err());
    assertSame(a.err(), b.err());
    assertSame(DEADLINE_EXCEEDED, a.err());
    assertSame(a.err(), a.cause());
    a.cancel();
    assertSame(DEADLINE_EXCEEDED, a.err(), "cancel after expiry changes nothing");
  }

  @Test
  @DisplayName("G17 done() of a child is the same object before and after cancel")
  void doneIsStableAcrossCancel() {
    CancellableContext ctx = Context.background().withCancel();
    DoneSignal before = ctx.done();
    ctx.cancel();
    assertSame(before, ctx.done());
    assertTrue(before.isDone());
  }
}
