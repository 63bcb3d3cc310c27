package dev.ctx4j;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.internal.Call;
import dev.ctx4j.internal.WrappedMethod;
import dev.ctx4j.spi.CallOutcome;
import dev.ctx4j.spi.Ctx4jListener;
import dev.ctx4j.spi.Ctx4jListeners;
import dev.ctx4j.spi.WrappedMethodInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The listener SPI ({@link Ctx4jListener}, {@link Ctx4jListeners}): what is reported, when, and exactly once. */
class ListenersTest extends ContextTestBase {
  static final WrappedMethod FIND =
      WrappedMethod.timeout(ListenersTest.class, "find", "ListenersTest.find", 40, MILLISECONDS, false, true);
  static final WrappedMethod RESERVE =
      WrappedMethod.cancellable(ListenersTest.class, "reserve", "ListenersTest.reserve", true);
  /** A timed method whose limit no call reaches, however loaded the machine. */
  static final WrappedMethod LOOKUP =
      WrappedMethod.timeout(ListenersTest.class, "lookup", "ListenersTest.lookup", 1, TimeUnit.HOURS, false, true);

  /** Records everything as text, and the calls' ends. */
  static final class Recorder implements Ctx4jListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Throwable> thrown = new CopyOnWriteArrayList<>();
    final List<Optional<Duration>> budgets = new CopyOnWriteArrayList<>();
    final Map<Context, AtomicInteger> ends = new ConcurrentHashMap<>();
    final AtomicLong durations = new AtomicLong();

    @Override
    public void callStarted(WrappedMethodInfo method, Context caller) {
      events.add("start " + method.qualifiedName());
      budgets.add(caller.deadline().map(d -> Duration.between(java.time.Instant.now(), d)));
    }

    @Override
    public void callEnded(WrappedMethodInfo method, CallOutcome outcome, Throwable t, long durationNanos) {
      events.add("end " + method.label() + " " + outcome);
      thrown.add(t == null ? new NullPointerException("none") : t);
      assertTrue(durationNanos >= 0);
      durations.addAndGet(durationNanos);
    }

    @Override
    public void contextEnded(Context context, ContextException err, Throwable cause, boolean byAncestor) {
      ends.computeIfAbsent(context, k -> new AtomicInteger()).incrementAndGet();
      assertSame(context.err(), err);
      assertSame(context.cause(), cause);
      events.add("ended " + ((StdContext) context).label().replaceAll("\\(.*\\)", "(...)") + " "
          + err.getClass().getSimpleName() + (cause != err ? " cause " + cause.getMessage() : "")
          + (byAncestor ? " byAncestor" : ""));
    }

