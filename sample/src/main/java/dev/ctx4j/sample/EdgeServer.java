package dev.ctx4j.sample;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.grpc.Ctx4jGrpc;
import dev.ctx4j.http.Ctx4jHttpServerFilter;
import dev.ctx4j.http.InboundBudget;
import dev.ctx4j.http.TimeoutHeader;
import dev.ctx4j.sample.Http.Reply;
import dev.ctx4j.sample.InventoryProtocol.StockQuery;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The edge of the cross-process scene: an HTTP service on the JDK's {@code com.sun.net.httpserver}
 * ({@code 127.0.0.1}, ephemeral port) that answers {@code GET /stock/{item}} by calling the {@code inventory} gRPC
 * service ({@link InventoryClient}).
 *
 * <p>{@link Ctx4jHttpServerFilter} gives each exchange a context with the budget its caller sent in the
 * {@code ctx4j-timeout} header (clamped to 30 s: the header comes from outside), bound as
 * {@link Context#current()} for the handler. The handler gives the request 2 s at most, its own budget, and calls the
 * inventory under that: the deadline travels on as {@code grpc-timeout}, so the repository two hops away stops when
 * the edge's 2 s are up.
 *
 * <p>Routes:
 *
 * <ul>
 *   <li>{@code GET /stock/{item}}: {@code 200} with the count as JSON; {@code 404} for an unknown item; {@code 504}
 *       when the budget ran out before the inventory answered; {@code 499} when the request was cancelled;
 *       {@code 502} for any other failure of the inventory;
 *   <li>{@code POST /cancel/{requestId}}: cancels that request's context if it is in flight ({@code 200}), else
 *       {@code 404}. HTTP/1.1 has no cancel message, and the JDK server does not tell a blocked handler that its
 *       client hung up; a client that gives up says so here.
 * </ul>
 *
 * <p>Thread-safe. Threads: {@code ctx4j-sample-edge-N} run the handlers, the JDK's {@code HTTP-Dispatcher} accepts,
 * and {@link InventoryClient}'s; all end on {@link #close()}.
 */
public final class EdgeServer implements AutoCloseable {
  /** The edge's own budget for a request, whatever its caller allows. */
  public static final Duration BUDGET = Duration.ofSeconds(2);

  /** The largest budget the edge accepts from a caller's header. */
  public static final Duration MAX_INBOUND = Duration.ofSeconds(30);

  private final Log log;
  private final InventoryClient inventory;
  private final ConcurrentMap<String, CancellableContext> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Long> cancelledAt = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Http http;

  private EdgeServer(Log log, InetSocketAddress inventoryAddress) throws IOException {
    this.log = log;
    this.inventory = new InventoryClient(inventoryAddress);
    try {
      this.http =
          new Http(log, "edge", EdgeServer::usage,
                  List.of(Ctx4jHttpServerFilter.create(InboundBudget.defaults().maxTimeout(MAX_INBOUND))))
              .route("GET", "/stock/", this::stock)
              .route("POST", "/cancel/", this::cancel);
    } catch (IOException | RuntimeException e) {
      inventory.close();
      throw e;
    }
    http.start();
  }

  /**
   * Starts the edge on {@code 127.0.0.1} and an ephemeral port.
   *
   * @param log where the edge logs
   * @param inventoryAddress where the inventory service listens
   * @return the running edge; close it to stop it
   * @throws IOException if the server cannot bind
   */
  public static EdgeServer start(Log log, InetSocketAddress inventoryAddress) throws IOException {
    return new EdgeServer(log, inventoryAddress);
  }

  /** {@code GET /stock/{item}}: the inventory call under the edge's 2 s budget. */
  private Reply stock(String item, String requestId) {
    if (item == null) {
      return Reply.noSuchRoute();
    }
    Context request = Context.current(); // the filter's: the caller's budget, from the header
    try (CancellableContext ctx = request.withValue(OrderServer.REQUEST_ID, requestId).withTimeout(BUDGET)) {
      if (inFlight.putIfAbsent(requestId, ctx) != null) {
        return Reply.text(409, "request id " + requestId + " is already in flight");
      }
      try {
        log.log(ctx, "edge: GET /stock/" + item + ", budget from the " + TimeoutHeader.DEFAULT_NAME + " header "
            + Log.budget(request) + "; the edge's own " + BUDGET.toSeconds() + " s budget: " + Log.budget(ctx)
            + " left");
        int count = inventory.stock(ctx, new StockQuery(requestId, item));
        Reply reply = Reply.json("{\"item\":\"" + item + "\",\"inStock\":" + count + "}");
        log.log(ctx, "edge: " + reply.status() + " " + reply.body());
        return reply;
      } catch (StatusRuntimeException e) {
        return failed(ctx, e);
      } finally {
        inFlight.remove(requestId, ctx);
      }
    }
  }

  /** Maps a failed inventory call to the edge's answer: the context's exception first, then the gRPC status. */
  private Reply failed(Context ctx, StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    Optional<ContextException> byContext = Ctx4jGrpc.contextException(e);
    int status;
    if (byContext.isPresent()) {
      status = byContext.get().isTimeout() ? 504 : OrderServer.CANCELLED;
    } else {
      status = code == Status.Code.NOT_FOUND ? 404 : 502;
    }
    String body = byContext.isPresent()
        ? "the request's context ended the inventory call: " + byContext.get().getMessage()
        : "inventory call failed: " + code
            + (e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")");
    log.log(ctx, "edge: gRPC status " + code
        + byContext.map(c -> ", caused by its context: " + c.getClass().getSimpleName()).orElse("")
        + "; answers " + status);
    return Reply.text(status, body);
  }

  /** {@code POST /cancel/{requestId}}: cancels an in-flight request's context, and with it its inventory call. */
  private Reply cancel(String target, String requestId) {
    Context ctx = Context.background().withValue(OrderServer.REQUEST_ID, requestId);
    CancellableContext work = target == null ? null : inFlight.get(target);
    if (work == null) {
      log.log(ctx, "edge: POST /cancel/" + target + ": no such request in flight");
      return Reply.text(404, "no request " + target + " in flight");
    }
    log.log(ctx, "edge: POST /cancel/" + target + ": its client has given up; cancelling " + target + "'s context");
    cancelledAt.put(target, System.nanoTime());
    work.cancel(new Exception("the client of " + target + " gave up"));
    return Reply.text(200, "cancelled " + target);
  }

  /**
   * Returns the edge's base URI, for example {@code http://127.0.0.1:41234/}.
   *
   * @return the base URI
   */
  public URI uri() {
    return http.uri();
  }

  /**
   * Returns the ids of the requests in flight.
   *
   * @return a snapshot of the in-flight request ids
   */
  public List<String> inFlight() {
    return List.copyOf(inFlight.keySet());
  }

  /**
   * Returns when {@code POST /cancel/{requestId}} cancelled that request's context.
   *
   * @param requestId the request id
   * @return the {@link System#nanoTime()} just before the cancel, or empty when the request was never cancelled so
   */
  public Optional<Long> cancelledAt(String requestId) {
    return Optional.ofNullable(cancelledAt.get(requestId));
  }

  private static String usage(URI base) {
    return String.join(
        "\n",
        "  curl " + base + "stock/" + InventoryDatabase.FAST_ITEM + "    # 200 in about 30 ms",
        "  curl " + base + "stock/" + InventoryDatabase.SLOW_ITEM + "      # 504 after the edge's 2 s",
        "");
  }

  /**
   * Stops the edge: cancels the requests in flight, waits up to 5 s for their answers, stops the HTTP server, then
   * closes the inventory channel. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    inFlight.values().forEach(ctx -> ctx.cancel(new Exception("edge shutting down")));
    try {
      http.close();
    } finally {
      inventory.close();
    }
  }
}
