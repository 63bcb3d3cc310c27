package dev.ctx4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.DeadlineExceededException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The order service end to end, over loopback: a real {@link OrderServer}, the (generated) {@code Ctx4j_OrderService}
 * and the JDK's HTTP client. Every wait is bounded and event-driven (futures, latches, {@code done().await}).
 */
@org.junit.jupiter.api.Timeout(60)
class OrderServerTest {
  private static final long WAIT_SECONDS = 10;

  private final Log log = new Log(System.out);
  private OrderServer server;
  private HttpClient client;

  @BeforeEach
  void startServer() throws Exception {
    server = OrderServer.start(log);
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  @DisplayName("fast order: 200 with the order as JSON, and the request id echoed")
  void fastOrderAnswers200() throws Exception {
    HttpResponse<String> response = send("GET", "orders/42", "t-fast");

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("{\"id\":\"42\",\"item\":\"coffee beans\"}\n", response.body());
    assertEquals("t-fast", response.headers().firstValue(OrderServer.REQUEST_ID_HEADER).orElseThrow());
  }

  @Test
  @DisplayName("unknown order: 404")
  void unknownOrderAnswers404() throws Exception {
    assertEquals(404, send("GET", "orders/7", "t-404").statusCode());
  }

  @Test
  @DisplayName("the service receives the request id and a 1 s deadline inside the request's 5 s, through the wrapper")
  void serviceSeesRequestIdAndItsOwnDeadline() throws Exception {
    CompletableFuture<Context> seen = new CompletableFuture<>();
    server.database().addListener(
        new OrderDatabase.QueryListener() {
          @Override
          public void started(Context ctx, String id) {
            seen.complete(ctx);
          }
        });
    Instant before = Instant.now();

    assertEquals(200, send("GET", "orders/42", "t-values").statusCode());

    Context ctx = seen.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals("t-values", ctx.value(OrderServer.REQUEST_ID));
    Instant deadline = ctx.deadline().orElseThrow();
    assertTrue(deadline.isBefore(before.plusSeconds(2)), "deadline " + deadline + " is the 1 s one, not 5 s");
    assertTrue(ctx.done().isDone(), "the wrapper cancels the call's context when the call ends");
  }

  @Test
  @DisplayName("slow order: 504 with the context's message after about 1 s, well before the request's 5 s")
  void slowOrderAnswers504AfterOneSecond() throws Exception {
    CompletableFuture<Context> queryContext = new CompletableFuture<>();
    CompletableFuture<OrderDatabase.Outcome> outcome = new CompletableFuture<>();
    server.database().addListener(observer("t-slow", queryContext, outcome));
    long start = System.nanoTime();

    HttpResponse<String> response = send("GET", "orders/1999", "t-slow");

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertEquals(504, response.statusCode(), response.body());
    assertTrue(response.body().contains("OrderService.find"), response.body());
    assertTrue(took.compareTo(Duration.ofMillis(950)) > 0, "took " + took);
    assertTrue(took.compareTo(Duration.ofMillis(3500)) < 0, "took " + took + "; the 1 s limit did not cut it short");
    assertEquals(OrderDatabase.Outcome.INTERRUPTED, outcome.get(WAIT_SECONDS, TimeUnit.SECONDS));
    assertInstanceOf(DeadlineExceededException.class, queryContext.get().err());
  }

  @Test
  @DisplayName("POST /cancel/{id}: the request's context is done, its query thread leaves the wait, client gets 499")
  void cancelStopsTheRequestsWork() throws Exception {
    CompletableFuture<Context> queryContext = new CompletableFuture<>();
    CompletableFuture<OrderDatabase.Outcome> outcome = new CompletableFuture<>();
    server.database().addListener(observer("t-cancel", queryContext, outcome));
    CompletableFuture<HttpResponse<String>> pending = sendAsync("GET", "orders/1999", "t-cancel");
    Context ctx = queryContext.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertNull(ctx.err(), "live while the query runs");
    assertEquals(Set.of("t-cancel"), server.inFlight());

    HttpResponse<String> cancel = send("POST", "cancel/t-cancel", "t-canceller");

    assertEquals(200, cancel.statusCode(), cancel.body());
    assertTrue(ctx.done().await(WAIT_SECONDS, TimeUnit.SECONDS), "the query's context is done");
    assertInstanceOf(CancelledException.class, ctx.err(), "cancelled, not timed out");
    assertEquals("cancelled by POST /cancel/t-cancel", ctx.cause().getMessage());
    // the listener's finished() runs on the query thread after it left Thread.sleep
    assertEquals(OrderDatabase.Outcome.INTERRUPTED, outcome.get(WAIT_SECONDS, TimeUnit.SECONDS));
    HttpResponse<String> response = pending.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(OrderServer.CANCELLED, response.statusCode(), response.body());
    assertTrue(response.body().contains("cancelled by POST /cancel/t-cancel"), response.body());
    assertEquals(Set.of(), server.inFlight());
  }

  @Test
  @DisplayName("POST /cancel/{id} for a request that is not in flight: 404")
  void cancelOfUnknownRequestAnswers404() throws Exception {
    assertEquals(404, send("POST", "cancel/nobody", "t-canceller").statusCode());
  }

  @Test
  @DisplayName("the background worker keeps running through a timed-out and a cancelled request")
  void backgroundWorkerIsUnaffectedByRequests() throws Exception {
    BackgroundWorker worker = server.backgroundWorker();
    long before = worker.ticks();
    CompletableFuture<Context> queryContext = new CompletableFuture<>();
    server.database().addListener(observer("t-bg-cancel", queryContext, new CompletableFuture<>()));

    assertEquals(504, send("GET", "orders/1999", "t-bg-slow").statusCode());
    CompletableFuture<HttpResponse<String>> pending = sendAsync("GET", "orders/1999", "t-bg-cancel");
    queryContext.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(200, send("POST", "cancel/t-bg-cancel", "t-canceller").statusCode());
    assertEquals(OrderServer.CANCELLED, pending.get(WAIT_SECONDS, TimeUnit.SECONDS).statusCode());

    long after = worker.ticks();
    assertTrue(after >= before + 2, "ticked " + (after - before) + " times during a 1 s request");
    assertTrue(worker.awaitTicks(after + 2, Duration.ofSeconds(WAIT_SECONDS)), "still ticking afterwards");
    assertNull(worker.context().err());
    assertTrue(worker.isRunning());
  }

  @Test
  @DisplayName("close() ends requests in flight and leaves no thread of the sample running")
  void closeLeavesNoSampleThreadRunning() throws Exception {
    CompletableFuture<Context> queryContext = new CompletableFuture<>();
    CompletableFuture<OrderDatabase.Outcome> outcome = new CompletableFuture<>();
    server.database().addListener(observer("t-close", queryContext, outcome));
    CompletableFuture<HttpResponse<String>> pending = sendAsync("GET", "orders/1999", "t-close");
    queryContext.get(WAIT_SECONDS, TimeUnit.SECONDS);
    List<String> running = SampleThreads.awaitNoneAlive(Duration.ZERO); // no wait: a snapshot
    for (String name : List.of("HTTP-Dispatcher", "ctx4j-sample-http-", "ctx4j-sample-background")) {
      assertTrue(running.stream().anyMatch(thread -> thread.startsWith(name)), name + " not among " + running);
    }

    server.close();

    assertEquals(OrderDatabase.Outcome.INTERRUPTED, outcome.get(WAIT_SECONDS, TimeUnit.SECONDS));
    HttpResponse<String> response = pending.get(WAIT_SECONDS, TimeUnit.SECONDS);
    assertEquals(OrderServer.CANCELLED, response.statusCode(), response.body());
    assertTrue(response.body().contains("server shutting down"), response.body());
    assertTrue(server.backgroundWorker().context().done().isDone());
    List<String> alive = SampleThreads.awaitNoneAlive(Duration.ofSeconds(WAIT_SECONDS));
    assertEquals(List.of(), alive, "sample threads still running after close()");
  }

  private static OrderDatabase.QueryListener observer(
      String requestId, CompletableFuture<Context> started, CompletableFuture<OrderDatabase.Outcome> finished) {
    return new OrderDatabase.QueryListener() {
      @Override
      public void started(Context ctx, String id) {
        if (requestId.equals(ctx.value(OrderServer.REQUEST_ID))) {
          started.complete(ctx);
        }
      }

      @Override
      public void finished(Context ctx, String id, OrderDatabase.Outcome outcome) {
        if (requestId.equals(ctx.value(OrderServer.REQUEST_ID))) {
          finished.complete(outcome);
        }
      }
    };
  }

  private HttpRequest request(String method, String path, String requestId) {
    return HttpRequest.newBuilder(server.uri().resolve(path))
        .header(OrderServer.REQUEST_ID_HEADER, requestId)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(WAIT_SECONDS))
        .build();
  }

  private HttpResponse<String> send(String method, String path, String requestId) throws Exception {
    return client.send(request(method, path, requestId), HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<HttpResponse<String>> sendAsync(String method, String path, String requestId) {
    return client.sendAsync(request(method, path, requestId), HttpResponse.BodyHandlers.ofString());
  }
}
