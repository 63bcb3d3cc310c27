package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.internal.InlineExecutor;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The executor the integrations give {@code afterFunc} for their short callbacks: the thread that cancels runs the
 * callback itself, except the timer thread, which hands it to the callback executor (so no integration's callback
 * delays a deadline).
 */
class InlineExecutorTest extends ContextTestBase {
  private static final Executor INLINE = InlineExecutor.RUNTIME.inlineUnlessTimer();

  @Test
  void aCancelRunsTheCallbackOnTheCancellingThread() throws Exception {
    CompletableFuture<Thread> ranOn = new CompletableFuture<>();
    CancellableContext ctx = Context.background().withCancel();
    ctx.afterFunc(() -> ranOn.complete(Thread.currentThread()), INLINE);
    ctx.cancel();
    // inline: already run when cancel() returns
    assertTrue(ranOn.isDone(), "the callback did not run inline");
    assertSame(Thread.currentThread(), ranOn.get());
  }

  @Test
  void anExpiryHandsTheCallbackOffTheTimerThread() throws Exception {
    CompletableFuture<Thread> ranOn = new CompletableFuture<>();
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(5))) {
      ctx.afterFunc(() -> ranOn.complete(Thread.currentThread()), INLINE);
      Thread thread = ranOn.get(BOUND_SECONDS, TimeUnit.SECONDS);
      assertNotEquals("ctx4j-timer", thread.getName(), "the callback ran on the timer thread");
    }
  }
}
