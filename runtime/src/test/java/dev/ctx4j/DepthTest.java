package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * J6: cancellation and value lookup are iterative. Each test runs on a thread with a small stack (256 KiB), so a
 * recursive implementation fails even where the main thread's stack is large.
 */
class DepthTest extends ContextTestBase {

  private static final int DEPTH = 1_000_000;

  private static <T> T onSmallStack(Callable<T> body) throws Exception {
    FutureTask<T> task = new FutureTask<>(body);
    Thread t = new Thread(null, task, "small-stack", 256 * 1024);
    t.setDaemon(true);
    t.start();
    try {
      return task.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  @Test
  @DisplayName("J6 a chain a million contexts deep cancels from its root without StackOverflowError")
  void millionDeepChainCancels() throws Exception {
    onSmallStack(
        () -> {
          CancellableContext root = Context.background().withCancel();
          CancellableContext leaf = root;
          for (int i = 0; i < DEPTH; i++) {
            leaf = leaf.withCancel();
          }
          assertFalse(leaf.done().isDone());
          Exception cause = new Exception("deep");
          root.cancel(cause);
          assertTrue(leaf.done().isDone());
          assertSame(CANCELED, leaf.err());
          assertSame(cause, leaf.cause());
          assertEquals(0, children(root));
          return null;
        });
  }

  @Test
  @DisplayName("J6 a million-deep chain cancelled in the middle: the lower half is done, the upper half live")
  void millionDeepChainCancelledInTheMiddle() throws Exception {
    onSmallStack(
        () -> {
          CancellableContext root = Context.background().withCancel();
          CancellableContext middle = null;
          CancellableContext leaf = root;
          for (int i = 0; i < DEPTH; i++) {
            leaf = leaf.withCancel();
            if (i == DEPTH / 2) {
              middle = leaf;
            }
          }
          middle.cancel();
          assertTrue(leaf.done().isDone());
          assertFalse(root.done().isDone());
          assertEquals(1, children(root));
          root.cancel();
          assertEquals(0, children(root));
          return null;
        });
  }

  @Test
  @DisplayName("J6 value lookup on a million-deep chain of values and cancels finds the root's value and misses cleanly")
  void millionDeepValueLookup() throws Exception {
    onSmallStack(
        () -> {
          Key<String> rootKey = Key.of("root");
          Key<String> missing = Key.of("missing");
          Key<Integer> layer = Key.of("layer");
          CancellableContext top = Context.background().withValue(rootKey, "found").withCancel();
          Context leaf = top;
          for (int i = 0; i < DEPTH; i++) {
            leaf = (i % 3 == 0) ? leaf.withCancel() : leaf.withValue(layer, i);
          }
          assertEquals("found", leaf.value(rootKey));
          assertNull(leaf.value(missing));
          int lastValueLayer = DEPTH - 1;
          while (lastValueLayer % 3 == 0) {
            lastValueLayer--;
          }
          assertEquals(lastValueLayer, leaf.value(layer));
          top.cancel();
          assertTrue(leaf.done().isDone());
          assertEquals("found", leaf.value(rootKey), "values survive cancellation");
          return null;
        });
  }

  @Test
  @DisplayName("J6 a million-deep chain of value nodes answers done, err, cause and deadline without recursion")
  void millionDeepValueChainAnswersWithoutRecursion() throws Exception {
    onSmallStack(
        () -> {
          Key<Integer> layer = Key.of("layer");
          CancellableContext top = Context.background().withTimeout(Duration.ofHours(1));
          try {
            Context leaf = top;
            for (int i = 0; i < DEPTH; i++) {
              leaf = leaf.withValue(layer, i);
            }
            assertFalse(leaf.done().isDone());
            assertNull(leaf.err());
            assertNull(leaf.cause());
            assertEquals(top.deadline(), leaf.deadline());
            CancellableContext below = leaf.withCancel();
            assertEquals(1, children(top), "the child registers with the nearest cancellable ancestor");
            Exception e = new Exception("e");
            top.cancel(e);
            assertTrue(leaf.done().isDone());
            assertSame(CANCELED, leaf.err());
            assertSame(e, leaf.cause());
            assertSame(e, below.cause());
            return null;
          } finally {
            top.cancel();
          }
        });
  }

  @Test
  @DisplayName("J6 a 100,000-deep chain of timeouts, each shorter than its parent, cancels with all its timer entries")
  void deepTimeoutChain() throws Exception {
    long before = pendingTimers();
    onSmallStack(
        () -> {
          CancellableContext root = Context.background().withCancel();
          Context leaf = root;
          try {
            for (int i = 0; i < 100_000; i++) {
              leaf = leaf.withTimeout(Duration.ofSeconds(1_000_000 - i));
            }
            assertEquals(before + 100_000, pendingTimers());
          } finally {
            root.cancel();
          }
          assertEquals(before, pendingTimers());
          assertTrue(leaf.done().isDone());
          return null;
        });
  }
}
