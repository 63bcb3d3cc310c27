package dev.ctx4j;

import static java.util.concurrent.TimeUnit.HOURS;
import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.internal.Call;
import dev.ctx4j.internal.Expiry;
import dev.ctx4j.internal.WrappedMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JFR events ({@code dev.ctx4j.Cancelled}, {@code dev.ctx4j.DeadlineExceeded}, {@code dev.ctx4j.WrapperCall}):
 * recorded in this JVM, dumped, read back, every field checked. docs/observability.md.
 */
class JfrEventsTest extends ContextTestBase {
  static final WrappedMethod SLOW =
      WrappedMethod.timeout(JfrEventsTest.class, "slow", "JfrEventsTest.slow", 30, MILLISECONDS, false, true);
  static final WrappedMethod FAST = WrappedMethod.cancellable(JfrEventsTest.class, "fast", "JfrEventsTest.fast", true);
  static final WrappedMethod FAILING =
      WrappedMethod.timeout(JfrEventsTest.class, "failing", "JfrEventsTest.failing", 1, HOURS, false, true);

  @TempDir
  Path dir;

  /** The generated synchronous shape. */
  static Object call(WrappedMethod m, Context ctx, CallTest.Body body) {
    Call call = Call.start(ctx, m);
    try {
      Object result = body.run(call.context());
      call.end();
      return result;
    } catch (Throwable t) {
      throw call.fail(t);
    } finally {
      call.close();
    }
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
  }

  private static boolean stackHas(RecordedEvent e, String method) {
    return e.getStackTrace() != null && e.getStackTrace().getFrames().stream().map(RecordedFrame::getMethod)
        .anyMatch(m -> m.getName().equals(method) && m.getType().getName().equals(JfrEventsTest.class.getName()));
  }

