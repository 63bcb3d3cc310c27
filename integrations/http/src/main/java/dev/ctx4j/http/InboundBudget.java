package dev.ctx4j.http;

import java.time.Duration;

/** How a server turns an incoming request's timeout header into the request's context (immutable). */
public final class InboundBudget {
  private InboundBudget() {}

  /**
   * Returns the default policy.
   *
   * @return the default policy
   */
  public static InboundBudget defaults() {
    return new InboundBudget();
  }

  /**
   * Returns this policy with another header name.
   *
   * @param name the header name
   * @return the new policy
   */
  public InboundBudget headerName(String name) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Returns this policy with another maximum budget.
   *
   * @param max the largest budget a request gets, whatever its header says
   * @return the new policy
   */
  public InboundBudget maxTimeout(Duration max) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Returns this policy with another safety margin.
   *
   * @param margin subtracted from the incoming budget
   * @return the new policy
   */
  public InboundBudget safetyMargin(Duration margin) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Returns this policy with another rejection threshold.
   *
   * @param threshold a request whose budget is below it is answered 504 at once
   * @return the new policy
   */
  public InboundBudget rejectBelow(Duration threshold) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
