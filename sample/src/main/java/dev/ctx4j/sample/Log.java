package dev.ctx4j.sample;

import dev.ctx4j.Context;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The sample's log: one line per event, stamped with the time since the log was created and the request id carried
 * by the context ({@link OrderServer#REQUEST_ID}), so that every line a request causes can be traced to it, whichever
 * thread wrote it.
 *
 * <pre>{@code
 * +1.012s  [r2]          db: query for order 1999 interrupted after 1001 ms
 * }</pre>
 *
 * <p>Thread-safe: each line is stamped and written while holding the stream's lock.
 */
public final class Log {
  private final PrintStream out;
  private final long startNanos;

  /**
   * Creates a log that writes to {@code out} and counts time from now.
   *
   * @param out where lines go
   */
  public Log(PrintStream out) {
    this.out = out;
    this.startNanos = System.nanoTime();
  }

  /**
   * Writes one line tagged with the request id that {@code ctx} carries, or {@code [-]} when it carries none.
   *
   * @param ctx the context of the work being logged
   * @param message the message
   */
  public void log(Context ctx, String message) {
    String requestId = ctx.value(OrderServer.REQUEST_ID);
    line("[" + (requestId == null ? "-" : requestId) + "]", message);
  }

  /**
   * Writes one line with the given tag in place of a request id, for work that belongs to no request.
   *
   * @param tag the tag, for example {@code [background]}
   * @param message the message
   */
  public void line(String tag, String message) {
    synchronized (out) { // stamp and print together, so that lines stay in time order
      out.println(String.format(Locale.ROOT, "%s  %-13s %s", elapsed(), tag, message));
    }
  }

  /**
   * Returns how long {@code ctx} has left before its deadline, as {@code 1.00 s}, or {@code never} without one.
   *
   * @param ctx the context
   * @return the time left
   */
  public static String timeLeft(Context ctx) {
    return ctx.deadline()
        .map(d -> String.format(Locale.ROOT, "%.2f s", Duration.between(Instant.now(), d).toNanos() / 1e9))
        .orElse("never");
  }

  /**
   * Returns how much of its budget {@code ctx} has left, to the tenth of a millisecond, as {@code 1998.7 ms}, or
   * {@code no deadline}: the figure each hop of the cross-process scene prints, so that what every hop spent shows.
   * Measured on the monotonic clock ({@link Context#timeRemaining()}).
   *
   * @param ctx the context
   * @return the budget left
   */
  public static String budget(Context ctx) {
    return ctx.timeRemaining()
        .map(d -> String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6))
        .orElse("no deadline");
  }

  /**
   * Returns the time since this log was created, as {@code +1.234s}.
   *
   * @return the elapsed time
   */
  public String elapsed() {
    return String.format(Locale.ROOT, "+%.3fs", (System.nanoTime() - startNanos) / 1e9);
  }
}
