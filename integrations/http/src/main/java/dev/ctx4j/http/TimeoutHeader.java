package dev.ctx4j.http;

import java.time.Duration;

/** The header that carries a request's remaining time budget, in gRPC's {@code grpc-timeout} format. */
public final class TimeoutHeader {
  /** The default header name. */
  public static final String DEFAULT_NAME = "ctx4j-timeout";

  private TimeoutHeader() {}

  /**
   * Formats a remaining budget.
   *
   * @param remaining the budget, positive
   * @return the header value
   */
  public static String format(Duration remaining) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Parses a header value.
   *
   * @param value the header value
   * @return the budget it carries
   * @throws IllegalArgumentException if the value is malformed
   */
  public static Duration parse(String value) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
