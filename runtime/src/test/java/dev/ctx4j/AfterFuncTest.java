package dev.ctx4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * G-H and J7: afterFunc. Where "never runs" must be shown, the callback is given a recording executor, so the test
 * sees every run the context asks for, deterministically (grpc's direct-executor discipline).
 */
class AfterFuncTest extends ContextTestBase {

  /** An executor that only records what it is asked to run. */
  static final class RecordingExecutor implements Executor {
    final List<Runnable> tasks = new ArrayList<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    synchronized int size() {
      return tasks.size();
    }

    synchronized void runAll() {
      tasks.forEach(Runnable::run);
    }
  }

  @Test
  @DisplayName("G55 the callback is not called before cancel, is called after it, and stop() is then false")
  void callbackRunsAfterCancel() throws InterruptedException {
    CancellableContext ctx = Context.background().withCancel();
    RecordingExecutor executor = new RecordingExecutor();
    AtomicInteger runs = new AtomicInteger();
    AfterFuncHandle stop = ctx.afterFunc(runs::incrementAndGet, executor);
    assertEquals(0, executor.size(), "not scheduled before cancel");

    ctx.cancel();

    assertEquals(1, executor.size(), "scheduled once by cancel");
    executor.runAll();
    assertEquals(1, runs.get());
    assertFalse(stop.stop(), "stop after the callback ran");
    assertFalse(stop.stop());
  }

  @Test
  @DisplayName("G55 on the default executor the callback runs after cancel, once")
  void callbackRunsOnDefaultExecutor() throws InterruptedException {
    CancellableContext ctx = Context.background().withCancel();
    CountDownLatch ran = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    AfterFuncHandle stop =
        ctx.afterFunc(
            () -> {
              runs.incrementAndGet();
              ran.countDown();
            });
    assertEquals(0, runs.get());
    ctx.cancel();
    assertTrue(ran.await(BOUND_SECONDS, SECONDS));
    assertFalse(stop.stop());
    ctx.cancel();
    assertEquals(1, runs.get());
  }

  @Test
  @DisplayName("G56 the callback is called when the deadline of a timeout passes")
  void callbackRunsAtDeadline() throws InterruptedException {
    CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(1));
    CountDownLatch ran = new CountDownLatch(1);
    ctx.afterFunc(ran::countDown);
    assertTrue(ran.await(BOUND_SECONDS, SECONDS));
    assertSame(DEADLINE_EXCEEDED, ctx.err());
  }

  @Test
  @DisplayName("G57 on an already cancelled context the callback is still scheduled, on another thread")
  void callbackOnCancelledContextIsScheduledAtOnce() throws InterruptedException {
    CancellableContext ctx = Context.background().withCancel();
    ctx.cancel();
    RecordingExecutor executor = new RecordingExecutor();
    AfterFuncHandle recorded = ctx.afterFunc(() -> {}, executor);
    assertEquals(1, executor.size(), "scheduled during afterFunc");
    assertFalse(recorded.stop());

    AtomicReference<Thread> ranOn = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    ctx.afterFunc(
        () -> {
          ranOn.set(Thread.currentThread());
          ran.countDown();
        });
    assertTrue(ran.await(BOUND_SECONDS, SECONDS));
    assertNotSame(Thread.currentThread(), ranOn.get(), "the callback runs in its own thread, not the caller's");
    assertEquals(0, children(ctx));
  }

  @Test
  @DisplayName("G58 stop() before cancel returns true, the callback never runs, and a second stop() is false")
  void stopBeforeCancelPreventsTheRun() throws InterruptedException {
    CancellableContext ctx = Context.background().withCancel();
    RecordingExecutor executor = new RecordingExecutor();
    AfterFuncHandle stop = ctx.afterFunc(() -> {}, executor);
    AtomicInteger runs = new AtomicInteger();
    AfterFuncHandle stopDefault = ctx.afterFunc(runs::incrementAndGet);
    assertTrue(stop.stop());
    assertTrue(stopDefault.stop());
    assertFalse(stop.stop());
    assertFalse(stopDefault.stop());

    ctx.cancel();

    assertEquals(0, executor.size(), "a stopped callback is never scheduled");
    // The default executor: a later callback on the same context has run, the stopped one has not.
    CountDownLatch later = new CountDownLatch(1);
    ctx.afterFunc(later::countDown);
    assertTrue(later.await(BOUND_SECONDS, SECONDS));
    assertEquals(0, runs.get());
  }

  @Test
  @DisplayName("G59 cancel does not wait for the callback: it returns while the callback is blocked")
  void cancelDoesNotWaitForTheCallback() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    CountDownLatch cancelReturned = new CountDownLatch(1);
    CountDownLatch callbackDone = new CountDownLatch(1);
    AtomicReference<Boolean> sawCancelReturn = new AtomicReference<>();
    ctx.afterFunc(
        () -> {
          try {
            sawCancelReturn.set(cancelReturned.await(BOUND_SECONDS, SECONDS));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          callbackDone.countDown();
        });
    // A synchronous callback would block cancel() until the bound ran out; cancel on its own thread, bounded.
    Forked<Boolean> canceller = fork("canceller", ctx::cancel);
    assertTrue(canceller.result());
    cancelReturned.countDown();
    assertTrue(callbackDone.await(BOUND_SECONDS, SECONDS));
    assertTrue(sawCancelReturn.get(), "the callback was still waiting when cancel returned");
  }

  @Test
  @DisplayName("G60 an afterFunc registration counts as a child of the nearest cancel node until stopped or run")
  void registrationCountsAsChild() {
    CancellableContext parent = Context.background().withCancel();
    Context valueNode = parent.withValue(Key.of("k"), "v");
    AfterFuncHandle stop = valueNode.afterFunc(() -> {}, new RecordingExecutor());
    assertEquals(1, children(parent));
    assertEquals(0, children(valueNode));
    assertTrue(stop.stop());
    assertEquals(0, children(parent));

    valueNode.afterFunc(() -> {}, new RecordingExecutor());
    assertEquals(1, children(parent));
    parent.cancel();
    assertEquals(0, children(parent));
  }

  @Test
  @DisplayName("G61 several callbacks are independent: stopping one leaves the others")
  void callbacksAreIndependent() {
    CancellableContext ctx = Context.background().withCancel();
    RecordingExecutor executor = new RecordingExecutor();
    List<String> ran = new ArrayList<>();
    AfterFuncHandle a = ctx.afterFunc(() -> ran.add("a"), executor);
    AfterFuncHandle b = ctx.afterFunc(() -> ran.add("b"), executor);
    AfterFuncHandle c = ctx.afterFunc(() -> ran.add("c"), executor);
    assertEquals(3, children(ctx));
    assertTrue(b.stop());
    assertEquals(2, children(ctx));
    ctx.cancel();
    executor.runAll();
    ran.sort(null);
    assertEquals(List.of("a", "c"), ran);
    assertFalse(a.stop());
    assertFalse(c.stop());
  }

  @Test
  @DisplayName("G61 stop() does not wait for a running callback and returns false")
  void stopDoesNotWaitForARunningCallback() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AfterFuncHandle handle =
        ctx.afterFunc(
            () -> {
              started.countDown();
              try {
                release.await(BOUND_SECONDS, SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    ctx.cancel();
    assertTrue(started.await(BOUND_SECONDS, SECONDS));
    try {
      assertFalse(fork("stopper", handle::stop).result());
    } finally {
      release.countDown();
    }
  }

  // -------------------------------------------------------------------------------------------------------------
  // J7

  @Test
  @DisplayName("J7 callbacks run off the cancelling thread, on daemon threads")
  void callbacksRunOffTheCancellingThread() throws InterruptedException {
    CancellableContext ctx = Context.background().withCancel();
    ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
    CountDownLatch ran = new CountDownLatch(5);
    for (int i = 0; i < 5; i++) {
      ctx.afterFunc(
          () -> {
            threads.add(Thread.currentThread());
            ran.countDown();
          });
    }
    ctx.cancel();
    assertTrue(ran.await(BOUND_SECONDS, SECONDS));
    for (Thread t : threads) {
      assertNotSame(Thread.currentThread(), t);
      assertTrue(t.isDaemon(), t + " is not a daemon");
    }
  }

  @Test
  @DisplayName("J7 a throwing callback goes to the uncaught-exception handler and the other callbacks still run")
  void throwingCallbackGoesToUncaughtHandler() throws InterruptedException {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    ConcurrentLinkedQueue<Throwable> uncaught = new ConcurrentLinkedQueue<>();
    CountDownLatch reported = new CountDownLatch(1);
    Thread.setDefaultUncaughtExceptionHandler(
        (t, e) -> {
          uncaught.add(e);
          reported.countDown();
        });
    try {
      CancellableContext ctx = Context.background().withCancel();
      CancellableContext child = ctx.withCancel();
      RuntimeException boom = new IllegalStateException("boom");
      CountDownLatch others = new CountDownLatch(2);
      ctx.afterFunc(others::countDown);
      ctx.afterFunc(
          () -> {
            throw boom;
          });
      ctx.afterFunc(others::countDown);
      ctx.cancel();
      assertTrue(child.done().isDone(), "propagation went on");
      assertTrue(others.await(BOUND_SECONDS, SECONDS), "the other callbacks ran");
      assertTrue(reported.await(BOUND_SECONDS, SECONDS), "the exception reached the uncaught-exception handler");
      assertSame(boom, uncaught.peek());
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
  }

  @Test
  @DisplayName("J7 a callback given an executor runs there; its exception reaches that thread's handler")
  void callbackRunsOnTheGivenExecutor() throws InterruptedException {
    AtomicReference<Throwable> uncaught = new AtomicReference<>();
    CountDownLatch reported = new CountDownLatch(1);
    Executor ownThreads =
        task -> {
          Thread t = new Thread(task, "own-callback-thread");
          t.setDaemon(true);
          t.setUncaughtExceptionHandler(
              (thread, e) -> {
                uncaught.set(e);
                reported.countDown();
              });
          t.start();
        };
    CancellableContext ctx = Context.background().withCancel();
    AtomicReference<String> ranOn = new AtomicReference<>();
    CountDownLatch ran = new CountDownLatch(1);
    ctx.afterFunc(
        () -> {
          ranOn.set(Thread.currentThread().getName());
          ran.countDown();
        },
        ownThreads);
    RuntimeException boom = new IllegalStateException("boom");
    ctx.afterFunc(
        () -> {
          throw boom;
        },
        ownThreads);
    ctx.cancel();
    assertTrue(ran.await(BOUND_SECONDS, SECONDS));
    assertEquals("own-callback-thread", ranOn.get());
    assertTrue(reported.await(BOUND_SECONDS, SECONDS));
    assertSame(boom, uncaught.get());
  }

  @Test
  @DisplayName("J7 an executor's rejection goes to the cancelling thread's handler and propagation goes on")
  void rejectionGoesToTheCancellingThreadsHandler() throws InterruptedException {
    Thread me = Thread.currentThread();
    Thread.UncaughtExceptionHandler previous = me.getUncaughtExceptionHandler();
    List<Throwable> uncaught = new ArrayList<>();
    me.setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
    try {
      CancellableContext ctx = Context.background().withCancel();
      CancellableContext child = ctx.withCancel();
      ctx.afterFunc(
          () -> {},
          task -> {
            throw new RejectedExecutionException("full");
          });
      CountDownLatch other = new CountDownLatch(1);
      ctx.afterFunc(other::countDown);
      CancellableContext later = ctx.withCancel();

      ctx.cancel();

      assertTrue(child.done().isDone());
      assertTrue(later.done().isDone());
      assertTrue(other.await(BOUND_SECONDS, SECONDS));
      assertEquals(1, uncaught.size(), () -> "uncaught: " + uncaught);
      assertInstanceOf(RejectedExecutionException.class, uncaught.get(0));
    } finally {
      me.setUncaughtExceptionHandler(previous);
    }
  }

  @Test
  @DisplayName("G58 stop() returns only once the callback is unregistered, also when another stop() won the race")
  void aLosingStopReturnsOnlyOnceTheRegistrationIsGone() throws Exception {
    assertTrue(TestHooks.ENABLED, "the runtime's tests run with -Ddev.ctx4j.test.hooks=true (see runtime/pom.xml)");
    CancellableContext ctx = Context.background().withCancel();
    AfterFuncHandle handle = ctx.afterFunc(() -> {});
    CountDownLatch claimed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TestHooks.afterStopClaim = node -> {
      claimed.countDown();
      try {
        release.await(); // the winner pauses between claiming the registration and unlinking it
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    java.util.concurrent.CompletableFuture<Boolean> winner = new java.util.concurrent.CompletableFuture<>();
    Thread other = new Thread(() -> winner.complete(handle.stop()));
    try {
      other.start();
      assertTrue(claimed.await(10, SECONDS), "the other thread's stop() did not claim the registration");
      assertFalse(handle.stop(), "the other thread won");
      assertEquals(0, ((CancelNode) ctx).childCount(), "stop() returned while the callback was still registered");
    } finally {
      TestHooks.afterStopClaim = null;
      release.countDown();
      other.join();
      ctx.cancel();
    }
    assertTrue(winner.get(10, SECONDS));
  }
}
