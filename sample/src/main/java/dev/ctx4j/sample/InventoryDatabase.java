package dev.ctx4j.sample;

import dev.ctx4j.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the database behind {@link InventoryRepository}, as {@link OrderDatabase} is for the orders: each
 * query is a blocking wait that honours interruption and knows nothing about contexts beyond logging. The generated
 * wrapper turns a deadline or a cancel, even one set two services away, into an interrupt of the thread waiting here.
 *
 * <p>Items: {@code coffee-beans} (12 in stock) answers in 30 ms; {@code party-hats} takes 10 s, far longer than any
 * budget of the scene; any other item is unknown after 10 ms.
 *
 * <p>{@link QueryListener}s observe each query from the thread that runs it: the scene and the tests use them to see
 * when a query starts and when its thread has left the wait.
 */
public final class InventoryDatabase implements InventoryRepository {
  /** The fast item: answers in 30 ms. */
  public static final String FAST_ITEM = "coffee-beans";

  /** The slow item: the query takes 10 s. */
  public static final String SLOW_ITEM = "party-hats";

  /** How long a query for {@link #SLOW_ITEM} takes. */
  public static final Duration SLOW_QUERY = Duration.ofSeconds(10);

  private static final Map<String, Integer> STOCK = Map.of(FAST_ITEM, 12, SLOW_ITEM, 250);
  private static final Map<String, Duration> LATENCY =
      Map.of(FAST_ITEM, Duration.ofMillis(30), SLOW_ITEM, SLOW_QUERY);
  private static final Duration UNKNOWN_LATENCY = Duration.ofMillis(10);

  /** Observes queries; both methods run on the thread that runs the query. */
  public interface QueryListener {
    /**
     * Called when a query starts, before the thread blocks.
     *
     * @param ctx the context the query received (the wrapper's derived context)
     * @param item the item
     */
    default void started(Context ctx, String item) {}

    /**
     * Called when a query ends, after the thread left the blocking wait.
     *
     * @param ctx the context the query received
     * @param item the item
     * @param interrupted whether the wait ended by an interrupt
     * @param endNanos {@link System#nanoTime()} when the thread left the wait
     */
    default void finished(Context ctx, String item, boolean interrupted, long endNanos) {}
  }

  private final Log log;
  private final List<QueryListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * Creates the database.
   *
   * @param log where queries are logged
   */
  public InventoryDatabase(Log log) {
    this.log = log;
  }

  /**
   * Registers a listener for every later query.
   *
   * @param listener the listener
   */
  public void addListener(QueryListener listener) {
    listeners.add(listener);
  }

  /**
   * Removes a listener registered with {@link #addListener}.
   *
   * @param listener the listener
   */
  public void removeListener(QueryListener listener) {
    listeners.remove(listener);
  }

  /**
   * Runs the query: blocks for the item's latency, or until the thread is interrupted.
   *
   * @param ctx the call's context, used here only to log
   * @param item the item
   * @return the count, or empty for an unknown item
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  @Override
  public OptionalInt stock(Context ctx, String item) throws InterruptedException {
    Duration latency = LATENCY.getOrDefault(item, UNKNOWN_LATENCY);
    log.log(ctx, "repository: query for " + item + " takes " + latency.toMillis() + " ms; budget left "
        + Log.budget(ctx));
    listeners.forEach(l -> l.started(ctx, item));
    long start = System.nanoTime();
    try {
      Thread.sleep(latency.toMillis()); // the blocking call: honours interruption, ignores contexts
    } catch (InterruptedException e) {
      long end = System.nanoTime(); // before logging, which takes a lock
      listeners.forEach(l -> l.finished(ctx, item, true, end));
      log.log(ctx, "repository: query for " + item + " interrupted after " + (end - start) / 1_000_000 + " ms");
      throw e;
    }
    long end = System.nanoTime();
    listeners.forEach(l -> l.finished(ctx, item, false, end));
    Integer count = STOCK.get(item);
    return count == null ? OptionalInt.empty() : OptionalInt.of(count);
  }
}
