package dev.ctx4j.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.Scope;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@code com.sun.net.httpserver} filter giving each exchange a ctx4j context from its timeout header, bound as
 * {@link Context#current()} while the handler runs.
 *
 * <pre>{@code
 * HttpContext context = server.createContext("/", handler);
 * context.getFilters().add(Ctx4jHttpServerFilter.create(InboundBudget.defaults()));
 * }</pre>
 *
 * <p>The handler reads its budget with {@code Context.current().timeRemaining()} and passes
 * {@code Context.current()} on (to a {@link Ctx4jHttpClient}, a generated wrapper, a JDBC timeout). The request's
 * context:
 *
 * <ul>
 *   <li>is derived from the context current on the thread that runs the filter (normally {@link Context#background()};
 *       an outer filter that binds a server-lifetime context, cancelled at shutdown, thereby becomes its parent);
 *   <li>has the deadline {@link InboundBudget} decides (a request without the header gets the maximum; a malformed
 *       header is answered 400 and a spent budget 504, without running the handler);
 *   <li>is cancelled when the handler returns, as Go's {@code net/http} cancels a request's context when
 *       {@code ServeHTTP} returns. A handler that hands the exchange to another thread must derive the work's context
 *       with {@link Context#withoutCancel()} if the work is to outlive the handler.
 * </ul>
 *
 * <p>The JDK server does not report a client that disconnects; a handler learns it when a write fails.
 */
public final class Ctx4jHttpServerFilter extends Filter {
  /** The contexts of the exchanges in flight (the JDK 17 server shares exchange attributes across exchanges). */
  private static final Map<HttpExchange, Context> IN_FLIGHT = new ConcurrentHashMap<>();

  private final InboundBudget budget;

  private Ctx4jHttpServerFilter(InboundBudget budget) {
    this.budget = budget;
  }

  /**
   * Creates a filter.
   *
   * @param budget how the header becomes a context
   * @return the filter
   * @throws NullPointerException if {@code budget} is null
   */
  public static Ctx4jHttpServerFilter create(InboundBudget budget) {
    return new Ctx4jHttpServerFilter(Objects.requireNonNull(budget, "budget"));
  }

  /**
   * Returns the context of an exchange while its handler runs, for code that runs on another thread than the
   * handler's (on the handler's thread it is {@link Context#current()}).
   *
   * @param exchange an exchange passed through this filter
   * @return its context, or empty when the exchange did not pass through the filter or its handler has returned
   * @throws NullPointerException if {@code exchange} is null
   */
  public static Optional<Context> context(HttpExchange exchange) {
    return Optional.ofNullable(IN_FLIGHT.get(Objects.requireNonNull(exchange, "exchange")));
  }

  /**
   * Derives the exchange's context, binds it while the rest of the chain runs and cancels it when the chain returns;
   * or answers 400 (malformed header) or 504 (spent budget) without calling the chain.
   *
   * @param exchange the exchange
   * @param chain the rest of the chain
   * @throws IOException if the handler throws it, or if writing the 400 or 504 answer fails
   */
  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    InboundBudget.Decision decision = budget.decide(exchange.getRequestHeaders().get(budget.headerName()));
    if (decision.rejected()) {
      reject(exchange, decision);
      return;
    }
    CancellableContext ctx = Context.current().withTimeout(decision.budget);
    IN_FLIGHT.put(exchange, ctx);
    Scope scope = ctx.attach();
    try {
      chain.doFilter(exchange);
    } finally {
      scope.close();
      IN_FLIGHT.remove(exchange);
      ctx.cancel();
    }
  }

  private static void reject(HttpExchange exchange, InboundBudget.Decision decision) throws IOException {
    try {
      if (exchange.getRequestMethod().equalsIgnoreCase("HEAD")) {
        exchange.sendResponseHeaders(decision.status, -1); // the status alone: HEAD has no body to say why
        return;
      }
      byte[] body = (decision.message + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      exchange.sendResponseHeaders(decision.status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    } finally {
      exchange.close();
    }
  }

  /**
   * Returns a short description.
   *
   * @return {@code "ctx4j request context"}
   */
  @Override
  public String description() {
    return "ctx4j request context";
  }
}
