package dev.ctx4j.sample;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.http.Ctx4jHttpClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cross-process scene of the main job: a deadline and a cancel that cross two services, all on
 * {@code 127.0.0.1}. The client (hop 0) calls the edge ({@link EdgeServer}, HTTP, hop 1) with
 * {@link Ctx4jHttpClient}; the edge gives each request 2 s and calls the {@code inventory} service
 * ({@link InventoryServer}, gRPC, hop 2), whose handler asks its {@code @Timeout(3 s)} repository. Every hop prints
 * the budget it sees.
 *
 * <ol>
 *   <li>{@code x1}, a fast item: {@code 200}.
 *   <li>{@code x2}, a query that would take 10 s: the edge's 2 s run out two hops away; the repository is
 *       interrupted ({@code DeadlineExceededException}), the inventory reports {@code DEADLINE_EXCEEDED}, the edge
 *       answers {@code 504}.
 *   <li>{@code x3}, the same slow query, cancelled by the client mid-flight: the repository two hops away stops within
 *       milliseconds, and the scene prints how many.
 * </ol>
 */
final class CrossProcessScene {
  /** The budget the client gives each request; the edge cuts it to its own 2 s. */
  static final Duration CLIENT_BUDGET = Duration.ofSeconds(10);

  /** How long the client lets x3 run before cancelling it. */
  static final Duration CANCEL_AFTER = Duration.ofMillis(300);

  private static final long WAIT_SECONDS = 10;

  private CrossProcessScene() {}

  /**
   * Starts the inventory and the edge, sends the three requests, prints the timeline and a summary, and stops both.
   *
   * @param out where the scene prints
   * @throws Exception if the scene fails
   */
  static void run(PrintStream out) throws Exception {
    Log log = new Log(out);
    String fast;
    String slow;
    String cancelled;
    try (InventoryServer inventory = InventoryServer.start(log);
        EdgeServer edge = EdgeServer.start(log, inventory.address())) {
      log.line("main", "inventory (gRPC) on 127.0.0.1:" + inventory.address().getPort() + ", edge (HTTP) on "
          + edge.uri() + "; budgets: client " + CLIENT_BUDGET.toSeconds() + " s, edge " + EdgeServer.BUDGET.toSeconds()
          + " s, repository 3 s");
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Ctx4jHttpClient client = Ctx4jHttpClient.of(http);

      fast = exchange(client, log, edge.uri(), "x1", InventoryDatabase.FAST_ITEM, "fast query");
      slow = exchange(client, log, edge.uri(), "x2", InventoryDatabase.SLOW_ITEM, "the query takes 10 s");
      cancelled = cancelMidFlight(client, http, log, edge, inventory.database());
      log.line("main", "closing the edge and the inventory");
    }
    log.line("main", "edge and inventory closed");
    out.println();
    out.println("Summary: fast " + fast + " | slow " + slow + " | cancelled " + cancelled);
  }

  /** Sends one request under a fresh 10 s context, logs it and its response, returns {@code "<status> in <s>"}. */
  private static String exchange(Ctx4jHttpClient client, Log log, URI edge, String requestId, String item,
      String note) throws IOException, InterruptedException {
    try (CancellableContext ctx = Context.background().withTimeout(CLIENT_BUDGET)) {
      log.line("client", "GET /stock/" + item + " as " + requestId + " (" + note + "), budget " + Log.budget(ctx));
      long start = System.nanoTime();
      HttpResponse<String> response =
          client.send(ctx, request(edge, requestId, item), HttpResponse.BodyHandlers.ofString());
      log.line("client", requestId + " <- " + response.statusCode() + " " + response.body().strip() + " ("
          + seconds(start) + ")");
      return response.statusCode() + " in " + seconds(start);
    }
  }

