package dev.ctx4j.http;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a server turns an incoming request's timeout header into the request's context (immutable; each method returns
 * a new policy). Used by {@link Ctx4jHttpServerFilter} and {@link Ctx4jServletFilter}.
 *
 * <p>A request's budget is decided as follows:
 *
 * <ul>
 *   <li><b>Header present and well formed</b> ({@link TimeoutHeader} format): the value, minus the
 *       {@linkplain #safetyMargin(Duration) safety margin}, capped at the {@linkplain #maxTimeout(Duration) maximum}.
 *   <li><b>Header absent</b>: the maximum. Every request therefore has a deadline, so a handler that forgets to stop
 *       is still stopped.
 *   <li><b>Header malformed</b> (or sent more than once): answered {@code 400 Bad Request} at once with a
 *       {@code text/plain} body saying what is wrong; the handler does not run. Nothing is thrown into the server.
 *   <li><b>Budget spent</b> (zero or less after the margin) or below the {@linkplain #rejectBelow(Duration)
 *       threshold}: answered {@code 504 Gateway Timeout} at once with a {@code text/plain} body; the handler does not
 *       run.
 * </ul>
 *
 * <p><b>Untrusted peers.</b> The header comes from the client, and a client can send any value, up to
 * {@code 99999999H} (about 11,400 years). The maximum is the protection: no header can give a request more time than
 * {@link #maxTimeout(Duration)}. Set it to the longest time a request of this server may legitimately take.
 *
 * <p>Defaults: header {@value TimeoutHeader#DEFAULT_NAME}, maximum 30 s, no safety margin, no rejection threshold
 * (only a spent budget is rejected).
 *
 * <pre>{@code
 * InboundBudget policy = InboundBudget.defaults()
 *     .maxTimeout(Duration.ofSeconds(10))      // never more than 10 s, whatever the caller says
 *     .safetyMargin(Duration.ofMillis(5))      // charge the hop's network time to this server
 *     .rejectBelow(Duration.ofMillis(20));     // too little left to do anything useful: 504 at once
 * }</pre>
 */
public final class InboundBudget {
  private static final InboundBudget DEFAULTS =
      new InboundBudget(TimeoutHeader.DEFAULT_NAME, Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);

  private final String headerName;
  private final Duration maxTimeout;
  private final Duration safetyMargin;
  private final Duration rejectBelow;

  private InboundBudget(String headerName, Duration maxTimeout, Duration safetyMargin, Duration rejectBelow) {
    this.headerName = headerName;
    this.maxTimeout = maxTimeout;
    this.safetyMargin = safetyMargin;
    this.rejectBelow = rejectBelow;
  }

  /**
   * Returns the default policy: header {@value TimeoutHeader#DEFAULT_NAME}, maximum 30 s, no safety margin, no
   * rejection threshold.
   *
   * @return the default policy
   */
  public static InboundBudget defaults() {
    return DEFAULTS;
  }

  /**
   * Returns this policy with another header name (matched without regard to case, as HTTP header names are).
   *
   * @param name the header name, an HTTP token such as {@code x-request-timeout}
   * @return the new policy
   * @throws IllegalArgumentException if {@code name} is empty or not an HTTP token
   * @throws NullPointerException if {@code name} is null
   */
  public InboundBudget headerName(String name) {
    return new InboundBudget(HeaderNames.check(name), maxTimeout, safetyMargin, rejectBelow);
  }

  /**
   * Returns this policy with another maximum budget: the budget of a request without the header, and the cap on the
   * budget of a request with one (the protection against untrusted headers).
   *
   * @param max the largest budget a request gets, whatever its header says; positive, and not below the
   *     {@linkplain #rejectBelow(Duration) rejection threshold}
   * @return the new policy
   * @throws IllegalArgumentException if {@code max} is zero or negative, or below the rejection threshold
   * @throws NullPointerException if {@code max} is null
   */
  public InboundBudget maxTimeout(Duration max) {
    Objects.requireNonNull(max, "max");
    if (max.isNegative() || max.isZero()) {
      throw new IllegalArgumentException("maxTimeout must be positive, was " + max);
    }
    if (max.compareTo(rejectBelow) < 0) {
      throw new IllegalArgumentException("maxTimeout must not be below rejectBelow (" + rejectBelow + "), was " + max);
    }
    return new InboundBudget(headerName, max, safetyMargin, rejectBelow);
  }

  /**
   * Returns this policy with another safety margin, subtracted from the budget a header carries (not from the
   * maximum a request without the header gets): it charges the time the request spent on the wire, and the time the
   * answer will spend going back, to this server, so the caller gets the answer before its own deadline.
   *
   * @param margin subtracted from the incoming budget; zero or positive
   * @return the new policy
   * @throws IllegalArgumentException if {@code margin} is negative
   * @throws NullPointerException if {@code margin} is null
   */
  public InboundBudget safetyMargin(Duration margin) {
    Objects.requireNonNull(margin, "margin");
    if (margin.isNegative()) {
      throw new IllegalArgumentException("safetyMargin must not be negative, was " + margin);
    }
    return new InboundBudget(headerName, maxTimeout, margin, rejectBelow);
  }

  /**
   * Returns this policy with another rejection threshold: a request whose budget (after the safety margin) is below
   * it is answered {@code 504 Gateway Timeout} at once, without running the handler. A spent budget (zero) is always
   * rejected, whatever the threshold.
   *
   * <p>The threshold may not exceed the {@linkplain #maxTimeout(Duration) maximum}: every request with the header
   * would be answered 504, while those without it would run. To raise both, raise the maximum first.
   *
   * @param threshold a request whose budget is below it is answered 504 at once; zero or positive, and not above
   *     the maximum
   * @return the new policy
   * @throws IllegalArgumentException if {@code threshold} is negative or above the maximum
   * @throws NullPointerException if {@code threshold} is null
   */
  public InboundBudget rejectBelow(Duration threshold) {
    Objects.requireNonNull(threshold, "threshold");
    if (threshold.isNegative()) {
      throw new IllegalArgumentException("rejectBelow must not be negative, was " + threshold);
    }
    if (threshold.compareTo(maxTimeout) > 0) {
      throw new IllegalArgumentException(
          "rejectBelow must not exceed maxTimeout (" + maxTimeout + "), was " + threshold);
    }
    return new InboundBudget(headerName, maxTimeout, safetyMargin, threshold);
  }

  /**
   * Returns the header name.
   *
   * @return the header name
   */
  public String headerName() {
    return headerName;
  }

  /**
   * Returns the maximum budget.
   *
   * @return the maximum budget
   */
  public Duration maxTimeout() {
    return maxTimeout;
  }

  /**
   * Returns the safety margin.
   *
   * @return the safety margin
   */
  public Duration safetyMargin() {
    return safetyMargin;
  }

  /**
   * Returns the rejection threshold.
   *
   * @return the rejection threshold
   */
  public Duration rejectBelow() {
    return rejectBelow;
  }

  /**
   * Decides a request's budget from the values its header arrived with.
   *
   * @param values the header's values, null or empty when it is absent
   * @return the decision; never throws
   */
  Decision decide(List<String> values) {
    if (values == null || values.isEmpty()) {
      return Decision.run(maxTimeout);
    }
    if (values.size() > 1) {
      return Decision.reject(
          400,
          "ctx4j: the " + headerName + " header was sent " + values.size() + " times; send it once");
    }
    Duration sent;
    try {
      sent = TimeoutHeader.parse(values.get(0));
    } catch (IllegalArgumentException e) {
      return Decision.reject(400, "ctx4j: bad " + headerName + " header: " + e.getMessage());
    }
    Duration budget = sent.minus(safetyMargin);
    if (budget.compareTo(maxTimeout) > 0) {
      budget = maxTimeout;
    }
    // a capped budget is the maximum, never below the threshold: what is compared here is what the header left
    boolean spent = budget.isNegative() || budget.isZero();
    if (spent || budget.compareTo(rejectBelow) < 0) {
      return Decision.reject(
          504,
          "ctx4j: not started, the request's budget is " + (spent ? "spent: " : "too small: ") + headerName + " "
              + values.get(0).strip() + " minus the server's safety margin " + safetyMargin + " leaves " + budget
              + (spent ? "" : ", below the server's threshold " + rejectBelow));
    }
    return Decision.run(budget);
  }

  /** Two policies are equal when all four settings are. */
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof InboundBudget)) {
      return false;
    }
    InboundBudget that = (InboundBudget) o;
    return headerName.equals(that.headerName)
        && maxTimeout.equals(that.maxTimeout)
        && safetyMargin.equals(that.safetyMargin)
        && rejectBelow.equals(that.rejectBelow);
  }

  @Override
  public int hashCode() {
    return Objects.hash(headerName, maxTimeout, safetyMargin, rejectBelow);
  }

  /** Returns the four settings, for logs. */
  @Override
  public String toString() {
    return "InboundBudget{headerName=" + headerName + ", maxTimeout=" + maxTimeout + ", safetyMargin="
        + safetyMargin + ", rejectBelow=" + rejectBelow + "}";
  }

  /** What to do with one request: run the handler with a budget, or answer at once with a status and a message. */
  static final class Decision {
    final Duration budget;
    final int status;
    final String message;

    private Decision(Duration budget, int status, String message) {
      this.budget = budget;
      this.status = status;
      this.message = message;
    }

    static Decision run(Duration budget) {
      return new Decision(budget, 0, null);
    }

    static Decision reject(int status, String message) {
      return new Decision(null, status, message);
    }

    boolean rejected() {
      return budget == null;
    }
  }
}
