package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * G-M: the errors, and the J-map's "throw if done".
 *
 * <p>Not applicable to Java: G71's {@code net.Error} / {@code Temporary()} (no such interface in Java; the timeout
 * bit is {@link ContextException#isTimeout()}).
 */
class ErrorsTest extends ContextTestBase {

  @Test
  @DisplayName("G71 Canceled prints context canceled and is not a timeout")
  void canceledMessage() {
    CancellableContext ctx = Context.background().withCancel();
    ctx.cancel();
    ContextException err = ctx.err();
    assertEquals("context canceled", err.getMessage());
    assertFalse(err.isTimeout());
    assertInstanceOf(CancelledException.class, err);
    assertInstanceOf(CancellationException.class, err);
    assertEquals(0, err.getStackTrace().length, "the shared err() instance has no stack trace");
    assertNull(err.getCause());
  }

  @Test
  @DisplayName("G71 DeadlineExceeded prints context deadline exceeded and is a timeout")
  void deadlineExceededMessage() {
    CancellableContext ctx = Context.background().withTimeout(Duration.ZERO);
    ContextException err = ctx.err();
    assertEquals("context deadline exceeded", err.getMessage());
    assertTrue(err.isTimeout());
    assertInstanceOf(DeadlineExceededException.class, err);
    assertInstanceOf(CancellationException.class, err);
    assertNull(err.getCause());
  }

  @Test
  @DisplayName("G71 the public constructors make ordinary exceptions of both kinds")
  void publicConstructors() {
    Exception cause = new Exception("why");
    CancelledException c = new CancelledException("stop", cause);
    assertEquals("stop", c.getMessage());
    assertSame(cause, c.getCause());
    assertFalse(c.isTimeout());
    DeadlineExceededException d = new DeadlineExceededException("late");
    assertNull(d.getCause());
    assertTrue(d.isTimeout());
  }

  @Test
  @DisplayName("G15 throwIfDone does nothing while the context is live")
  void throwIfDoneOnLiveContext() {
    try (CancellableContext ctx = Context.background().withCancel()) {
      assertDoesNotThrow(ctx::throwIfDone);
      assertDoesNotThrow(() -> Context.background().throwIfDone());
      assertDoesNotThrow(() -> ctx.withoutCancel().throwIfDone());
    }
  }

  @Test
  @DisplayName("G35 throwIfDone after a plain cancel throws a fresh CancelledException with a stack trace and no cause")
  void throwIfDoneAfterPlainCancel() {
    CancellableContext ctx = Context.background().withCancel();
    ctx.cancel();
    CancelledException thrown = assertThrows(CancelledException.class, ctx::throwIfDone);
    assertNotSame(ctx.err(), thrown);
    assertEquals("context canceled", thrown.getMessage());
    assertTrue(thrown.getStackTrace().length > 0);
    assertNull(thrown.getCause());
  }

  @Test
  @DisplayName("G36 throwIfDone after cancel(e) throws a CancelledException caused by e")
  void throwIfDoneAfterCancelWithCause() {
    CancellableContext ctx = Context.background().withCancel();
    Exception e = new Exception("e");
    ctx.cancel(e);
    CancelledException thrown = assertThrows(CancelledException.class, ctx::throwIfDone);
    assertSame(e, thrown.getCause());
    Context child = ctx.withValue(Key.of("k"), "v");
    assertSame(e, assertThrows(CancelledException.class, child::throwIfDone).getCause());
  }

  @Test
  @DisplayName("G44 throwIfDone after a deadline throws DeadlineExceededException, caused by the construction cause")
  void throwIfDoneAfterDeadline() {
    CancellableContext plain = Context.background().withTimeout(Duration.ZERO);
    DeadlineExceededException thrown = assertThrows(DeadlineExceededException.class, plain::throwIfDone);
    assertNull(thrown.getCause());
    assertEquals("context deadline exceeded", thrown.getMessage());
    assertTrue(thrown.isTimeout());

    Exception e = new Exception("too slow");
    CancellableContext withCause = Context.background().withTimeout(Duration.ZERO, e);
    assertSame(e, assertThrows(DeadlineExceededException.class, withCause::throwIfDone).getCause());
  }
}
