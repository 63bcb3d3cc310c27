package dev.ctx4j;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * G-A: the root contexts.
 *
 * <p>Not applicable to Java: G3's "0 allocations per call" (Go's TestAllocs counts heap allocations; the JVM has no
 * such counter in the test API and escape analysis makes one meaningless). The Java sense of G3, that
 * {@code background()} hands out one shared instance, is tested here. G1's "Done is a nil channel" has no Java
 * counterpart either: {@code done()} is never null, and the Java sense (the signal never closes, a waiter blocks until
 * interrupted) is tested.
 */
class RootContextTest extends ContextTestBase {

  private static final Key<String> SOME_KEY = Key.of("someKey");

  @Test
  @DisplayName("G1 background() and todo() are never null and their done signal never closes")
  void rootsAreNeverNullAndNeverDone() throws Exception {
    for (Context root : List.of(Context.background(), Context.todo())) {
      assertNotNull(root);
      DoneSignal done = root.done();
      assertNotNull(done);
      assertFalse(done.isDone());
      assertFalse(done.await(10, MILLISECONDS));
      assertFalse(done.await(Duration.ZERO));
      assertFalse(done.toCompletionStage().toCompletableFuture().isDone());
      assertFalse(root instanceof CancellableContext, "a root cannot be cancelled");
    }
  }

  @Test
  @DisplayName("G1 a thread waiting on a root's done signal stays blocked until it is interrupted")
  void waitingOnARootBlocksUntilInterrupted() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    Forked<Throwable> waiter =
        fork(
            "root-waiter",
            () -> {
              waiting.countDown();
              try {
                Context.background().done().await();
                return null;
              } catch (InterruptedException e) {
                return e;
              }
            });
    assertTrue(waiting.await(BOUND_SECONDS, SECONDS));
    assertFalse(waiter.isDone());
    // Interrupting is the only way out; the waiter may not be parked yet, which makes no difference.
    waiter.thread.interrupt();
    assertInstanceOf(InterruptedException.class, waiter.result());
  }

  @Test
  @DisplayName("G2 the roots print as background and todo")
  void rootsPrintTheirNames() {
    assertEquals("background", Context.background().toString());
    assertEquals("todo", Context.todo().toString());
  }

  @Test
  @DisplayName("G3 background() and todo() return one shared instance each, on every call")
  void rootsAreSingletons() {
    assertSame(Context.background(), Context.background());
    assertSame(Context.todo(), Context.todo());
    assertNotSame(Context.background(), Context.todo());
  }

  @Test
  @DisplayName("G4 roots have no deadline, no error and no values")
  void rootsHaveNoDeadlineNoErrorNoValues() {
    for (Context root : List.of(Context.background(), Context.todo())) {
      assertTrue(root.deadline().isEmpty());
      assertNull(root.err());
      assertNull(root.value(SOME_KEY));
      assertNull(root.cause());
    }
  }

  @Test
  @DisplayName("G17 done() returns the same object on every call, for roots and derived contexts alike")
  void doneReturnsTheSameObjectEveryTime() {
    assertSame(Context.background().done(), Context.background().done());
    assertSame(Context.todo().done(), Context.todo().done());
    try (CancellableContext ctx = Context.background().withCancel()) {
      assertSame(ctx.done(), ctx.done());
      Context value = ctx.withValue(SOME_KEY, "v");
      assertSame(value.done(), value.done());
      Context detached = ctx.withoutCancel();
      assertNotNull(detached.done());
      assertSame(detached.done(), detached.done());
    }
  }

  @Test
  @DisplayName("G34 roots have neither error nor cause, and a live context has no cause")
  void rootsAndLiveContextsHaveNoCause() {
    assertNull(Context.background().err());
    assertNull(Context.background().cause());
    assertNull(Context.todo().err());
    assertNull(Context.todo().cause());
    try (CancellableContext ctx = Context.todo().withCancel()) {
      assertNull(ctx.err());
      assertNull(ctx.cause());
    }
  }

  @Test
  @DisplayName("J1 current() is background() on a thread that never bound anything")
  void currentIsBackgroundOnAFreshThread() throws Exception {
    assertSame(Context.background(), Context.current());
    assertSame(Context.background(), fork("fresh", Context::current).result());
  }
}
