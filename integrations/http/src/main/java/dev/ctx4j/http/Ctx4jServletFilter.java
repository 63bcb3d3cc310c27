package dev.ctx4j.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;

/** A Jakarta Servlet filter giving each request a ctx4j context from its timeout header. */
public final class Ctx4jServletFilter implements Filter {
  /**
   * Creates a filter with a policy.
   *
   * @param budget how the header becomes a context
   */
  public Ctx4jServletFilter(InboundBudget budget) {}

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
