package dev.ctx4j.http;

import java.time.Duration;
import java.util.Objects;

/**
 * The header that carries a request's remaining time budget, in gRPC's {@code grpc-timeout} format: one to eight ASCII
 * digits followed by one unit, {@code H} (hours), {@code M} (minutes), {@code S} (seconds), {@code m} (milliseconds),
 * {@code u} (microseconds) or {@code n} (nanoseconds). For example {@code 1500m} is one and a half seconds.
 *
 * <p>The value is relative (the time left when the request was sent), so the two machines' clocks need not agree; the
 * time the request spends on the wire is charged to the receiver, which is why a server may subtract a safety margin
 * (see {@link InboundBudget#safetyMargin(Duration)}).
 *
 * <pre>{@code
 * TimeoutHeader.format(Duration.ofMillis(1500));   // "1500000u"
 * TimeoutHeader.parse("1500m");                    // PT1.5S
 * }</pre>
 */
public final class TimeoutHeader {
  /** The default header name. */
  public static final String DEFAULT_NAME = "ctx4j-timeout";

  /** The largest value, plus one: a value has at most 8 digits. */
  private static final long LIMIT = 100_000_000L;

  /** The longest part of a malformed value quoted in an error message (the value comes from an untrusted peer). */
  private static final int QUOTE_MAX = 32;

  /** Units from the finest to the coarsest, and the nanoseconds in each. */
  private static final char[] UNITS = {'n', 'u', 'm', 'S', 'M', 'H'};

  private static final long[] UNIT_NANOS = {
    1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L
  };

  private TimeoutHeader() {}

  /**
   * Formats a remaining budget with the finest unit whose value fits in 8 digits, rounding down, so the receiver never
   * gets more time than the sender has: {@code 1 ms} is {@code "1000000n"}, {@code 1.5 s} is {@code "1500000u"},
   * {@code 2 min} is {@code "120000m"}. A budget beyond {@code 99999999H} (about 11,400 years) is sent as
   * {@code "99999999H"}. Zero or a negative budget (a spent one) is {@code "0n"}.
   *
   * @param remaining the budget
   * @return the header value
   * @throws NullPointerException if {@code remaining} is null
   */
  public static String format(Duration remaining) {
    Objects.requireNonNull(remaining, "remaining");
    if (remaining.isNegative() || remaining.isZero()) {
      return "0n";
    }
    long seconds = remaining.getSeconds();
    int nanos = remaining.getNano();
    for (int i = 0; i < UNITS.length; i++) {
      long unit = UNIT_NANOS[i];
      long value;
      if (unit < 1_000_000_000L) {
        if (seconds >= LIMIT) {
          continue; // far more than 8 digits of a sub-second unit; also keeps the product below overflow
        }
        value = seconds * (1_000_000_000L / unit) + nanos / unit;
      } else {
        value = seconds / (unit / 1_000_000_000L);
      }
      if (value < LIMIT) {
        return value + String.valueOf(UNITS[i]);
      }
    }
    return (LIMIT - 1) + "H";
  }

  /**
   * Parses a header value: one to eight ASCII digits and a unit, as {@link TimeoutHeader} describes. Spaces and tabs
   * around the value (HTTP's optional whitespace) are ignored; anything else, a sign, a ninth digit or whitespace
   * inside included, is rejected. {@code "0n"} (or zero of any unit) is a spent budget, {@link Duration#ZERO}.
   *
   * @param value the header value
   * @return the budget it carries, never negative
   * @throws IllegalArgumentException if the value is malformed; the message says why and quotes (at most 32
   *     characters of) the value
   * @throws NullPointerException if {@code value} is null
   */
  public static Duration parse(String value) {
    Objects.requireNonNull(value, "value");
    int start = 0;
    int end = value.length();
    while (start < end && isOws(value.charAt(start))) {
      start++;
    }
    while (end > start && isOws(value.charAt(end - 1))) {
      end--;
    }
    int length = end - start;
    if (length == 0) {
      throw malformed(value, "it is empty");
    }
    if (length == 1) {
      throw malformed(value, "it has no digits before the unit");
    }
    char unit = value.charAt(end - 1);
    int unitIndex = -1;
    for (int i = 0; i < UNITS.length; i++) {
      if (UNITS[i] == unit) {
        unitIndex = i;
      }
    }
    long amount = 0;
    for (int i = start; i < end - 1; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw malformed(value, "'" + printable(c) + "' at index " + i + " is not an ASCII digit");
      }
      amount = amount * 10 + (c - '0'); // at most 9 digits read before the length check below: no overflow
      if (i - start >= 8) {
        throw malformed(value, "it has more than 8 digits");
      }
    }
    if (unitIndex < 0) {
      throw malformed(value, "its unit '" + printable(unit) + "' is not one of H, M, S, m, u, n");
    }
    long unitNanos = UNIT_NANOS[unitIndex];
    if (unitNanos >= 1_000_000_000L) {
      return Duration.ofSeconds(amount * (unitNanos / 1_000_000_000L));
    }
    return Duration.ofNanos(amount * unitNanos);
  }

  private static boolean isOws(char c) {
    return c == ' ' || c == '\t';
  }

  private static IllegalArgumentException malformed(String value, String why) {
    return new IllegalArgumentException(
        "malformed timeout header value " + quote(value) + ": " + why
            + "; expected 1 to 8 ASCII digits followed by one unit of H, M, S, m, u, n (for example \"1500m\")");
  }

  /** Quotes an untrusted value for a message: at most {@link #QUOTE_MAX} characters, control characters escaped. */
  private static String quote(String value) {
    StringBuilder sb = new StringBuilder("\"");
    int n = Math.min(value.length(), QUOTE_MAX);
    for (int i = 0; i < n; i++) {
      sb.append(printable(value.charAt(i)));
    }
    sb.append('"');
    if (value.length() > QUOTE_MAX) {
      sb.append("... (").append(value.length()).append(" characters)");
    }
    return sb.toString();
  }

  private static String printable(char c) {
    if (c >= 0x20 && c < 0x7f) {
      return String.valueOf(c);
    }
    return String.format("\\u%04x", (int) c);
  }
}
