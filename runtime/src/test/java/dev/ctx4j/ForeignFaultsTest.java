package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * User-written parents that misbehave (issue 8, bug 4), and what ctx4j keeps on a long-lived user-written parent.
 */
class ForeignFaultsTest extends ContextTestBase {
  private final List<Throwable> reported = new CopyOnWriteArrayList<>();
  private Thread.UncaughtExceptionHandler savedHandler;

  @BeforeEach
  void captureReports() {
    savedHandler = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((t, e) -> reported.add(e));
  }

  @AfterEach
  void restoreHandler() {
    Thread.setDefaultUncaughtExceptionHandler(savedHandler);
  }

  /** A user-written context whose err() throws once it is done, and whose deadline() returns null. */
  static final class Broken implements Context {
    final TestDoneSignal done = new TestDoneSignal();

    @Override
    public DoneSignal done() {
      return done;
    }

    @Override
    public ContextException err() {
      if (done.isDone()) {
        throw new IllegalStateException("err() is broken");
      }
      return null;
    }

    @Override
    public Optional<Instant> deadline() {
      return null; // against the contract; ctx4j's children must not pass it on
    }

    @Override
    public <T> T value(Key<T> key) {
      return null;
    }
  }

  @Test
  @DisplayName("a foreign parent whose err() throws once done still cancels its children, plainly, and it is reported")
  void throwingErrStillCancelsChildren() throws Exception {
    Broken parent = new Broken();
    CancellableContext child = parent.withCancel();
    CancellableContext timed = parent.withTimeout(FOREVER);
    Context grandchild = child.withValue(Key.of("k"), "v").withCancel();
    parent.done.close();
    awaitDone(child);
    awaitDone(timed);
    awaitDone(grandchild);
    assertSame(CANCELED, child.err());
    assertSame(CANCELED, grandchild.err());
    awaitTrue(() -> !reported.isEmpty(), () -> "nothing reported");
    assertTrue(reported.stream().anyMatch(t -> t.getCause() != null
            && "err() is broken".equals(t.getCause().getMessage())
            && t.getMessage().contains(Broken.class.getName())),
        () -> "reported: " + reported);
    timed.cancel();
  }

  @Test
  @DisplayName("deriving from a done foreign parent whose err() throws gives a cancelled child")
  void throwingErrAtDerive() {
    Broken parent = new Broken();
    parent.done.close();
    CancellableContext child = parent.withCancel();
    assertTrue(child.done().isDone());
    assertSame(CANCELED, child.err());
    assertFalse(reported.isEmpty());
  }

  @Test
  @DisplayName("a foreign deadline() returning null reads as no deadline in every ctx4j child")
  void nullDeadlineIsNone() {
    Broken parent = new Broken();
    try (CancellableContext child = parent.withCancel()) {
      assertEquals(Optional.empty(), child.deadline());
      assertEquals(Optional.empty(), child.withValue(Key.of("k"), 1).deadline());
      try (CancellableContext timed = child.withTimeout(Duration.ofHours(1))) {
        assertTrue(timed.deadline().isPresent(), "a child's own deadline still applies");
      }
    }
  }

  @Test
  @DisplayName("a cancelled child of a long-lived foreign parent without afterFunc is not kept by the parent")
  void cancelledChildrenOfAForeignParentAreNotRetained() {
    OwnDoneContext parent = OwnDoneContext.withoutValues();
    CancellableContext child = parent.withCancel();
    WeakReference<CancellableContext> ref = new WeakReference<>(child);
    child.cancel();
    child = null;
    awaitCollected(ref, "a cancelled child of a live foreign parent");
    // and the parent still cancels the children it has now
    CancellableContext live = parent.withCancel();
    parent.finish();
    assertTrue(live.done().isDone() || awaitDoneQuietly(live));
  }

  @Test
  @DisplayName("an unused done().toCompletionStage() view is not kept by a long-lived context")
  void unusedDoneStageViewsAreNotRetained() {
    try (CancellableContext ctx = Context.background().withCancel()) {
      java.util.concurrent.CompletionStage<Void> view = ctx.done().toCompletionStage();
      WeakReference<Object> ref = new WeakReference<>(view);
      view = null;
      awaitCollected(ref, "an unused done-stage view of a live context");
    }
  }

  private static boolean awaitDoneQuietly(Context ctx) {
    try {
      awaitDone(ctx);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Waits (bounded) for the garbage collector to clear {@code ref}, asking for collections meanwhile. */
  static void awaitCollected(WeakReference<?> ref, String what) {
    awaitTrue(() -> {
      System.gc();
      byte[][] pressure = new byte[64][];
      for (int i = 0; i < pressure.length; i++) {
        pressure[i] = new byte[16 * 1024];
      }
      return ref.get() == null && pressure.length > 0;
    }, () -> what + " is still reachable");
    assertNull(ref.get());
  }
}
