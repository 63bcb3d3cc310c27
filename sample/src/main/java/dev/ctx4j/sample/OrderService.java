package dev.ctx4j.sample;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Looks up orders. The annotation processor reads this interface and generates {@code Ctx4j_OrderService}, a wrapper
 * that gives every {@link #find} call its own 1 s budget:
 *
 * <pre>{@code
 * OrderService orders = new Ctx4j_OrderService(new OrderDatabase(log));
 * Optional<Order> order = orders.find(requestCtx, "42"); // at most 1 s, never past the request's own deadline
 * }</pre>
 *
 * <p>The generated source lands in {@code sample/target/generated-sources/annotations/dev/ctx4j/sample/}.
 */
public interface OrderService {
  /**
   * Finds an order: a database call that blocks and honours interruption.
   *
   * <p>Through the generated wrapper, the call runs under a child of {@code ctx} whose deadline is the earlier of
   * {@code ctx}'s and now + 1 s; when that child is done (the second passed, or {@code ctx} was cancelled) the thread
   * running the query is interrupted and the call throws {@link dev.ctx4j.DeadlineExceededException} or
   * {@link dev.ctx4j.CancelledException}.
   *
   * @param ctx the caller's context; the implementation receives the call's derived context
   * @param id the order's id
   * @return the order, or empty when there is none with that id
   * @throws InterruptedException if the query was interrupted for another reason than the context
   */
  @Timeout(value = 1, unit = TimeUnit.SECONDS)
  Optional<Order> find(Context ctx, String id) throws InterruptedException;
}
