package dev.ctx4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * G-J and J10: the races, as real multi-threaded tests. Each race runs hundreds of iterations, every thread pair
 * released together by a barrier, so that a broken implementation fails; each test stays within a few seconds on a
 * slow 2-core machine. A deadlock fails the test through a bounded wait instead of hanging it.
 *
 * <p>G68 only names the races (G50, G16, G13); its display name is on the test that runs all three at once.
 */
class ConcurrencyTest extends ContextTestBase {

  private ExecutorService pool;

  @BeforeEach
  void startPool() {
    pool = daemonPool(4, "race");
  }

  @AfterEach
  void stopPool() throws InterruptedException {
    shutdown(pool);
  }

  /** Runs the two actions at the same moment on two pool threads, and waits (bounded) for both. */
  private <A, B> Object[] race(Callable<A> a, Callable<B> b) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    Future<A> fa =
        pool.submit(
            () -> {
              start.await(BOUND_SECONDS, SECONDS);
              return a.call();
            });
    Future<B> fb =
        pool.submit(
            () -> {
              start.await(BOUND_SECONDS, SECONDS);
              return b.call();
            });
    return new Object[] {fa.get(BOUND_SECONDS, SECONDS), fb.get(BOUND_SECONDS, SECONDS)};
  }

  /** Spins until the condition holds; fails after {@link #BOUND}. */
  private static void spinUntil(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    for (int i = 0; !condition.getAsBoolean(); i++) {
      if ((i & 1023) == 0 && System.nanoTime() - deadline > 0) {
        fail(what);
      }
      Thread.onSpinWait();
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // G13

  @Test
  @DisplayName("G13 creating a child while the parent is cancelled: the child always ends Canceled with the parent's cause")
  void createChildWhileParentIsCancelled() throws Exception {
    // Two creators derive children in a tight loop around the moment a third thread cancels the parent, so that
    // creations land on both sides of the cancel, and right on it, in every iteration.
    for (int i = 0; i < 250; i++) {
      CancellableContext parent = Context.background().withCancel();
      Exception cause = new Exception("cause " + i);
      int kind = i % 4;
      AtomicInteger callbackRuns = new AtomicInteger();
      AtomicInteger callbacks = new AtomicInteger();
      CyclicBarrier start = new CyclicBarrier(3);
      AtomicInteger made = new AtomicInteger();
      int target = 2 + i % 16;
      List<Future<List<Context>>> creators = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        creators.add(
            pool.submit(
                () -> {
                  List<Context> mine = new ArrayList<>();
                  start.await(BOUND_SECONDS, SECONDS);
                  for (int after = 0; after < 3; ) {
                    if (parent.err() != null) {
                      after++;
                    }
                    if (made.incrementAndGet() > target + 32) {
                      LockSupport.parkNanos(1000); // pace ourselves until the canceller gets a core
                    }
                    mine.add(
                        switch (kind) {
                          case 0 -> parent.withCancel();
                          case 1 -> parent.withTimeout(FOREVER);
                          case 2 -> parent.withValue(Key.of("k"), "v").withCancel();
                          default -> {
                            callbacks.incrementAndGet();
                            parent.afterFunc(callbackRuns::incrementAndGet, Runnable::run);
                            yield parent.withDeadline(java.time.Instant.now().plusSeconds(3600));
                          }
                        });
                  }
                  return mine;
                }));
      }
      // Let both creators get going (a barrier wakes threads tens of microseconds apart), then cancel.
      Future<Boolean> cancel =
          pool.submit(
              () -> {
                start.await(BOUND_SECONDS, SECONDS);
                long giveUp = System.nanoTime() + SECONDS.toNanos(BOUND_SECONDS);
                while (made.get() < target && System.nanoTime() - giveUp < 0) {
                  Thread.onSpinWait();
                }
                return parent.cancel(cause);
              });
      assertTrue(cancel.get(BOUND_SECONDS, SECONDS));
      for (Future<List<Context>> creator : creators) {
        for (Context child : creator.get(BOUND_SECONDS, SECONDS)) {
          assertTrue(child.done().isDone(), "iteration " + i + ": child not done");
          assertSame(CANCELED, child.err(), "iteration " + i);
          assertSame(cause, child.cause(), "iteration " + i);
        }
      }
      assertEquals(0, children(parent), "iteration " + i + ": registration left behind");
      assertEquals(callbacks.get(), callbackRuns.get(), "iteration " + i + ": each afterFunc runs exactly once");
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // G16

  @Test
  @DisplayName("G16 a non-null err implies the done signal fetched earlier is closed, and the cause is set")
  void errImpliesDone() throws Exception {
    for (int i = 0; i < 1000; i++) {
      CancellableContext parent = Context.background().withCancel();
      CancellableContext ctx = i % 2 == 0 ? parent : parent.withCancel();
      DoneSignal done = ctx.done();
      Object[] unused =
          race(
              () -> parent.cancel(),
              () -> {
                spinUntil(() -> ctx.err() != null, "err never set");
                return done.isDone() && ctx.cause() != null;
              });
      assertTrue((Boolean) unused[1], "iteration " + i + ": err was set before done closed or cause was set");
    }
  }

  @Test
  @DisplayName("G16 a closed done signal implies err and cause are already set")
  void doneImpliesErr() throws Exception {
    for (int i = 0; i < 1000; i++) {
      CancellableContext parent = Context.background().withCancel();
      CancellableContext ctx = i % 2 == 0 ? parent : parent.withCancel();
      DoneSignal done = ctx.done();
      Object[] r =
          race(
              () -> parent.cancel(),
              () -> {
                spinUntil(done::isDone, "done never closed");
                return ctx.err() != null && ctx.cause() != null;
              });
      assertTrue((Boolean) r[1], "iteration " + i + ": done closed before err or cause was set");
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // G50

  @Test
  @DisplayName("G50 polling cause while another thread cancels with e: every result is null or exactly e")
  void causeRace() throws Exception {
    for (int i = 0; i < 1000; i++) {
      CancellableContext parent = Context.background().withCancel();
      CancellableContext ctx = i % 2 == 0 ? parent : parent.withValue(Key.of("k"), i).withCancel();
      Exception e = new Exception("e" + i);
      Object[] r =
          race(
              () -> parent.cancel(e),
              () -> {
                while (true) {
                  ContextException err = ctx.err();
                  Throwable cause = ctx.cause();
                  if (cause != null && cause != e) {
                    return "cause was " + cause;
                  }
                  if (err != null) {
                    Throwable after = ctx.cause();
                    return after == e ? null : "err set but cause " + after;
                  }
                  Thread.onSpinWait();
                }
              });
      assertNull(r[1], "iteration " + i);
    }
  }

  @Test
  @DisplayName("G68 the three races at once: create under a cancelling parent, poll err/done, poll cause")
  void allThreeRacesAtOnce() throws Exception {
    for (int i = 0; i < 300; i++) {
      CancellableContext parent = Context.background().withCancel();
      Exception e = new Exception("e" + i);
      CyclicBarrier start = new CyclicBarrier(3);
      DoneSignal done = parent.done();
      Future<Boolean> cancel =
          pool.submit(
              () -> {
                start.await(BOUND_SECONDS, SECONDS);
                return parent.cancel(e);
              });
      Future<CancellableContext> create =
          pool.submit(
              () -> {
                start.await(BOUND_SECONDS, SECONDS);
                return parent.withCancel();
              });
      Future<Boolean> poll =
          pool.submit(
              () -> {
                start.await(BOUND_SECONDS, SECONDS);
                Throwable cause;
                do {
                  cause = parent.cause();
                  if (cause != null && cause != e) {
                    return false;
                  }
                } while (parent.err() == null);
                return done.isDone() && parent.cause() == e;
              });
      assertTrue(cancel.get(BOUND_SECONDS, SECONDS));
      CancellableContext child = create.get(BOUND_SECONDS, SECONDS);
      assertTrue(poll.get(BOUND_SECONDS, SECONDS), "iteration " + i);
      assertSame(e, child.cause());
      assertEquals(0, children(parent));
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // G66, G67

  @Test
  @DisplayName("G66 cancelling every node of a 341-node tree concurrently in random order: all done, no deadlock")
  void simultaneousCancels() throws Exception {
    Random random = new Random(66);
    for (int iteration = 0; iteration < 30; iteration++) {
      List<CancellableContext> nodes = new ArrayList<>();
      CancellableContext root = Context.background().withCancel();
      nodes.add(root);
      List<CancellableContext> level = List.of(root);
      for (int depth = 1; depth <= 4; depth++) {
        List<CancellableContext> next = new ArrayList<>();
        for (CancellableContext parent : level) {
          for (int k = 0; k < 4; k++) {
            CancellableContext child = k == 3 ? parent.withTimeout(FOREVER) : parent.withCancel();
            next.add(child);
          }
        }
        nodes.addAll(next);
        level = next;
      }
      assertEquals(341, nodes.size());
      List<CancellableContext> order = new ArrayList<>(nodes);
      Collections.shuffle(order, random);
      ConcurrentLinkedQueue<CancellableContext> queue = new ConcurrentLinkedQueue<>(order);
      int threads = 4;
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int which = t;
        workers.add(
            pool.submit(
                () -> {
                  start.await(BOUND_SECONDS, SECONDS);
                  for (CancellableContext c; (c = queue.poll()) != null; ) {
                    switch (which) {
                      case 0 -> c.cancel();
                      case 1 -> c.cancel(new Exception("x"));
                      default -> c.close();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> w : workers) {
        w.get(BOUND_SECONDS, SECONDS);
      }
      for (CancellableContext c : nodes) {
        assertTrue(c.done().isDone(), "iteration " + iteration + ": " + c + " not done");
        assertNotNull(c.err());
        assertEquals(0, children(c), "iteration " + iteration + ": children left on " + c);
      }
    }
  }

  @Test
  @DisplayName("G67 threads waiting on the parent cancel its children while the parent's cancel walks them")
  void interlockedCancels() throws Exception {
    for (int i = 0; i < 300; i++) {
      CancellableContext parent = Context.background().withCancel();
      List<CancellableContext> kids = new ArrayList<>();
      List<Future<?>> waiters = new ArrayList<>();
      CountDownLatch waiting = new CountDownLatch(3);
      for (int k = 0; k < 3; k++) {
        CancellableContext child = parent.withCancel();
        CancellableContext grandChild = child.withCancel();
        kids.add(child);
        kids.add(grandChild);
        waiters.add(
            pool.submit(
                () -> {
                  waiting.countDown();
                  assertTrue(parent.done().await(BOUND_SECONDS, SECONDS));
                  grandChild.cancel();
                  child.cancel();
                  return null;
                }));
      }
      assertTrue(waiting.await(BOUND_SECONDS, SECONDS));
      // Cancelled from a pool thread too, so that a deadlock fails the test (bounded get) instead of hanging it.
      assertTrue(pool.submit(() -> parent.cancel()).get(BOUND_SECONDS, SECONDS));
      for (Future<?> w : waiters) {
        w.get(BOUND_SECONDS, SECONDS);
      }
      for (CancellableContext c : kids) {
        assertTrue(c.done().isDone());
        assertSame(CANCELED, c.err());
      }
      assertEquals(0, children(parent));
    }
  }

  @Test
  @DisplayName("G67 callbacks run on the cancelling thread that cancel siblings and re-cancel the parent do not deadlock")
  void reentrantCancelsFromDirectCallbacksDoNotDeadlock() {
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          for (int i = 0; i < 200; i++) {
            CancellableContext parent = Context.background().withCancel();
            CancellableContext a = parent.withCancel();
            CancellableContext b = parent.withTimeout(FOREVER);
            CancellableContext c = a.withCancel();
            AtomicBoolean reentered = new AtomicBoolean();
            parent.afterFunc(
                () -> {
                  a.cancel();
                  b.cancel(new Exception("late"));
                  parent.cancel();
                  parent.withCancel().cancel();
                  reentered.set(true);
                },
                Runnable::run);
            a.afterFunc(() -> c.cancel(), Runnable::run);
            c.afterFunc(() -> a.withCancel(), Runnable::run);
            parent.cancel();
            assertTrue(reentered.get());
            for (Context x : List.of(parent, a, b, c)) {
              assertSame(CANCELED, x.err());
            }
            assertEquals(0, children(parent));
            assertEquals(0, children(a));
          }
        });
  }

  // -------------------------------------------------------------------------------------------------------------
  // J10

  @Test
  @DisplayName("J10 a mixed concurrent stress: derive, cancel, expire, look up, register and stop callbacks, bind")
  void mixedConcurrentStress() throws Exception {
    Key<Integer> key = Key.of("n");
    CancellableContext root = Context.background().withCancel();
    int slots = 32;
    AtomicReferenceArray<Context> shared = new AtomicReferenceArray<>(slots);
    for (int s = 0; s < slots; s++) {
      shared.set(s, root);
    }
    ConcurrentLinkedQueue<CancellableContext> created = new ConcurrentLinkedQueue<>();
    record Registration(AfterFuncHandle handle, AtomicInteger runs, AtomicBoolean stopped) {}
    ConcurrentLinkedQueue<Registration> registrations = new ConcurrentLinkedQueue<>();
    AtomicReferenceArray<Registration> recent = new AtomicReferenceArray<>(slots);
    ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    int threads = 4;
    int opsPerThread = 20_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(
          pool.submit(
              () -> {
                start.await(BOUND_SECONDS, SECONDS);
                ThreadLocalRandom r = ThreadLocalRandom.current();
                for (int op = 0; op < opsPerThread; op++) {
                  int slot = r.nextInt(slots);
                  Context c = shared.get(slot);
                  switch (r.nextInt(9)) {
                    case 0, 1 -> {
                      Context child =
                          switch (r.nextInt(4)) {
                            case 0 -> track(created, c.withCancel());
                            case 1 -> track(created, c.withTimeout(Duration.ofNanos(r.nextInt(2_000_000))));
                            case 2 -> track(created, c.withTimeout(FOREVER));
                            default -> c.withValue(key, op);
                          };
                      shared.set(r.nextInt(slots), r.nextInt(8) == 0 ? root : child);
                    }
                    case 2 -> {
                      if (c instanceof CancellableContext cc && cc != root) {
                        if (r.nextBoolean()) {
                          cc.cancel();
                        } else {
                          cc.cancel(new Exception("stress"));
                        }
                      }
                    }
                    case 3 -> {
                      boolean done = c.done().isDone();
                      ContextException err = c.err();
                      Throwable cause = c.cause();
                      if (done && c.err() == null) {
                        violations.add("done without err: " + c);
                      }
                      if (err != null && (!c.done().isDone() || c.cause() == null)) {
                        violations.add("err without done or cause: " + c);
                      }
                      if (cause != null && c.err() == null) {
                        violations.add("cause without err: " + c);
                      }
                    }
                    case 4 -> {
                      c.value(key);
                      c.deadline();
                      c.toString();
                    }
                    case 5 -> {
                      AtomicInteger runs = new AtomicInteger();
                      AfterFuncHandle h =
                          r.nextBoolean()
                              ? c.afterFunc(runs::incrementAndGet, Runnable::run)
                              : c.afterFunc(runs::incrementAndGet);
                      Registration reg = new Registration(h, runs, new AtomicBoolean());
                      registrations.add(reg);
                      recent.set(r.nextInt(slots), reg);
                    }
                    case 6 -> {
                      Registration reg = recent.get(slot);
                      if (reg != null && reg.handle().stop()) {
                        if (!reg.stopped().compareAndSet(false, true)) {
                          violations.add("stop() returned true twice");
                        }
                      }
                    }
                    case 7 -> {
                      try (Scope ignored = c.attach()) {
                        if (Context.current() != c) {
                          violations.add("current() is not the attached context");
                        }
                      }
                      if (Context.current() != Context.background()) {
                        violations.add("binding not restored");
                      }
                    }
                    default -> {
                      if (c.done().isDone()) {
                        try {
                          c.throwIfDone();
                          violations.add("throwIfDone did not throw on a done context");
                        } catch (ContextException expected) {
                          // fine
                        }
                      }
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> w : workers) {
      w.get(60, SECONDS);
    }
    assertTrue(violations.isEmpty(), () -> violations.size() + " violations, first: " + violations.peek());

    root.cancel();
    created.forEach(CancellableContext::cancel);
    for (CancellableContext c : created) {
      assertTrue(c.done().isDone());
      assertEquals(0, children(c), "children left on " + c);
    }
    assertEquals(0, children(root));
    for (Registration reg : registrations) {
      int expected = reg.stopped().get() ? 0 : 1;
      awaitTrue(() -> reg.runs().get() >= expected, () -> "a callback that was not stopped did not run");
    }
    // A second pass: nothing ran twice, and nothing stopped ran.
    for (Registration reg : registrations) {
      assertEquals(reg.stopped().get() ? 0 : 1, reg.runs().get(), "callback runs");
    }
  }

  private static CancellableContext track(ConcurrentLinkedQueue<CancellableContext> created, CancellableContext c) {
    created.add(c);
    return c;
  }
}
