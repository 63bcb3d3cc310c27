package dev.ctx4j.sample;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The HTTP plumbing under {@link OrderServer} and {@link EdgeServer}, on the JDK's own {@code com.sun.net.httpserver}:
 * binds {@code 127.0.0.1} on an ephemeral port, routes {@code METHOD /prefix/{segment}} to a {@link Route} (answering
 * {@code 405} for another method), runs the given filters before every route, serves the usage text on
 * {@code GET /}, gives every exchange a request id (the
 * {@link OrderServer#REQUEST_ID_HEADER} header when valid, else {@code req-N}) and echoes it back, turns a route's
 * {@link RuntimeException} into {@code 500}, and on {@link #close()} waits for the exchanges being answered before
 * stopping. It knows nothing of contexts (a filter, such as ctx4j's, may give each exchange one).
 *
 * <p>Thread-safe. Threads: {@code ctx4j-sample-<role>-N} run the routes; the JDK's {@code HTTP-Dispatcher} accepts
 * connections.
 */
final class Http implements AutoCloseable {
  private static final Pattern VALID_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int HANDLER_THREADS = 4;
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

  /** One route: answers a request for the path segment after its prefix. */
  interface Route {
    /**
     * Answers one request.
     *
     * @param segment the path segment after the route's prefix, or null when it is empty or not a single segment
     * @param requestId the request's id
     * @return the reply
     */
    Reply handle(String segment, String requestId);
  }

  /**
   * A response: status and plain-text or JSON body.
   *
   * @param status the HTTP status
   * @param contentType the body's content type
   * @param body the body, without its final newline
   */
  record Reply(int status, String contentType, String body) {
    static Reply text(int status, String body) {
      return new Reply(status, "text/plain; charset=utf-8", body);
    }

    static Reply json(String body) {
      return new Reply(200, "application/json", body);
    }

    static Reply noSuchRoute() {
      return text(404, "no such route; GET / lists the routes");
    }
  }

  private final Log log;
  private final AtomicInteger nextRequestId = new AtomicInteger(1);
  private final ExecutorService handlers;
  private final HttpServer server;
  private final Function<URI, String> usage;
  private final List<Filter> filters;
  private int activeExchanges; // guarded by this

  /**
   * Binds the order server's HTTP server (it answers nothing before {@link #start()}): handler threads
   * {@code ctx4j-sample-http-N}, no filter, and {@code GET /} serves {@link #usage(URI)}.
   */
  Http(Log log) throws IOException {
    this(log, "http", Http::usage, List.of());
  }

  /**
   * Binds a server (it answers nothing before {@link #start()}).
   *
   * @param log where failures are logged
   * @param role names the handler threads, {@code ctx4j-sample-<role>-N}
   * @param usage the text {@code GET /} serves, from the base URI
   * @param filters run, in order, around every route and {@code GET /}
   */
  Http(Log log, String role, Function<URI, String> usage, List<Filter> filters) throws IOException {
    this.log = log;
    this.usage = usage;
    this.filters = List.copyOf(filters);
    this.handlers = Executors.newFixedThreadPool(HANDLER_THREADS, SampleThreads.factory(role));
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(handlers);
    filtered(server.createContext("/", exchange -> serve(exchange, this::usage)));
  }

  /** Routes {@code method prefix{segment}} to {@code route}; {@code prefix} starts and ends with {@code /}. */
  Http route(String method, String prefix, Route route) {
    filtered(server.createContext(prefix, exchange -> serve(exchange, (ex, requestId) -> {
      if (!ex.getRequestMethod().equals(method)) {
        return Reply.text(405, "use " + method);
      }
      return route.handle(lastSegment(ex, prefix), requestId);
    })));
    return this;
  }

  private void filtered(HttpContext context) {
    context.getFilters().addAll(filters);
  }

  /** Starts answering. */
  void start() {
    server.start();
  }

  /** Returns the base URI, for example {@code http://127.0.0.1:41234/}. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** Returns a short text that says how to try the server at {@code base} with {@code curl}, several lines. */
  static String usage(URI base) {
    String slow = base + "orders/" + OrderDatabase.SLOW_ORDER;
    return String.join(
        "\n",
        "  curl " + base + "orders/" + OrderDatabase.FAST_ORDER + "      # 200 in about 40 ms",
        "  curl " + slow + "    # 504 after 1 s: the query would take 3 s",
        "  curl -H '" + OrderServer.REQUEST_ID_HEADER + ": r9' " + slow + " & sleep 0.3; curl -X POST " + base
            + "cancel/r9    # 200 cancelled r9, then r9 answers 499",
        "");
  }

  /** {@code GET /}: how to use the server. */
  private Reply usage(HttpExchange exchange, String requestId) {
    if (!exchange.getRequestURI().getPath().equals("/")) {
      return Reply.noSuchRoute();
    }
    return Reply.text(200, usage.apply(uri()).stripTrailing());
  }

  /** Answers one exchange with what {@code route} replies. */
  private interface ExchangeRoute {
    Reply handle(HttpExchange exchange, String requestId);
  }

  private void serve(HttpExchange exchange, ExchangeRoute route) throws IOException {
    synchronized (this) {
      activeExchanges++;
    }
    try {
      String requestId = requestId(exchange);
      Reply reply;
      try {
        reply = route.handle(exchange, requestId);
      } catch (RuntimeException e) {
        log.line("[" + requestId + "]", "500 " + e);
        reply = Reply.text(500, e.toString());
      }
      byte[] body = (reply.body() + "\n").getBytes(StandardCharsets.UTF_8); // a newline, for curl
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      exchange.getResponseHeaders().set(OrderServer.REQUEST_ID_HEADER, requestId);
      exchange.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
      synchronized (this) {
        activeExchanges--;
        notifyAll();
      }
    }
  }

  private String requestId(HttpExchange exchange) {
    String header = exchange.getRequestHeaders().getFirst(OrderServer.REQUEST_ID_HEADER);
    if (header != null && VALID_REQUEST_ID.matcher(header).matches()) {
      return header;
    }
    return "req-" + nextRequestId.getAndIncrement();
  }

  /** Returns the path segment after {@code prefix}, or null when it is empty or not a single segment. */
  private static String lastSegment(HttpExchange exchange, String prefix) {
    String path = exchange.getRequestURI().getPath();
    String rest = path.startsWith(prefix) ? path.substring(prefix.length()) : "";
    return rest.isEmpty() || rest.contains("/") ? null : rest;
  }

  /**
   * Waits up to 5 s for the exchanges being answered, then stops the server and its handler threads. If interrupted,
   * stops at once and keeps the interrupt flag.
   */
  @Override
  public void close() {
    try {
      awaitNoActiveExchanges(SHUTDOWN_WAIT);
      server.stop(0);
      handlers.shutdown();
      if (!handlers.awaitTermination(SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        handlers.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.stop(0);
      handlers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void awaitNoActiveExchanges(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (activeExchanges > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}
