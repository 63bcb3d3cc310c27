package dev.ctx4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.DeadlineExceededException;
import dev.ctx4j.junit.Ctx4jTest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generated {@code Ctx4j_OrderService} called directly, under the context {@code @Ctx4jTest} gives each test: its
 * deadline is the test's {@code @Timeout}, it is {@code Context.current()} while the test runs, and the test fails if
 * a call leaves a context, a timer entry or a registration behind.
 */
@Ctx4jTest
@Timeout(20)
class OrderServiceTest {
  private final OrderService orders = new Ctx4j_OrderService(new OrderDatabase(new Log(System.out)));

  @Test
  void aCallRunsUnderAChildOfTheTestsContext(Context ctx) throws Exception {
    assertSame(ctx, Context.current());
    assertTrue(ctx.timeRemaining().orElseThrow().compareTo(Duration.ofSeconds(20)) <= 0, ctx::toString);
    CompletableFuture<Context> seen = new CompletableFuture<>();
    OrderDatabase db = new OrderDatabase(new Log(System.out));
    db.addListener(new OrderDatabase.QueryListener() {
      @Override
      public void started(Context callCtx, String id) {
        seen.complete(callCtx);
      }
    });
    assertEquals("coffee beans", new Ctx4j_OrderService(db).find(ctx, OrderDatabase.FAST_ORDER).orElseThrow().item());
    Context callCtx = seen.get(10, TimeUnit.SECONDS);
    // "background.withDeadline(<the test's deadline>, <time left>).withDeadline(...)": the time left differs by now
    String testsDeadline = ctx.toString().substring(0, ctx.toString().indexOf(", "));
    assertTrue(callCtx.toString().startsWith(testsDeadline), "derived from the test's context: " + callCtx);
    assertTrue(callCtx.done().isDone(), "the wrapper cancels the call's context when the call ends");
  }

  @Test
  void aSlowOrderRunsOutOfItsOneSecond(Context ctx) {
    assertThrows(DeadlineExceededException.class, () -> orders.find(ctx, OrderDatabase.SLOW_ORDER));
  }

  @Test
  void aContextTheTestMakesIsCancelledByTryWithResources(Context ctx) throws Exception {
    try (CancellableContext shorter = ctx.withTimeout(Duration.ofMillis(100))) {
      assertThrows(DeadlineExceededException.class, () -> orders.find(shorter, OrderDatabase.SLOW_ORDER));
    }
  }
}
