package dev.ctx4j.sample;

import dev.ctx4j.Context;
import dev.ctx4j.DeadlineExceededException;
import java.io.PrintStream;

/**
 * Calls the generated {@code Ctx4j_OrderService} once, for the slow order (a 3 s query), and prints how the call
 * ended; {@link ConfiguredTimeoutTest} runs it in a JVM of its own, with or without configuration overriding the
 * annotation's 1 s.
 */
public final class ConfiguredTimeoutMain {
  private ConfiguredTimeoutMain() {}

  /**
   * Runs the call.
   *
   * @param args ignored
   * @throws InterruptedException if the query is interrupted for another reason than its context
   */
  public static void main(String[] args) throws InterruptedException {
    PrintStream out = System.out;
    OrderService orders = new Ctx4j_OrderService(new OrderDatabase(new Log(out)));
    try {
      orders.find(Context.background(), OrderDatabase.SLOW_ORDER);
      out.println("RESULT: returned");
    } catch (DeadlineExceededException e) {
      out.println("RESULT: " + e.getMessage());
    }
  }
}
