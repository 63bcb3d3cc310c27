package dev.ctx4j.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** A {@code com.sun.net.httpserver} filter giving each exchange a ctx4j context from its timeout header. */
public final class Ctx4jHttpServerFilter extends Filter {
  private Ctx4jHttpServerFilter() {}

  /**
   * Creates a filter.
   *
   * @param budget how the header becomes a context
   * @return the filter
   */
  public static Ctx4jHttpServerFilter create(InboundBudget budget) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    throw new UnsupportedOperationException("not yet implemented");
  }

  @Override
  public String description() {
    return "ctx4j request context";
  }
}