  @Test
  void cancelDeadlineAndWrapperCallAreRecordedWithEveryField() throws Exception {
    assertFalse(Observe.recording, "no recording runs before the test");
    Path file = dir.resolve("ctx4j.jfr");
    String testThread = Thread.currentThread().getName();
    try (Recording r = new Recording()) {
      r.enable("dev.ctx4j.Cancelled").withStackTrace();
      r.enable("dev.ctx4j.DeadlineExceeded");
      r.enable("dev.ctx4j.WrapperCall").withThreshold(Duration.ZERO);
      r.start();
      assertTrue(Observe.on, "a running recording turns the guard on");

      // a cancel with a cause, two levels down, ending one descendant and a value child (not a node)
      try (CancellableContext root = Context.background().withCancel()) {
        CancellableContext mid = root.withCancel();
        CancellableContext leaf = mid.withValue(Key.of("k"), "v").withTimeout(FOREVER);
        assertTrue(mid.cancel(new IllegalStateException("shutting down")));
        assertTrue(leaf.done().isDone());
        assertFalse(mid.cancel(), "a second cancel does nothing and records nothing");
      } // close(): the normal end, not recorded
      Context.background().withCancel().cancel(); // a plain cancel of a context nothing used: the normal end
      CancellableContext watched = Context.background().withCancel();
      watched.afterFunc(() -> { }); // in use: a callback registered on it
      assertTrue(watched.cancel());

      // a deadline of its own, fired by the timer
      CancellableContext timed = Context.background().withTimeout(Duration.ofMillis(37));
      timed.withCancel(); // one descendant
      awaitDone(timed);

      // wrapper calls: one timing out, one returning, one throwing
      ContextException e = assertThrows(DeadlineExceededException.class, () -> call(SLOW, Context.background(), ctx -> {
        ctx.done().await();
        return null;
      }));
      assertTrue(e.getMessage().contains("JfrEventsTest.slow timed out after 30 ms"), e::getMessage);
      assertEquals("ok", call(FAST, Context.background(), ctx -> "ok"));
      assertThrows(ArithmeticException.class, () -> call(FAILING, Context.background(), ctx -> {
        throw new ArithmeticException("boom");
      }));
      // the label-only form is recorded too (it has a label and a limit)
      Call older = Call.timeout(Context.background(), "Hand.written", 1, HOURS, false);
      older.end();
      older.close();

      r.stop();
      r.dump(file);
    }
    awaitTrue(() -> !Observe.recording, () -> "the guard follows the recording's stop");
    assertFalse(Observe.on);

    List<RecordedEvent> events = RecordingFile.readAllEvents(file);

    List<RecordedEvent> cancelled = named(events, "dev.ctx4j.Cancelled").stream()
        .filter(ev -> ev.getThread("eventThread").getJavaName().equals(testThread)).collect(Collectors.toList());
    assertEquals(2, cancelled.size(), () -> "only the explicit cancels of contexts in use: " + cancelled);
    RecordedEvent c = cancelled.get(0);
    assertEquals("withCancel", c.getString("context"));
    assertEquals(IllegalStateException.class.getName(), c.getClass("causeClass").getName());
    assertEquals("shutting down", c.getString("causeMessage"));
    assertEquals(2, c.getInt("depth"));
    assertEquals(1, c.getInt("descendants"));
    assertTrue(stackHas(c, "cancelDeadlineAndWrapperCallAreRecordedWithEveryField"), () -> "the canceller's stack: " + c);
    assertEquals("ctx4j", c.getEventType().getCategoryNames().get(0));
    RecordedEvent watched = cancelled.get(1);
    assertEquals("withCancel", watched.getString("context"));
    assertNull(watched.getClass("causeClass"), "a plain cancel() has no cause");
    assertNull(watched.getString("causeMessage"));
    assertEquals(1, watched.getInt("depth"));
    assertEquals(0, watched.getInt("descendants"));

    RecordedEvent d = named(events, "dev.ctx4j.DeadlineExceeded").stream()
        .filter(ev -> ev.getDuration("budget").equals(Duration.ofMillis(37))).findFirst().orElseThrow();
    assertTrue(d.getString("context").startsWith("withDeadline("), d::toString);
    assertTrue(!d.getDuration("overshoot").isNegative() && d.getDuration("overshoot").compareTo(BOUND) < 0,
        d::toString);
    assertEquals(1, d.getInt("depth"));
    assertEquals(1, d.getInt("descendants"));
    assertEquals("ctx4j-timer", d.getThread("eventThread").getJavaName());

    RecordedEvent callDeadline = named(events, "dev.ctx4j.DeadlineExceeded").stream()
        .filter(ev -> ev.getString("context").endsWith("[JfrEventsTest.slow]")).findFirst().orElseThrow();
    assertEquals(Duration.ofMillis(30), callDeadline.getDuration("budget"));

    List<RecordedEvent> calls = named(events, "dev.ctx4j.WrapperCall");
    RecordedEvent slow = one(calls, "JfrEventsTest.slow");
    assertEquals(Duration.ofMillis(30), slow.getDuration("limit"));
    assertEquals("timed out", slow.getString("outcome"));
    assertTrue(slow.getDuration().compareTo(Duration.ofMillis(30)) >= 0, slow::toString);
    assertEquals(testThread, slow.getThread("eventThread").getJavaName());
    RecordedEvent fast = one(calls, "JfrEventsTest.fast");
    assertEquals(Duration.ZERO, fast.getDuration("limit"));
    assertEquals("returned", fast.getString("outcome"));
    RecordedEvent failing = one(calls, "JfrEventsTest.failing");
    assertEquals(Duration.ofHours(1), failing.getDuration("limit"));
    assertEquals("threw", failing.getString("outcome"));
    RecordedEvent older = one(calls, "Hand.written");
    assertEquals(Duration.ofHours(1), older.getDuration("limit"));
    assertEquals("returned", older.getString("outcome"));
  }

  private static RecordedEvent one(List<RecordedEvent> calls, String method) {
    List<RecordedEvent> found =
        calls.stream().filter(e -> method.equals(e.getString("method"))).collect(Collectors.toList());
    assertEquals(1, found.size(), () -> method + ": " + calls);
    return found.get(0);
  }

