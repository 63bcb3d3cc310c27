package dev.ctx4j.micrometer;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.util.concurrent.TimeUnit;

/** The annotated interface the tests call through its generated {@code Ctx4j_Inventory}. */
public interface Inventory {
  /**
   * A lookup with a 500 ms limit.
   *
   * @param ctx the caller's context
   * @param item what to look up
   * @return the stock
   * @throws InterruptedException if interrupted
   */
  @Timeout(value = 500, unit = TimeUnit.MILLISECONDS)
  String stock(Context ctx, String item) throws InterruptedException;

  /**
   * A reservation without a limit of its own.
   *
   * @param ctx the caller's context
   * @param item what to reserve
   * @return the reservation
   */
  @Cancellable
  String reserve(Context ctx, String item);
}
