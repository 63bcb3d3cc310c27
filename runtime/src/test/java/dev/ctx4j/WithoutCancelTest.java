package dev.ctx4j;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** G-G: withoutCancel keeps values and drops everything else (and Part H9). */
class WithoutCancelTest extends ContextTestBase {

  private static final Key<String> K = Key.of("requestId");

  @Test
  @DisplayName("G53 withoutCancel has no deadline, a signal that never closes, no error, no cause, and the parent's values")
  void withoutCancelKeepsOnlyValues() throws InterruptedException {
    CancellableContext parent = Context.background().withValue(K, "abc").withTimeout(Duration.ofHours(1));
    Context detached = parent.withoutCancel();
    assertTrue(parent.deadline().isPresent());
    assertTrue(detached.deadline().isEmpty());
    assertEquals("abc", detached.value(K));
    assertNotNull(detached.done());
    assertNull(detached.err());
    assertNull(detached.cause());

    parent.cancel(new Exception("f"));

    assertFalse(detached.done().isDone());
    assertFalse(detached.done().await(1, MILLISECONDS));
    assertNull(detached.err());
    assertNull(detached.cause());
    assertTrue(detached.deadline().isEmpty());
    assertEquals("abc", detached.value(K));
    assertFalse(detached instanceof CancellableContext);
  }

  @Test
  @DisplayName("G53 a cancellable child of withoutCancel is not cancelled by the original parent, but by itself")
  void childOfWithoutCancelIsIndependentOfTheOriginalParent() {
    CancellableContext parent = Context.background().withCancel();
    Context detached = parent.withoutCancel();
    CancellableContext child = detached.withCancel();
    CancellableContext timed = detached.withTimeout(FOREVER);
    assertEquals(0, children(parent), "nothing registers with the original parent");

    parent.cancel();

    assertFalse(child.done().isDone());
    assertFalse(timed.done().isDone());
    assertNull(child.err());
    assertTrue(timed.deadline().isPresent());
    assertTrue(child.cancel());
    assertSame(CANCELED, child.err());
    timed.cancel();
  }

  @Test
  @DisplayName("G53 withoutCancel of an already cancelled context is live")
  void withoutCancelOfCancelledIsLive() {
    CancellableContext parent = Context.background().withValue(K, "abc").withCancel();
    parent.cancel();
    Context detached = parent.withoutCancel();
    assertFalse(detached.done().isDone());
    assertNull(detached.err());
    assertEquals("abc", detached.value(K));
    try (CancellableContext child = detached.withCancel()) {
      assertFalse(child.done().isDone(), "a child of it starts live");
    }
  }

  @Test
  @DisplayName("G54 withoutCancel prints as <parent>.withoutCancel")
  void withoutCancelToString() {
    assertEquals("background.withoutCancel", Context.background().withoutCancel().toString());
    try (CancellableContext ctx = Context.background().withCancel()) {
      assertEquals("background.withCancel.withoutCancel", ctx.withoutCancel().toString());
    }
  }
}