  /**
   * Sends x3 (the slow item) and cancels its context {@link #CANCEL_AFTER} after its query started; returns how long
   * after the cancel the repository, two hops away, left its wait.
   */
  private static String cancelMidFlight(Ctx4jHttpClient client, HttpClient http, Log log, EdgeServer edgeServer,
      InventoryDatabase database)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<Void> queryStarted = new CompletableFuture<>();
    CompletableFuture<Long> queryStopped = new CompletableFuture<>();
    InventoryDatabase.QueryListener listener =
        new InventoryDatabase.QueryListener() {
          @Override
          public void started(Context ctx, String item) {
            if ("x3".equals(ctx.value(OrderServer.REQUEST_ID))) {
              queryStarted.complete(null);
            }
          }

          @Override
          public void finished(Context ctx, String item, boolean interrupted, long endNanos) {
            if ("x3".equals(ctx.value(OrderServer.REQUEST_ID))) {
              queryStopped.complete(endNanos);
            }
          }
        };
    database.addListener(listener);
    URI edge = edgeServer.uri();
    try (CancellableContext ctx = Context.background().withTimeout(CLIENT_BUDGET)) {
      String item = InventoryDatabase.SLOW_ITEM;
      log.line("client", "GET /stock/" + item + " as x3, to be cancelled mid-flight, budget " + Log.budget(ctx));
      CompletableFuture<HttpResponse<String>> pending =
          client.sendAsync(ctx, request(edge, "x3", item), HttpResponse.BodyHandlers.ofString());
      CompletableFuture<Long> clientEnded = pending.handle((response, failure) -> System.nanoTime());
      queryStarted.get(WAIT_SECONDS, TimeUnit.SECONDS);
      Thread.sleep(CANCEL_AFTER.toMillis()); // let x3 run for a while: the demo's pause, not synchronisation

      log.line("client", "x3: the client gives up and cancels its context");
      long cancelledAt = System.nanoTime();
      ctx.cancel(new Exception("the client of x3 gave up"));
      // Ctx4jHttpClient has aborted the exchange. HTTP/1.1 has no cancel message and the JDK server does not tell a
      // blocked handler that its client hung up, so the client tells the edge, which cancels x3's context there.
      HttpResponse<String> notice = http.send(
          HttpRequest.newBuilder(edge.resolve("cancel/x3")).POST(HttpRequest.BodyPublishers.noBody())
              .timeout(CLIENT_BUDGET).build(),
          HttpResponse.BodyHandlers.ofString());
      String outcome = outcome(pending);
      double clientMillis = (clientEnded.get(WAIT_SECONDS, TimeUnit.SECONDS) - cancelledAt) / 1e6;
      long stoppedAt = queryStopped.get(WAIT_SECONDS, TimeUnit.SECONDS);
      double millis = (stoppedAt - cancelledAt) / 1e6;
      double fromEdge = (stoppedAt - edgeServer.cancelledAt("x3").orElseThrow()) / 1e6;
      log.line("client", String.format(Locale.ROOT,
          "x3 <- %s, %.1f ms after the cancel; the edge took the notice: %d %s",
          outcome, clientMillis, notice.statusCode(), notice.body().strip()));
      log.line("main", String.format(Locale.ROOT,
          "x3: the repository, two hops away, stopped %.1f ms after the client cancelled (%.1f ms after the edge"
              + " cancelled x3's context; the rest is the notice's trip)",
          millis, fromEdge));
      return String.format(Locale.ROOT, "%s, repository stopped after %.1f ms", outcome, millis);
    } finally {
      database.removeListener(listener);
    }
  }

  /** How x3's exchange ended for the client: the exception its cancelled context gave it. */
  private static String outcome(CompletableFuture<HttpResponse<String>> pending)
      throws InterruptedException, TimeoutException {
    try {
      HttpResponse<String> response = pending.get(WAIT_SECONDS, TimeUnit.SECONDS);
      return "unexpected " + response.statusCode() + " " + response.body().strip();
    } catch (ExecutionException e) {
      return e.getCause().getClass().getSimpleName();
    } catch (CancellationException e) {
      // the context's exception; JDK 23 and later throw a new CancellationException whose cause it is
      Throwable thrown = e instanceof ContextException || e.getCause() == null ? e : e.getCause();
      return thrown.getClass().getSimpleName();
    }
  }

  private static HttpRequest request(URI edge, String requestId, String item) {
    return HttpRequest.newBuilder(edge.resolve("stock/" + item))
        .header(OrderServer.REQUEST_ID_HEADER, requestId)
        .GET()
        .build();
  }

  private static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
  }
}