    List<String> calls() {
      List<String> out = new ArrayList<>();
      for (String e : events) {
        if (!e.startsWith("ended")) {
          out.add(e);
        }
      }
      return out;
    }
  }

  private final List<Ctx4jListeners.Registration> registrations = new ArrayList<>();

  private Recorder register() {
    Recorder r = new Recorder();
    registrations.add(Ctx4jListeners.register(r));
    return r;
  }

  @AfterEach
  void unregister() {
    registrations.forEach(Ctx4jListeners.Registration::close);
    assertEquals(List.of(), Ctx4jListeners.registered());
    assertFalse(Observe.on, "nothing listens once every registration is closed");
  }

  @Test
  @DisplayName("J11 each outcome of a synchronous call is reported, with the caller's budget at the start")
  void eachOutcomeOfASynchronousCallIsReportedWithTheCallersBudget() {
    Recorder r = register();
    try (CancellableContext caller = Context.background().withTimeout(Duration.ofSeconds(100))) {
      assertEquals("ok", JfrEventsTest.call(RESERVE, caller, ctx -> "ok"));
      IllegalStateException boom = new IllegalStateException("boom");
      assertSame(boom, assertThrows(IllegalStateException.class,
          () -> JfrEventsTest.call(RESERVE, caller, ctx -> {
            throw boom;
          })));
      DeadlineExceededException timedOut = assertThrows(DeadlineExceededException.class,
          () -> JfrEventsTest.call(FIND, Context.background(), ctx -> {
            ctx.done().await();
            return null;
          }));
      CancellableContext doomed = caller.withCancel();
      CancelledException cancelled = assertThrows(CancelledException.class,
          () -> JfrEventsTest.call(LOOKUP, doomed, ctx -> {
            doomed.cancel(); // the caller gives up while the body runs
            return "late";
          }));
      assertEquals(List.of(
          "start dev.ctx4j.ListenersTest.reserve", "end ListenersTest.reserve RETURNED",
          "start dev.ctx4j.ListenersTest.reserve", "end ListenersTest.reserve THREW",
          "start dev.ctx4j.ListenersTest.find", "end ListenersTest.find TIMED_OUT",
          "start dev.ctx4j.ListenersTest.lookup", "end ListenersTest.lookup CANCELLED"), r.calls());
      assertInstanceOf(NullPointerException.class, r.thrown.get(0));
      assertSame(boom, r.thrown.get(1));
      assertSame(timedOut, r.thrown.get(2));
      assertSame(cancelled, r.thrown.get(3));
      assertTrue(r.budgets.get(0).orElseThrow().compareTo(Duration.ofSeconds(90)) > 0, r.budgets::toString);
      assertEquals(Optional.empty(), r.budgets.get(2), "background() has no deadline");
      assertTrue(r.durations.get() >= MILLISECONDS.toNanos(40), "the timed out call lasted its limit");
    }
  }

  @Test
  @DisplayName("J11 an asynchronous call ends when its future completes, whoever completes it")
  void asynchronousCallsEndWhenTheirFutureCompletes() throws Exception {
    Recorder r = register();
    CompletableFuture<String> stage = new CompletableFuture<>();
    Call call = Call.start(Context.background(), RESERVE);
    CompletableFuture<String> result = call.async(stage);
    assertEquals(List.of("start dev.ctx4j.ListenersTest.reserve"), r.calls(), "not ended before the stage completes");
    stage.complete("done");
    assertEquals("done", result.get());
    Call failing = Call.start(Context.background(), RESERVE);
    failing.async(CompletableFuture.failedFuture(new ArithmeticException()));
    Call timing = Call.start(Context.background(), FIND);
    CompletableFuture<Object> timed = timing.async(new CompletableFuture<>());
    assertThrows(Exception.class, timed::join);
    // the future fails on the callback executor, whose thread then ends the call: wait for that before going on
    awaitTrue(() -> r.calls().size() == 6, r.events::toString);
    Call dropped = Call.start(Context.background(), RESERVE);
    dropped.async(new CompletableFuture<>()).cancel(false); // the caller cancels the returned future
    awaitTrue(() -> r.calls().size() == 8, r.events::toString);
    assertEquals(List.of(
        "start dev.ctx4j.ListenersTest.reserve", "end ListenersTest.reserve RETURNED",
        "start dev.ctx4j.ListenersTest.reserve", "end ListenersTest.reserve THREW",
        "start dev.ctx4j.ListenersTest.find", "end ListenersTest.find TIMED_OUT",
        "start dev.ctx4j.ListenersTest.reserve", "end ListenersTest.reserve CANCELLED"), r.calls());
  }

  @Test
  @DisplayName("J11 calls through the label-only form report only their context's end")
  void labelOnlyCallsReportOnlyTheirContextsEnd() {
    Recorder r = register();
    Call call = Call.timeout(Context.background(), "Hand.written", 1, SECONDS, false);
    call.end();
    call.close();
    assertEquals(List.of("ended withDeadline(...)[Hand.written] CancelledException"), r.events);
  }

  @Test
  @DisplayName("J11 every node of a cancelled subtree is reported once, after the origin; withValue, withoutCancel are not")
  void everyNodeOfACancelledSubtreeIsReportedOnceAfterTheOrigin() {
    Recorder r = register();
    IllegalStateException why = new IllegalStateException("why");
    try (CancellableContext root = Context.background().withCancel()) {
      CancellableContext a = root.withCancel();
      Context valued = a.withValue(Key.of("k"), 1); // not a node of its own: not reported
      CancellableContext b = valued.withCancel();
      CancellableContext c = b.withTimeout(FOREVER);
      a.withoutCancel().withCancel(); // below withoutCancel: does not end with a
      assertTrue(a.cancel(why));
      assertEquals(List.of(
          "ended withCancel CancelledException cause why",
          "ended withCancel CancelledException cause why byAncestor",
          "ended withDeadline(...) CancelledException cause why byAncestor"), r.events);
      assertEquals(1, r.ends.get(b).get());
      assertEquals(1, r.ends.get(c).get());
      r.events.clear();
      CancellableContext late = a.withCancel(); // made under a done parent: ends at once, by its ancestor
      assertTrue(late.done().isDone());
      assertEquals(List.of("ended withCancel CancelledException cause why byAncestor"), r.events);
      r.events.clear();
    } // close(): reported like any end
    assertEquals(List.of("ended withCancel CancelledException"), r.events);
  }

  @Test
  @DisplayName("J11 a deadline is reported from the timer, its descendants by their ancestor")
  void aDeadlineIsReportedFromTheTimer() throws Exception {
    Recorder r = register();
    CancellableContext timed = Context.background().withTimeout(Duration.ofMillis(10));
    timed.withCancel();
    awaitDone(timed);
    awaitTrue(() -> r.events.size() == 2, r.events::toString);
    assertEquals(List.of("ended withDeadline(...) DeadlineExceededException",
        "ended withCancel DeadlineExceededException byAncestor"), r.events);
  }

  @Test
  @DisplayName("J11 a throwing listener breaks neither the call, nor the cancel, nor the other listeners")
  void aThrowingListenerBreaksNeitherTheCallNorTheCancelNorTheOtherListeners() {
    Ctx4jListener broken = new Ctx4jListener() {
      @Override
      public void callStarted(WrappedMethodInfo method, Context caller) {
        throw new IllegalStateException("start");
      }

      @Override
      public void callEnded(WrappedMethodInfo method, CallOutcome outcome, Throwable thrown, long durationNanos) {
        throw new OutOfMemoryError("end"); // even an Error
      }

      @Override
      public void contextEnded(Context context, ContextException err, Throwable cause, boolean byAncestor) {
        throw new IllegalStateException("ended");
      }
    };
    registrations.add(Ctx4jListeners.register(broken));
    Recorder r = register();
    assertEquals(List.of(broken, r), Ctx4jListeners.registered());
    assertEquals("ok", JfrEventsTest.call(RESERVE, Context.background(), ctx -> "ok"));
    CancellableContext ctx = Context.background().withCancel();
    assertTrue(ctx.cancel());
    assertTrue(ctx.done().isDone());
    assertEquals(List.of("start dev.ctx4j.ListenersTest.reserve",
        "ended withCancel[ListenersTest.reserve] CancelledException", "end ListenersTest.reserve RETURNED",
        "ended withCancel CancelledException"), r.events);
  }

  @Test
  @DisplayName("J11 a registration ends once; the same listener may be registered twice")
  void aRegistrationEndsOnceAndTheSameListenerMayBeRegisteredTwice() {
    Recorder r = new Recorder();
    Ctx4jListeners.Registration first = Ctx4jListeners.register(r);
    Ctx4jListeners.Registration second = Ctx4jListeners.register(r);
    assertThrows(NullPointerException.class, () -> Ctx4jListeners.register(null));
    Context.background().withCancel().cancel();
    assertEquals(2, r.events.size());
    first.close();
    first.close(); // idempotent: leaves the second registration alone
    assertEquals(List.of(r), Ctx4jListeners.registered());
    Context.background().withCancel().cancel();
    assertEquals(3, r.events.size());
    second.close();
    Context.background().withCancel().cancel();
    assertEquals(3, r.events.size());
    assertFalse(Observe.on);
  }

  /** Counts one registration's starts and ends. */
  static final class Counter implements Ctx4jListener {
    final AtomicInteger starts = new AtomicInteger();
    final AtomicInteger ends = new AtomicInteger();

    @Override
    public void callStarted(WrappedMethodInfo method, Context caller) {
      starts.incrementAndGet();
    }

    @Override
    public void callEnded(WrappedMethodInfo method, CallOutcome outcome, Throwable thrown, long durationNanos) {
      ends.incrementAndGet();
    }
  }

  @Test
  @DisplayName("J11 registering and unregistering while calls run: every end a listener sees matches a start it saw")
  void registeringAndUnregisteringWhileCallsRunPairsEveryEndWithItsStart() throws Exception {
    int threads = 3;
    int callsPerThread = 20_000;
    Counter steady = new Counter();
    registrations.add(Ctx4jListeners.register(steady));
    List<Counter> churned = new CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    ExecutorService pool = daemonPool(threads + 1, "listeners-");
    try {
      Future<?> churn = pool.submit(() -> {
        while (running.get()) {
          Counter c = new Counter();
          churned.add(c);
          Ctx4jListeners.Registration reg = Ctx4jListeners.register(c);
          Thread.onSpinWait();
          reg.close();
        }
      });
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> callers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        callers.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < callsPerThread; i++) {
            JfrEventsTest.call(i % 2 == 0 ? RESERVE : LOOKUP, Context.background(), ctx -> null);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : callers) {
        f.get(BOUND_SECONDS * 6, SECONDS);
      }
      running.set(false);
      churn.get(BOUND_SECONDS, SECONDS);
    } finally {
      running.set(false); // also when a caller failed, so that the pool can stop
      shutdown(pool);
    }
    assertEquals(threads * callsPerThread, steady.starts.get());
    assertEquals(threads * callsPerThread, steady.ends.get());
    for (Counter c : churned) {
      assertEquals(c.starts.get(), c.ends.get(), "a listener sees the end of each call whose start it saw");
    }
    assertTrue(churned.size() > 1, "the registrations churned");
  }

  @Test
  @DisplayName("J11 a cancel racing the deadline (and the parent's cancel) reports exactly one end per context")
  void aCancelRacingTheDeadlineReportsExactlyOneEndPerContext() throws Exception {
    Recorder r = register();
    int rounds = 2_000;
    List<CancellableContext> all = new ArrayList<>();
    ExecutorService pool = daemonPool(2, "race-");
    try {
      for (int i = 0; i < rounds; i++) {
        CancellableContext parent = Context.background().withCancel();
        long nanos = ThreadLocalRandom.current().nextLong(1_000_000);
        CancellableContext child = parent.withTimeout(Duration.ofNanos(nanos));
        CancellableContext grandchild = child.withCancel();
        all.add(parent);
        all.add(child);
        all.add(grandchild);
        CountDownLatch go = new CountDownLatch(1);
        Future<?> a = pool.submit(() -> {
          go.await();
          return child.cancel();
        });
        Future<?> b = pool.submit(() -> {
          go.await();
          return parent.cancel();
        });
        go.countDown();
        a.get(BOUND_SECONDS, SECONDS);
        b.get(BOUND_SECONDS, SECONDS);
      }
    } finally {
      shutdown(pool);
    }
    for (CancellableContext c : all) {
      awaitDone(c);
    }
    awaitTrue(() -> r.ends.size() == all.size(), () -> r.ends.size() + " of " + all.size());
    for (CancellableContext c : all) {
      assertEquals(1, r.ends.get(c).get(), c::toString);
    }
  }
}
