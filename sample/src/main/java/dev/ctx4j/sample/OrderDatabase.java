package dev.ctx4j.sample;

import dev.ctx4j.Context;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a real database behind {@link OrderService}: each query is a blocking wait that honours interruption
 * (as JDBC drivers and most blocking I/O do) and knows nothing about contexts beyond logging the request id. It is the
 * generated wrapper that turns a deadline or a cancel into an interrupt of the thread waiting here.
 *
 * <p>Orders: {@code 42} (coffee beans) answers in 40 ms; {@code 1999} (party hats) takes 3 s, longer than
 * {@code find}'s 1 s budget; any other id is not found after 10 ms.
 *
 * <p>{@link QueryListener}s observe each query from the thread that runs it; the demo and the tests use them to see
 * when a query starts and when its thread has left the wait.
 */
public final class OrderDatabase implements OrderService {
  /** The fast order: answers in 40 ms. */
  public static final String FAST_ORDER = "42";

  /** The slow order: the query takes 3 s, more than {@code find}'s 1 s budget. */
  public static final String SLOW_ORDER = "1999";

  /** How long a query for {@link #SLOW_ORDER} takes. */
  public static final Duration SLOW_QUERY = Duration.ofSeconds(3);

  private static final Map<String, Order> ORDERS =
      Map.of(
          FAST_ORDER, new Order(FAST_ORDER, "coffee beans"),
          SLOW_ORDER, new Order(SLOW_ORDER, "party hats"));
  private static final Map<String, Duration> LATENCY =
      Map.of(FAST_ORDER, Duration.ofMillis(40), SLOW_ORDER, SLOW_QUERY);
  private static final Duration NOT_FOUND_LATENCY = Duration.ofMillis(10);

  /** How a query ended. */
  public enum Outcome {
    /** The order was found. */
    FOUND,
    /** There is no such order. */
    NOT_FOUND,
    /** The thread was interrupted while it waited for the database. */
    INTERRUPTED
  }

  /** Observes queries; both methods run on the thread that runs the query. */
  public interface QueryListener {
    /**
     * Called when a query starts, before the thread blocks.
     *
     * @param ctx the context the query received (the wrapper's derived context)
     * @param id the order's id
     */
    default void started(Context ctx, String id) {}

    /**
     * Called when a query ends, after the thread left the blocking wait.
     *
     * @param ctx the context the query received
     * @param id the order's id
     * @param outcome how it ended
     */
    default void finished(Context ctx, String id, Outcome outcome) {}
  }

  private final Log log;
  private final List<QueryListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * Creates the database.
   *
   * @param log where queries are logged
   */
  public OrderDatabase(Log log) {
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
   * Runs the query: blocks for the order's latency, or until the thread is interrupted.
   *
   * @param ctx the call's context, used here only to log the request id
   * @param id the order's id
   * @return the order, or empty
   * @throws InterruptedException if the thread is interrupted while it waits
   */
  @Override
  public Optional<Order> find(Context ctx, String id) throws InterruptedException {
    Duration latency = LATENCY.getOrDefault(id, NOT_FOUND_LATENCY);
    log.log(ctx, "db: query for order " + id + " takes " + latency.toMillis() + " ms; its context's deadline is in "
        + Log.timeLeft(ctx));
    listeners.forEach(l -> l.started(ctx, id));
    long start = System.nanoTime();
    Outcome outcome = Outcome.INTERRUPTED;
    try {
      Thread.sleep(latency.toMillis()); // the blocking call: honours interruption, ignores contexts
      Optional<Order> order = Optional.ofNullable(ORDERS.get(id));
      outcome = order.isPresent() ? Outcome.FOUND : Outcome.NOT_FOUND;
      return order;
    } catch (InterruptedException e) {
      log.log(ctx, "db: query for order " + id + " interrupted after " + millisSince(start) + " ms");
      throw e;
    } finally {
      Outcome ended = outcome;
      listeners.forEach(l -> l.finished(ctx, id, ended));
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
