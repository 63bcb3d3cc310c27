package dev.ctx4j;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.internal.Call;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * J7 under load: callbacks that block never hold up another context's callbacks, done-stage dependents or a timed
 * out asynchronous call's failure (issue 8). Go runs each AfterFunc in a goroutine of its own.
 */
class CallbackIsolationTest extends ContextTestBase {
  /** More blocked callbacks than any fixed pool this machine would size (2 cores). */
  private static final int BLOCKERS = 16;

  /** Starts {@link #BLOCKERS} callbacks that block until {@code release} opens; returns once all have started. */
  private static void blockCallbacks(CountDownLatch release) throws InterruptedException {
    CountDownLatch blocked = new CountDownLatch(BLOCKERS);
    CancellableContext blocking = Context.background().withCancel();
    for (int i = 0; i < BLOCKERS; i++) {
      blocking.afterFunc(() -> {
        blocked.countDown();
        try {
          release.await(BOUND_SECONDS, SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    blocking.cancel();
    assertTrue(blocked.await(BOUND_SECONDS, SECONDS), "every blocking callback started");
  }

  @Test
  @DisplayName("J7 blocked afterFunc callbacks do not delay another context's callback or done-stage dependent")
  void blockedCallbacksDoNotDelayOthers() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try {
      blockCallbacks(release);

      CancellableContext other = Context.background().withCancel();
      CountDownLatch ran = new CountDownLatch(1);
      other.afterFunc(ran::countDown);
      CompletableFuture<Void> dependent = other.done().toCompletionStage().thenRun(() -> { }).toCompletableFuture();
      other.cancel();
      assertTrue(ran.await(BOUND_SECONDS, SECONDS), "another context's callback waited for the blocked ones");
      dependent.get(BOUND_SECONDS, SECONDS);
    } finally {
      release.countDown();
    }
  }

  @Test
  @DisplayName("J7 blocked callbacks do not delay the failure of a timed out asynchronous call")
  void blockedCallbacksDoNotDelayAsyncTimeouts() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try {
      blockCallbacks(release);
      Call call = Call.timeout(Context.background(), "T.fetch", 5, MILLISECONDS, false);
      CompletableFuture<String> returned = call.async(new CompletableFuture<>());
      // read through handle(): get() reports the failure differently on JDK 17 and 25
      Throwable failure = returned.handle((v, x) -> x).get(BOUND_SECONDS, SECONDS);
      if (failure instanceof java.util.concurrent.CompletionException) {
        failure = failure.getCause();
      }
      assertInstanceOf(DeadlineExceededException.class, failure, "the 5 ms call's failure");
    } finally {
      release.countDown();
    }
  }
}