  /**
   * A deadline that another timer enforces (the gRPC server's handler context: grpc-java's timer fires, and the
   * integration expires the context through {@link Expiry}) is recorded as a deadline, as one ctx4j's timer fires.
   * Expired before its own deadline (a client's reset that counts as the deadline), its overshoot reads zero.
   */
  @Test
  void aDeadlineEnforcedElsewhereIsRecordedWhenItExpires() throws Exception {
    Path file = dir.resolve("expiry.jfr");
    String testThread = Thread.currentThread().getName();
    try (Recording r = new Recording()) {
      r.enable("dev.ctx4j.DeadlineExceeded");
      r.enable("dev.ctx4j.Cancelled");
      r.start();
      CancellableContext handler = Expiry.RUNTIME.withExternalDeadline(Context.background(), 1, HOURS);
      handler.withCancel(); // one descendant
      assertTrue(Expiry.RUNTIME.expire(handler, new IllegalStateException("gRPC's deadline timer")));
      assertInstanceOf(DeadlineExceededException.class, handler.err());
      r.stop();
      r.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    RecordedEvent d = named(events, "dev.ctx4j.DeadlineExceeded").stream()
        .filter(ev -> ev.getThread("eventThread").getJavaName().equals(testThread)).findFirst()
        .orElseThrow(() -> new AssertionError("no DeadlineExceeded event: " + events));
    assertEquals(Duration.ofHours(1), d.getDuration("budget"));
    assertEquals(Duration.ZERO, d.getDuration("overshoot"));
    assertEquals(1, d.getInt("depth"));
    assertEquals(1, d.getInt("descendants"));
    assertEquals(0, named(events, "dev.ctx4j.Cancelled").size(), () -> "recorded as a cancel: " + events);
  }

  @Test
  void theDefaultThresholdLeavesFastCallsOut() throws Exception {
    Path file = dir.resolve("threshold.jfr");
    try (Recording r = new Recording()) {
      r.enable("dev.ctx4j.WrapperCall"); // its own default threshold
      r.start();
      for (int i = 0; i < 100; i++) {
        call(FAST, Context.background(), ctx -> "ok");
      }
      assertThrows(DeadlineExceededException.class, () -> call(SLOW, Context.background(), ctx -> {
        ctx.done().await();
        return null;
      }));
      r.stop();
      r.dump(file);
    }
    List<RecordedEvent> calls = named(RecordingFile.readAllEvents(file), "dev.ctx4j.WrapperCall");
    assertEquals(1, calls.stream().filter(e -> e.getString("method").equals("JfrEventsTest.slow")).count());
    // the fast calls are left out unless the machine stalled one of them past the threshold
    for (RecordedEvent e : calls) {
      assertTrue(e.getDuration().compareTo(Duration.ofMillis(20)) >= 0, e::toString);
    }
  }

  @Test
  void eventTypesCarryTheirMetadata() throws Exception {
    try (Recording r = new Recording()) {
      r.start(); // registers nothing by itself; the events register when first used
      call(FAST, Context.background(), ctx -> "ok");
      Context.background().withCancel().cancel();
      CancellableContext t = Context.background().withTimeout(Duration.ofMillis(1));
      awaitDone(t);
      r.stop();
    }
    for (String name : List.of("dev.ctx4j.Cancelled", "dev.ctx4j.DeadlineExceeded", "dev.ctx4j.WrapperCall")) {
      EventType type = FlightRecorder.getFlightRecorder().getEventTypes().stream()
          .filter(t -> t.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
      assertEquals(List.of("ctx4j"), type.getCategoryNames(), name);
      assertNotNull(type.getLabel(), name);
      assertNotNull(type.getDescription(), name);
      type.getFields().stream().filter(f -> !List.of("startTime", "duration", "eventThread", "stackTrace")
          .contains(f.getName())).forEach(f -> {
            assertNotNull(f.getLabel(), name + "." + f.getName());
            assertNotNull(f.getDescription(), name + "." + f.getName());
          });
    }
    EventType call = FlightRecorder.getFlightRecorder().getEventTypes().stream()
        .filter(t -> t.getName().equals("dev.ctx4j.WrapperCall")).findFirst().orElseThrow();
    assertEquals("20 ms", call.getSettingDescriptors().stream().filter(s -> s.getName().equals("threshold"))
        .findFirst().orElseThrow().getDefaultValue());
  }
}
