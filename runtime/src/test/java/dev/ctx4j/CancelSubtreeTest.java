package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * G6 under concurrency (issue 8, bug 2): when {@code cancel()} returns, every descendant is done, also when another
 * thread is cancelling part of the subtree at the same moment. Go's cancel waits on each child's lock; ctx4j's waits
 * for the thread that claimed a child to finish that child's subtree.
 */
class CancelSubtreeTest extends ContextTestBase {

  @AfterEach
  void removeHook() {
    TestHooks.afterClaim = null;
  }

  /** root - middle - n leaves. */
  private static List<CancellableContext> leaves(Context middle, int n) {
    List<CancellableContext> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      leaves.add(middle.withCancel());
    }
    return leaves;
  }

  private static long live(List<CancellableContext> contexts) {
    return contexts.stream().filter(c -> !c.done().isDone()).count();
  }

  @Test
  @DisplayName("G6 cancel() returns only when a subtree another thread is cancelling is done (paused canceller)")
  void rootCancelWaitsForAPausedCanceller() throws Exception {
    assertTrue(TestHooks.ENABLED, "the runtime's tests run with -Ddev.ctx4j.test.hooks=true (see runtime/pom.xml)");
    CancellableContext root = Context.background().withCancel();
    CancellableContext middle = root.withCancel();
    List<CancellableContext> leaves = leaves(middle, 1_000);
    CountDownLatch paused = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    AtomicReference<Thread> canceller = new AtomicReference<>();
    TestHooks.afterClaim = claimed -> {
      // pause the other canceller right after it has claimed its first leaf, before it finishes the rest
      if (Thread.currentThread() == canceller.get() && first.compareAndSet(true, false)) {
        paused.countDown();
        try {
          resume.await(BOUND_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    Forked<Boolean> middleCancel = new Forked<>("middle-canceller", middle::cancel);
    canceller.set(middleCancel.thread);
    middleCancel.thread.start();
    assertTrue(paused.await(BOUND_SECONDS, TimeUnit.SECONDS), "the middle canceller reached the hook");

    Forked<Long> rootCancel = fork("root-canceller", () -> {
      root.cancel();
      return live(leaves); // what the caller of cancel() sees when it returns
    });
    // Let the root's cancel reach the claimed middle node and wait there; it must not return meanwhile.
    awaitTrue(() -> rootCancel.thread.getState() == Thread.State.TIMED_WAITING || rootCancel.isDone(),
        () -> "root canceller neither waiting nor done: " + rootCancel.thread.getState());
    assertFalse(rootCancel.isDone(), "root.cancel() returned while the middle node's subtree was still live");
    resume.countDown();
    assertEquals(0L, rootCancel.result(), "descendants live when root.cancel() returned");
    assertTrue(middleCancel.result());
    assertEquals(0L, live(leaves));
  }

  @Test
  @DisplayName("G6 cancel() returns only when the subtree is done while a callback of another canceller blocks")
  void rootCancelIsNotHeldUpByABlockingCallbackYetWaitsForTheSubtree() throws Exception {
    // A callback on an executor that runs it on the cancelling thread (a user's direct executor). On the code before
    // the fix such a callback ran in the middle of the other thread's walk, so root.cancel() returned early (bug 2).
    CancellableContext root = Context.background().withCancel();
    CancellableContext middle = root.withCancel();
    List<CancellableContext> leaves = leaves(middle, 1_000);
    CountDownLatch inCallback = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    middle.afterFunc(() -> {
      inCallback.countDown();
      try {
        release.await(BOUND_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, Runnable::run); // registered last, so it heads the middle node's list
    Forked<Boolean> middleCancel = fork("middle-canceller", middle::cancel);
    assertTrue(inCallback.await(BOUND_SECONDS, TimeUnit.SECONDS));
    try {
      root.cancel();
      assertEquals(0L, live(leaves), "descendants live when root.cancel() returned");
    } finally {
      release.countDown();
    }
    assertTrue(middleCancel.result());
  }

  @Test
  @DisplayName("G6 two cancels racing over 20 rounds: whichever returns, the subtree is done")
  void racingCancelsBothSeeADoneSubtree() throws Exception {
    for (int round = 0; round < 20; round++) {
      CancellableContext root = Context.background().withCancel();
      CancellableContext middle = root.withCancel();
      List<CancellableContext> leaves = leaves(middle, 20_000);
      CountDownLatch go = new CountDownLatch(1);
      Forked<Long> a = fork("cancel-middle", () -> {
        go.await();
        middle.cancel();
        return live(leaves);
      });
      Forked<Long> b = fork("cancel-root", () -> {
        go.await();
        root.cancel();
        return live(leaves);
      });
      go.countDown();
      assertEquals(0L, a.result(), "round " + round + ": live after middle.cancel() returned");
      assertEquals(0L, b.result(), "round " + round + ": live after root.cancel() returned");
    }
  }
}
