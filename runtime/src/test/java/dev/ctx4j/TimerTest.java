package dev.ctx4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** J5: one shared daemon timer, no thread per context, entries removed on cancel. */
class TimerTest extends ContextTestBase {

  @Test
  @DisplayName("J5 a timeout adds one timer entry and its cancel removes it")
  void cancelRemovesTheEntry() {
    long before = pendingTimers();
    CancellableContext a = Context.background().withTimeout(Duration.ofHours(1));
    CancellableContext b = Context.background().withDeadline(Instant.now().plusSeconds(3600), new Exception("b"));
    assertEquals(before + 2, pendingTimers());
    a.cancel();
    assertEquals(before + 1, pendingTimers());
    b.close();
    assertEquals(before, pendingTimers());
    a.cancel();
    assertEquals(before, pendingTimers(), "a second cancel removes nothing more");
  }

  @Test
  @DisplayName("J5 cancelling an ancestor removes the timer entries of every timed descendant")
  void ancestorCancelRemovesDescendantEntries() {
    long before = pendingTimers();
    CancellableContext root = Context.background().withCancel();
    Context c = root;
    for (int i = 0; i < 50; i++) {
      // Each child asks for an earlier deadline than its parent's, so each needs its own timer entry.
      c = c.withValue(Key.of("k"), i).withTimeout(Duration.ofHours(100 - i)).withCancel();
    }
    assertEquals(before + 50, pendingTimers());
    root.cancel();
    assertEquals(before, pendingTimers());
    assertTrue(c.done().isDone());
  }

  @Test
  @DisplayName("J5 an expired timeout leaves no entry behind")
  void firedEntryIsRemoved() throws InterruptedException {
    long before = pendingTimers();
    CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(1));
    awaitDone(ctx);
    awaitTrue(() -> pendingTimers() == before, () -> "pending " + pendingTimers() + ", before " + before);
    ctx.cancel();
    assertEquals(before, pendingTimers());
  }

  @Test
  @DisplayName("J5 a million short-lived timeouts created and cancelled leave no timer entry and no child behind")
  void millionShortLivedTimeoutsLeaveNothing() {
    long before = pendingTimers();
    CancellableContext parent = Context.background().withCancel();
    try {
      for (int i = 0; i < 1_000_000; i++) {
        Context from = (i & 1) == 0 ? parent : Context.background();
        CancellableContext ctx = from.withTimeout(Duration.ofSeconds(30 + (i & 1023)));
        ctx.cancel();
      }
      assertEquals(before, pendingTimers());
      assertEquals(0, children(parent));
    } finally {
      parent.cancel();
    }
  }

  @Test
  @DisplayName("J5 a thousand live timeouts start no thread per context")
  void noThreadPerContext() throws InterruptedException {
    CancellableContext warm = Context.background().withTimeout(Duration.ofMillis(1));
    awaitDone(warm);
    long before = pendingTimers();
    int threads = liveThreads();
    List<CancellableContext> live = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      live.add(Context.background().withTimeout(Duration.ofMinutes(10 + i)));
    }
    assertEquals(before + 1000, pendingTimers());
    assertTrue(liveThreads() - threads <= 3, "threads before " + threads + ", after " + liveThreads());
    live.forEach(CancellableContext::cancel);
    assertEquals(before, pendingTimers());
  }

  @Test
  @DisplayName("J5 the timer thread is a daemon and runs no user callback given to the default executor")
  void timerThreadRunsNoUserCode() throws InterruptedException {
    // A callback given a direct executor runs on the thread that propagates the deadline: the timer's own thread.
    // If the deadline passed before the callback was registered (a slow machine), try again with a longer one.
    AtomicReference<Thread> timerThread = new AtomicReference<>();
    AtomicReference<Thread> callbackThread = new AtomicReference<>();
    AtomicReference<Thread> stageThread = new AtomicReference<>();
    CountDownLatch ran = null;
    for (long millis = 20; ran == null; millis *= 4) {
      CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(millis));
      timerThread.set(null);
      CountDownLatch latch = new CountDownLatch(3);
      ctx.afterFunc(
          () -> {
            timerThread.set(Thread.currentThread());
            latch.countDown();
          },
          Runnable::run);
      if (timerThread.get() != null) {
        assertTrue(millis < 100_000, "the deadline always passed before registration");
        continue;
      }
      ctx.afterFunc(
          () -> {
            callbackThread.set(Thread.currentThread());
            latch.countDown();
          });
      ctx.done()
          .toCompletionStage()
          .thenRun(
              () -> {
                stageThread.set(Thread.currentThread());
                latch.countDown();
              });
      ran = latch;
    }
    assertTrue(ran.await(BOUND_SECONDS, SECONDS));
    assertTrue(timerThread.get().isDaemon(), timerThread.get() + " is not a daemon");
    assertNotSame(timerThread.get(), callbackThread.get(), "afterFunc callback ran on the timer thread");
    assertNotSame(timerThread.get(), stageThread.get(), "a done-stage dependent ran on the timer thread");
    assertNotSame(Thread.currentThread(), timerThread.get());
  }
}
