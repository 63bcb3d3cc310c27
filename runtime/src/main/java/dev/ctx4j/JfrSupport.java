package dev.ctx4j;

import dev.ctx4j.spi.CallOutcome;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * ctx4j's JFR events ({@link CancelledEvent}, {@link DeadlineExceededEvent}, {@link WrapperCallEvent}). The only
 * classes that name {@code jdk.jfr} types; {@link Observe} loads them only when that module is present and calls them
 * only while a recording runs, so the runtime works on an image without it.
 */
final class JfrSupport {
  private JfrSupport() {}

  /** Keeps {@link Observe#recording} equal to "some recording is running". */
  static void install() {
    FlightRecorder.addListener(new FlightRecorderListener() {
      @Override
      public void recorderInitialized(FlightRecorder recorder) {
        update(recorder);
      }

      @Override
      public void recordingStateChanged(Recording changed) {
        update(FlightRecorder.getFlightRecorder());
      }
    });
  }

  private static void update(FlightRecorder recorder) {
    boolean running = false;
    for (Recording r : recorder.getRecordings()) {
      if (r.getState() == RecordingState.RUNNING) {
        running = true;
        break;
      }
    }
    Observe.recordingChanged(running);
  }

  /** A context was cancelled by {@code cancel()} or {@code cancel(cause)}. */
  static void cancelled(CancelNode node, DoneState s, int descendants) {
    CancelledEvent e = new CancelledEvent();
    if (e.shouldCommit()) {
      e.context = node.label();
      if (s.cause != s.err && s.cause != null) {
        e.causeClass = s.cause.getClass();
        e.causeMessage = s.cause.getMessage();
      }
      e.depth = Observe.depth(node);
      e.descendants = descendants;
      e.commit();
    }
  }

  /** A context's own deadline fired, {@code overshootNanos} after it. */
  static void deadlineExceeded(DeadlineNode node, long budgetNanos, long overshootNanos, int descendants) {
    DeadlineExceededEvent e = new DeadlineExceededEvent();
    if (e.shouldCommit()) {
      e.context = node.label();
      e.budget = budgetNanos;
      e.overshoot = overshootNanos;
      e.depth = Observe.depth(node);
      e.descendants = descendants;
      e.commit();
    }
  }

  /** A wrapper call is starting: its event, begun, or null when the recording leaves the event off. */
  static Object callStarted() {
    WrapperCallEvent e = new WrapperCallEvent();
    if (!e.isEnabled()) {
      return null;
    }
    e.begin();
    return e;
  }

  /** A wrapper call whose event {@link #callStarted} began has ended; committed if above the threshold. */
  static void callEnded(Object event, String method, long limitNanos, CallOutcome outcome) {
    WrapperCallEvent e = (WrapperCallEvent) event;
    e.end();
    if (e.shouldCommit()) {
      e.method = method;
      e.limit = limitNanos;
      e.outcome = outcomeText(outcome);
      e.commit();
    }
  }

  static String outcomeText(CallOutcome outcome) {
    switch (outcome) {
      case RETURNED:
        return "returned";
      case THREW:
        return "threw";
      case TIMED_OUT:
        return "timed out";
      default:
        return "cancelled";
    }
  }
}
