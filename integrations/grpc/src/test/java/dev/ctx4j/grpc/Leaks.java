package dev.ctx4j.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ctx4j.Context;
import dev.ctx4j.internal.Introspection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests: after each, no context is left bound to the test thread and the runtime's shared timer holds
 * as many deadlines as before (the runtime's own tests check the same).
 */
abstract class Leaks {
  static final Introspection RUNTIME = Introspection.RUNTIME;
  private long timersBefore;

  @BeforeEach
  void recordTimers() {
    timersBefore = RUNTIME.pendingTimers();
  }

  @AfterEach
  void nothingLeft() {
    assertSame(Context.background(), Context.current(), "a context is still bound to the test thread");
    assertEquals(timersBefore, RUNTIME.pendingTimers(), "deadline timers left armed");
  }

  /**
   * Waits (a bounded poll) until nothing is registered on {@code ctx}: a child whose cancellation another thread won
   * (its deadline timer, say) is unlinked from its parent by that thread just after the child's {@code cancel()} has
   * returned here, as in Go.
   */
  static void awaitNoRegistrations(Context ctx) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (RUNTIME.registrations(ctx) != 0 && System.nanoTime() - deadline < 0) {
      Thread.yield();
    }
    assertNoRegistrations(ctx);
  }

  /** Asserts that nothing is registered on {@code ctx} any more. */
  static void assertNoRegistrations(Context ctx) {
    assertEquals(0, RUNTIME.registrations(ctx), () -> "registrations left on " + ctx);
  }

  /** Throws {@code e}, checked or not, without declaring it: what Kotlin or Lombok's {@code @SneakyThrows} code does. */
  @SuppressWarnings("unchecked")
  static <E extends Throwable> E sneaky(Throwable e) throws E {
    throw (E) e;
  }
}
