package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.internal.LeakTracking;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The internal leak tracking the test kit ({@code ctx4j-junit}) is built on. The runtime's own tests cannot use that
 * extension (it depends on the runtime), so {@link ContextTestBase} checks bindings and timer entries after every test
 * itself; this class checks the tracker directly.
 */
class LeakTrackingTest extends ContextTestBase {

  private static List<Throwable> leaksOf(LeakTracking.Tracker t) {
    return t.leaks();
  }

  /** The leak's site as {@code Class.method}. */
  private static String site(Throwable leak) {
    StackTraceElement e = leak.getStackTrace()[0];
    return e.getClassName() + "." + e.getMethodName();
  }

  @Test
  void liveChildUnderTheRootIsALeakWithItsCreationSite() {
    try (CancellableContext root = Context.background().withCancel();
        LeakTracking.Tracker t = LeakTracking.RUNTIME.track(root)) {
      CancellableContext leaked = root.withCancel(); int line = new Throwable().getStackTrace()[0].getLineNumber();
      List<Throwable> leaks = leaksOf(t);
      assertEquals(1, leaks.size(), leaks::toString);
      assertTrue(leaks.get(0).getMessage().contains("registered with its parent"), leaks.get(0).getMessage());
      assertEquals("LeakTrackingTest.java:" + line, leaks.get(0).getStackTrace()[0].getFileName() + ":"
          + leaks.get(0).getStackTrace()[0].getLineNumber());
      assertTrue(site(leaks.get(0)).startsWith(LeakTrackingTest.class.getName() + "."), site(leaks.get(0)));
      leaked.cancel();
      assertEquals(List.of(), leaksOf(t));
    }
  }

  @Test
  void cancelledAndDoneContextsAreNotLeaks() {
    try (CancellableContext root = Context.background().withCancel();
        LeakTracking.Tracker t = LeakTracking.RUNTIME.track(root)) {
      try (CancellableContext a = root.withTimeout(FOREVER)) {
        a.withCancel(); // cancelled with a
      }
      CancellableContext expired = root.withTimeout(Duration.ZERO);
      assertTrue(expired.done().isDone());
      assertEquals(List.of(), leaksOf(t));
    }
  }

  @Test
  void armedTimerAndAfterFuncAreReported() {
    try (CancellableContext root = Context.background().withCancel();
        LeakTracking.Tracker t = LeakTracking.RUNTIME.track(root)) {
      CancellableContext timed = root.withTimeout(FOREVER);
      AfterFuncHandle h = root.afterFunc(() -> { });
      List<Throwable> leaks = leaksOf(t);
      assertEquals(2, leaks.size(), leaks::toString);
      assertTrue(leaks.get(0).getMessage().contains("armed timer entry"), leaks.get(0).getMessage());
      assertTrue(leaks.get(1).getMessage().contains("afterFunc"), leaks.get(1).getMessage());
      assertTrue(site(leaks.get(1)).startsWith(LeakTrackingTest.class.getName()), site(leaks.get(1)));
      assertTrue(h.stop());
      timed.cancel();
      assertEquals(List.of(), leaksOf(t));
    }
  }

  @Test
  void descendantsMadeOnOtherThreadsBelongToTheRoot() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (CancellableContext root = Context.background().withCancel();
        LeakTracking.Tracker t = LeakTracking.RUNTIME.track(root)) {
      Future<CancellableContext> f = pool.submit(() -> root.withValue(Key.of("k"), "v").withCancel());
      CancellableContext child = f.get(BOUND_SECONDS, TimeUnit.SECONDS);
      pool.submit(() -> child.withCancel()).get(BOUND_SECONDS, TimeUnit.SECONDS);
      assertEquals(2, leaksOf(t).size());
      child.cancel();
      assertEquals(List.of(), leaksOf(t));
      // made from background on the other thread: not the test's
      pool.submit(() -> Context.background().withCancel()).get(BOUND_SECONDS, TimeUnit.SECONDS).cancel();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void contextsMadeOnAnEnteredThreadAreTrackedOthersAreNot() {
    CancellableContext before = Context.background().withCancel();
    try (CancellableContext root = Context.background().withCancel();
        LeakTracking.Tracker t = LeakTracking.RUNTIME.track(root)) {
      before.withCancel(); // not entered yet: not tracked (cancelled with `before`)
      t.enterThread();
      CancellableContext unrelated;
      try {
        unrelated = Context.background().withCancel();
      } finally {
        t.exitThread();
      }
      Context.background().withCancel().cancel();
      List<Throwable> leaks = leaksOf(t);
      assertEquals(1, leaks.size(), leaks::toString);
      assertTrue(!leaks.get(0).getMessage().contains("registered"), leaks.get(0).getMessage());
      unrelated.cancel();
      assertEquals(List.of(), leaksOf(t));
    } finally {
      before.cancel();
    }
  }

  @Test
  void trackersOfConcurrentRootsCountOnlyTheirOwn() throws Exception {
    int roots = 8;
    ExecutorService pool = Executors.newFixedThreadPool(roots);
    CountDownLatch allMade = new CountDownLatch(roots);
    try {
      List<Future<Integer>> counts = new ArrayList<>();
      for (int i = 0; i < roots; i++) {
        int leaksWanted = i;
        counts.add(pool.submit(() -> {
          try (CancellableContext root = Context.background().withCancel();
              LeakTracking.Tracker t = LeakTracking.RUNTIME.track(root)) {
            t.enterThread();
            try {
              for (int k = 0; k < 50; k++) {
                root.withCancel().cancel();
              }
              for (int k = 0; k < leaksWanted; k++) {
                root.withCancel();
              }
              allMade.countDown();
              assertTrue(allMade.await(BOUND_SECONDS, TimeUnit.SECONDS));
              return t.leaks().size();
            } finally {
              t.exitThread();
            }
          }
        }));
      }
      for (int i = 0; i < roots; i++) {
        assertEquals(i, counts.get(i).get(BOUND_SECONDS, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unbindReportsAndClosesScopesLeftOpen() {
    Context c = Context.background().withValue(Key.of("k"), 1);
    Object mark = LeakTracking.RUNTIME.bind(c);
    assertSame(c, Context.current());
    c.attach(); int line = new Throwable().getStackTrace()[0].getLineNumber();
    List<String> sites = LeakTracking.RUNTIME.unbind(mark);
    assertEquals(1, sites.size());
    assertTrue(sites.get(0).endsWith("LeakTrackingTest.java:" + line + ")"), sites.get(0));
    assertSame(Context.background(), Context.current());
    Object clean = LeakTracking.RUNTIME.bind(c);
    assertEquals(List.of(), LeakTracking.RUNTIME.unbind(clean));
  }

  @Test
  void doneContextsAreForgottenSoATrackerHoldsOnlyTheLiveOnes() {
    try (CancellableContext root = Context.background().withCancel();
        LeakTracking.Tracker t = LeakTracking.RUNTIME.track(root)) {
      for (int i = 0; i < 10_000; i++) {
        try (CancellableContext c = root.withTimeout(FOREVER)) {
          c.withCancel(); // cancelled with c
        }
      }
      CancellableContext live = root.withCancel();
      assertEquals(2, ((Leaks.Tracker) t).contexts.size(), "the root and the one live context");
      live.cancel();
      assertEquals(List.of(), leaksOf(t));
    }
  }

  @Test
  void closedTrackerTracksNothing() {
    CancellableContext root = Context.background().withCancel();
    LeakTracking.Tracker t = LeakTracking.RUNTIME.track(root);
    t.close();
    root.withCancel();
    assertEquals(List.of(), t.leaks());
    root.cancel();
  }
}
