package dev.ctx4j.grpc;

import dev.ctx4j.Context;
import dev.ctx4j.internal.Expiry;
import io.grpc.Deadline;
import java.util.concurrent.TimeUnit;

/**
 * A ctx4j context's deadline as a gRPC {@link Deadline}, made without reading the clock.
 *
 * <p>Both keep deadlines on {@link System#nanoTime()}, but a gRPC {@code Deadline} can only be made relative to now
 * ({@code Deadline.after}, which reads the clock) or to another {@code Deadline} ({@code offset}, which does not). So
 * one reference deadline is made when this class loads, between two clock readings, and every call's deadline is
 * that reference offset to the context's moment. The reference is taken to be at the second reading, its latest
 * possible moment, so a call's deadline is never later than its context's, and earlier by at most the time between
 * the two readings (kept under {@link #MAX_WINDOW_NANOS}). Measuring the time left and making a deadline from it,
 * instead, would read the clock twice per call and make the call's deadline later than the context's by the time
 * between the readings.
 */
final class CallDeadlines {
  /** The most the reference's moment may be uncertain by; a reading that took longer is tried again. */
  private static final long MAX_WINDOW_NANOS = TimeUnit.MICROSECONDS.toNanos(10);
  private static final int TRIES = 100;

  /** A deadline at an instant of {@link System#nanoTime()} no later than {@link #REFERENCE_NANO_TIME}. */
  private static final Deadline REFERENCE;
  private static final long REFERENCE_NANO_TIME;
  /** How much earlier than its context's a call's deadline can be: the reference's window (usually a microsecond). */
  static final long EARLY_BY_AT_MOST_NANOS;

  static {
    Deadline best = null;
    long bestAt = 0;
    long bestWindow = Long.MAX_VALUE;
    for (int i = 0; i < TRIES && bestWindow > MAX_WINDOW_NANOS; i++) {
      long before = System.nanoTime();
      Deadline d = Deadline.after(0, TimeUnit.NANOSECONDS);
      long after = System.nanoTime();
      if (after - before < bestWindow) {
        best = d;
        bestAt = after;
        bestWindow = after - before;
      }
    }
    REFERENCE = best;
    REFERENCE_NANO_TIME = bestAt;
    EARLY_BY_AT_MOST_NANOS = bestWindow;
  }

  private CallDeadlines() {}

  /** {@code ctx}'s deadline as a gRPC deadline on the system ticker, or null when it has none. */
  static Deadline of(Context ctx) {
    return Expiry.RUNTIME.deadlineAt(ctx, CallDeadlines::at);
  }

  /** The deadline at {@code nanoTime} (a {@link System#nanoTime()} value), or up to the reference's window before. */
  private static Deadline at(long nanoTime) {
    return REFERENCE.offset(nanoTime - REFERENCE_NANO_TIME, TimeUnit.NANOSECONDS);
  }
}
