package dev.ctx4j.sample;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.Key;
import dev.ctx4j.sample.Http.Reply;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The service demo: an HTTP server on {@code 127.0.0.1} (ephemeral port) built on the JDK's own
 * {@code com.sun.net.httpserver}, whose handler calls {@link OrderService} through the generated
 * {@code Ctx4j_OrderService}.
 *
 * <p>Routes:
 *
 * <ul>
 *   <li>{@code GET /orders/{id}}: {@code 200} with the order as JSON, {@code 404} when there is none, {@code 504}
 *       with the context's message when {@code find}'s 1 s budget runs out, {@code 499} when the request was
 *       cancelled;
 *   <li>{@code POST /cancel/{requestId}}: cancels the context of that request if it is in flight ({@code 200}),
 *       else {@code 404};
 *   <li>{@code GET /}: a short usage text.
 * </ul>
 *
 * <p>Each request runs under its own context: a child of the server's context, carrying the request id
 * ({@link #REQUEST_ID}, from the {@code X-Request-Id} header or made up) and a 5 s timeout. While it runs, that
 * context is kept in a registry of in-flight requests, which is what {@code /cancel} looks up. Closing the server
 * cancels the server's context, and with it every request still in flight. A {@link BackgroundWorker} started from
 * {@link Context#background()} runs beside the requests and is untouched by them.
 *
 * <p>The HTTP plumbing (routing, request ids, replies, waiting for the exchanges being answered on close) is in
 * {@code Http}; this class is the context code.
 *
 * <p>(The JDK's server does not tell a handler that its client went away, so a disconnect does not cancel the
 * request here; {@code /cancel} stands in for it.)
 *
 * <pre>{@code
 * try (OrderServer server = OrderServer.start(new Log(System.out))) {
 *   System.out.println("listening on " + server.uri());
 * }
 * }</pre>
 *
 * <p>Thread-safe. Threads: {@code ctx4j-sample-http-N} run the handlers, {@code ctx4j-sample-background} the
 * background worker, and the JDK's {@code HTTP-Dispatcher} accepts connections; all end on {@link #close()}.
 */
public final class OrderServer implements AutoCloseable {
  /** The request id every request's context carries; {@link Log} prints it on every line. */
  public static final Key<String> REQUEST_ID = Key.of("requestId");

  /** The budget of a whole request. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /** The header a client may use to choose its request id (used by {@code /cancel}). */
  public static final String REQUEST_ID_HEADER = "X-Request-Id";

  /**
   * The status of a cancelled request: 499, "client closed request", as nginx and grpc-gateway use it for a request
   * that was cancelled before the server answered.
   */
  public static final int CANCELLED = 499;

  private final Log log;
  private final OrderDatabase database;
  private final OrderService orders;
  private final CancellableContext serverContext = Context.background().withCancel();
  private final ConcurrentMap<String, CancellableContext> inFlight = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Http http;
  private final BackgroundWorker backgroundWorker;

  private OrderServer(Log log) throws IOException {
    this.log = log;
    this.database = new OrderDatabase(log);
    this.orders = new Ctx4j_OrderService(database);
    this.http = new Http(log).route("GET", "/orders/", this::find).route("POST", "/cancel/", this::cancel);
    this.backgroundWorker = new BackgroundWorker(log);
    http.start();
  }

  /**
   * Starts a server on {@code 127.0.0.1} and an ephemeral port, and its background worker.
   *
   * @param log where the server logs
   * @return the running server; close it to stop it
   * @throws IOException if the server cannot bind
   */
  public static OrderServer start(Log log) throws IOException {
    return new OrderServer(log);
  }

  /** {@code GET /orders/{id}}: one request under its own context, registered in flight while it runs. */
  private Reply find(String orderId, String requestId) {
    if (orderId == null) {
      return Reply.noSuchRoute();
    }
    try (CancellableContext ctx = serverContext.withValue(REQUEST_ID, requestId).withTimeout(REQUEST_TIMEOUT)) {
      if (inFlight.putIfAbsent(requestId, ctx) != null) {
        return Reply.text(409, "request id " + requestId + " is already in flight");
      }
      try {
        log.log(ctx, "GET /orders/" + orderId + ", request deadline in " + Log.timeLeft(ctx));
        Optional<Order> order = orders.find(ctx, orderId);
        Reply reply =
            order.map(o -> Reply.json(o.toJson())).orElseGet(() -> Reply.text(404, "no order " + orderId));
        log.log(ctx, reply.status() + " " + reply.body());
        return reply;
      } catch (ContextException e) {
        // The wrapper's exception names the method and its limit: "OrderService.find timed out after 1 s".
        int status = e.isTimeout() ? 504 : CANCELLED;
        Throwable cause = ctx.cause();
        String body =
            e.getMessage()
                + (cause != null && cause != ctx.err() ? " (" + cause.getMessage() + ")" : "");
        log.log(ctx, status + " " + body);
        return Reply.text(status, body);
      } catch (InterruptedException e) {
        // Interrupted by something other than the context: answer, then keep the flag for the pool.
        log.log(ctx, "500 interrupted");
        Thread.currentThread().interrupt();
        return Reply.text(500, "interrupted");
      } finally {
        inFlight.remove(requestId, ctx);
      }
    }
  }

  /** {@code POST /cancel/{requestId}}: cancels an in-flight request's context. */
  private Reply cancel(String target, String requestId) {
    Context ctx = Context.background().withValue(REQUEST_ID, requestId);
    CancellableContext work = target == null ? null : inFlight.get(target);
    if (work == null) {
      log.log(ctx, "POST /cancel/" + target + ": no such request in flight");
      return Reply.text(404, "no request " + target + " in flight");
    }
    log.log(ctx, "POST /cancel/" + target + ": cancelling " + target + "'s context");
    // Synchronous: when cancel returns, the request's context and the wrapper's child of it are done, and the
    // wrapper has been told to interrupt the thread blocked in the query.
    work.cancel(new Exception("cancelled by POST /cancel/" + target));
    return Reply.text(200, "cancelled " + target);
  }

  /**
   * Stops the server: cancels the server's context (so every request in flight ends promptly, answering 499), waits
   * up to 5 s for the handlers to answer, stops the HTTP server and its handler threads, and stops the background
   * worker. Idempotent; after it returns no thread of the server is running (barring a handler that ignores both its
   * context and interruption for more than 5 s).
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    serverContext.cancel(new Exception("server shutting down"));
    try {
      http.close();
    } finally {
      backgroundWorker.close();
    }
  }

  /**
   * Returns the server's base URI, for example {@code http://127.0.0.1:41234/}.
   *
   * @return the base URI
   */
  public URI uri() {
    return http.uri();
  }

  /**
   * Returns the database behind the service, so that callers can observe its queries.
   *
   * @return the database
   */
  public OrderDatabase database() {
    return database;
  }

  /**
   * Returns the background worker.
   *
   * @return the worker
   */
  public BackgroundWorker backgroundWorker() {
    return backgroundWorker;
  }

  /**
   * Returns the ids of the requests in flight, sorted.
   *
   * @return a snapshot of the in-flight request ids
   */
  public Set<String> inFlight() {
    return new TreeSet<>(inFlight.keySet());
  }

  /**
   * Returns a short text that says how to try the server with {@code curl}.
   *
   * @return the usage text, several lines
   */
  public String usage() {
    return Http.usage(uri());
  }
}
