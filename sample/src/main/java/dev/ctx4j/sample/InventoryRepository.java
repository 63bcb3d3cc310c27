package dev.ctx4j.sample;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The inventory service's repository. The annotation processor generates {@code Ctx4j_InventoryRepository}, a wrapper
 * that gives every {@link #stock} call its own 3 s limit, nested under the context of the gRPC call that needs it:
 *
 * <pre>{@code
 * InventoryRepository repository = new Ctx4j_InventoryRepository(new InventoryDatabase(log));
 * OptionalInt count = repository.stock(ctx, "coffee-beans"); // at most 3 s, never past ctx's deadline
 * }</pre>
 *
 * <p>In the cross-process scene the caller's budget is the edge's 2 s, two hops away, so that one ends a slow query
 * first, and the wrapper says so: {@code InventoryRepository.stock timed out: its caller's deadline came before its
 * 3 s limit}.
 */
public interface InventoryRepository {
  /**
   * Counts the items in stock: a database call that blocks and honours interruption.
   *
   * <p>Through the generated wrapper the call runs under a child of {@code ctx} whose deadline is the earlier of
   * {@code ctx}'s and now + 3 s; when that child is done, the thread running the query is interrupted and the call
   * throws {@link dev.ctx4j.DeadlineExceededException} or {@link dev.ctx4j.CancelledException}.
   *
   * @param ctx the caller's context; the implementation receives the call's derived context
   * @param item the item
   * @return how many are in stock, or empty when the item is unknown
   * @throws InterruptedException if the query was interrupted for another reason than the context
   */
  @Timeout(value = 3, unit = TimeUnit.SECONDS)
  OptionalInt stock(Context ctx, String item) throws InterruptedException;
}
