package dev.ctx4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import dev.ctx4j.CancellableContext;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.Key;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Ctx4jHttpServerFilterTest {
  private static final long BOUND_SECONDS = 10;
  private static final Key<String> SERVER = Key.of("server");

  private Leaks leaks;
  private JdkServer server;
  private ExecutorService clientThreads;
  private HttpClient client;
  private final AtomicInteger handled = new AtomicInteger();
  private final CountDownLatch filtered = new CountDownLatch(1);
  private final AtomicReference<Context> seen = new AtomicReference<>();
  private final AtomicReference<Optional<Context>> seenByExchange = new AtomicReference<>();
  private final AtomicReference<HttpExchange> exchangeSeen = new AtomicReference<>();

  @BeforeEach
  void start() throws IOException {
    leaks = Leaks.baseline();
    server = new JdkServer();
    clientThreads = Executors.newCachedThreadPool();
    client = HttpClient.newBuilder().executor(clientThreads).build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    server.stop();
    clientThreads.shutdownNow();
    assertTrue(clientThreads.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
    leaks.assertNoTimers();
    leaks.assertNoThreads();
  }

  /** Serves /probe behind a filter with {@code policy}: answers with the remaining budget the handler sees. */
  private void serve(InboundBudget policy) {
    server.handle("/probe", exchange -> {
      handled.incrementAndGet();
      Context ctx = Context.current();
      seen.set(ctx);
      exchangeSeen.set(exchange);
      seenByExchange.set(Ctx4jHttpServerFilter.context(exchange));
      if (exchange.getRequestURI().getQuery() != null) {
        throw new IllegalStateException("handler fails");
      }
      JdkServer.respond(exchange, 200, String.valueOf(ctx.timeRemaining().orElseThrow().toNanos()));
    }, afterward(), Ctx4jHttpServerFilter.create(policy));
  }

  private HttpResponse<String> probe(String... headers) throws Exception {
    return request("/probe", headers);
  }

  private HttpResponse<String> request(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), BodyHandlers.ofString());
  }

  private static Duration remaining(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return Duration.ofNanos(Long.parseLong(response.body()));
  }

  /** A filter placed before the ctx4j one, which counts {@link #filtered} down once the ctx4j filter has returned. */
  private com.sun.net.httpserver.Filter afterward() {
    return new com.sun.net.httpserver.Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        try {
          chain.doFilter(exchange);
        } finally {
          filtered.countDown();
        }
      }

      @Override
      public String description() {
        return "test: signals that the filters after it have returned";
      }
    };
  }

  /** The handler's context ends with the exchange: cancelled (not expired), nothing left behind. */
  private void assertHandlerContextEnded() throws InterruptedException {
    assertTrue(filtered.await(BOUND_SECONDS, TimeUnit.SECONDS), "the filter returned");
    Context ctx = seen.get();
    assertTrue(ctx.done().isDone(), "handler context cancelled when the filter returns");
    assertInstanceOf(CancelledException.class, ctx.err());
    assertEquals(Optional.empty(), Ctx4jHttpServerFilter.context(exchangeSeen.get()));
    leaks.assertNoTimers();
  }

  @Test
  void theHandlerGetsTheBudgetTheHeaderCarries() throws Exception {
    serve(InboundBudget.defaults());
    Duration left = remaining(probe("ctx4j-timeout", "2S"));
    assertTrue(left.compareTo(Duration.ofSeconds(2)) <= 0 && left.compareTo(Duration.ofSeconds(1)) > 0, left + "");
    assertHandlerContextEnded();
  }

  @Test
  void theContextIsBoundAsCurrentAndReachableFromTheExchange() throws Exception {
    serve(InboundBudget.defaults());
    remaining(probe());
    assertSame(seen.get(), seenByExchange.get().orElseThrow());
    assertNotSame(Context.background(), seen.get());
    assertHandlerContextEnded();
  }

  @Test
  void theBudgetIsClampedToTheMaximum() throws Exception {
    serve(InboundBudget.defaults().maxTimeout(Duration.ofSeconds(1)));
    Duration left = remaining(probe("ctx4j-timeout", "99999999H"));
    assertTrue(left.compareTo(Duration.ofSeconds(1)) <= 0, left.toString());
    assertHandlerContextEnded();
  }

  @Test
  void theSafetyMarginIsSubtracted() throws Exception {
    serve(InboundBudget.defaults().safetyMargin(Duration.ofMillis(500)));
    Duration left = remaining(probe("ctx4j-timeout", "2S"));
    assertTrue(left.compareTo(Duration.ofMillis(1500)) <= 0 && left.compareTo(Duration.ofMillis(500)) > 0, left + "");
    assertHandlerContextEnded();
  }

  @Test
  void aRequestWithoutTheHeaderGetsTheMaximum() throws Exception {
    serve(InboundBudget.defaults().maxTimeout(Duration.ofSeconds(7)));
    Duration left = remaining(probe());
    assertTrue(left.compareTo(Duration.ofSeconds(7)) <= 0 && left.compareTo(Duration.ofSeconds(5)) > 0, left + "");
    assertHandlerContextEnded();
  }

  @Test
  void theHeaderNameIsConfigurable() throws Exception {
    serve(InboundBudget.defaults().headerName("x-budget"));
    Duration left = remaining(probe("X-Budget", "1S", "ctx4j-timeout", "20S"));
    assertTrue(left.compareTo(Duration.ofSeconds(1)) <= 0, left.toString());
    assertHandlerContextEnded();
  }

  @Test
  void aBudgetBelowTheThresholdIsAnswered504WithoutRunningTheHandler() throws Exception {
    serve(InboundBudget.defaults().safetyMargin(Duration.ofMillis(5)).rejectBelow(Duration.ofMillis(50)));
    HttpResponse<String> response = probe("ctx4j-timeout", "40m");
    assertEquals(504, response.statusCode());
    assertEquals("text/plain; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
    assertEquals("ctx4j: not started, the request's budget is too small: ctx4j-timeout 40m minus the server's"
        + " safety margin PT0.005S leaves PT0.035S, below the server's threshold PT0.05S\n", response.body());
    assertEquals(504, probe("ctx4j-timeout", "0n").statusCode());
    assertEquals(0, handled.get());
  }

  @Test
  void aMalformedHeaderIsAnswered400WithoutRunningTheHandler() throws Exception {
    serve(InboundBudget.defaults());
    for (String bad : new String[] {"abc", "1.5S", "123456789S", "-1S", "1 S", "", "9".repeat(5000) + "S"}) {
      HttpResponse<String> response = probe("ctx4j-timeout", bad);
      assertEquals(400, response.statusCode(), bad);
      assertTrue(response.body().startsWith("ctx4j: bad ctx4j-timeout header: malformed timeout header value"),
          response.body());
      assertTrue(response.body().length() < 400, response.body());
    }
    HttpResponse<String> twice = probe("ctx4j-timeout", "1S", "ctx4j-timeout", "2S");
    assertEquals(400, twice.statusCode());
    assertEquals("ctx4j: the ctx4j-timeout header was sent 2 times; send it once\n", twice.body());
    assertEquals(0, handled.get());
  }

  /** A HEAD request is answered with the status alone: a body would make the JDK server throw into the filter. */
  @Test
  void aRejectedHeadRequestIsAnsweredWithoutABodyAndNothingThrown() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    CountDownLatch returned = new CountDownLatch(1);
    com.sun.net.httpserver.Filter recording = new com.sun.net.httpserver.Filter() {
      @Override
      public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
        try {
          chain.doFilter(exchange);
        } catch (IOException | RuntimeException e) {
          thrown.set(e);
          throw e;
        } finally {
          returned.countDown();
        }
      }

      @Override
      public String description() {
        return "test: records what the filters after it throw";
      }
    };
    server.handle("/head", exchange -> {
      handled.incrementAndGet();
      JdkServer.respond(exchange, 200, "ran");
    }, recording, Ctx4jHttpServerFilter.create(InboundBudget.defaults()));
    for (String value : new String[] {"soon", "0n"}) {
      HttpRequest head = HttpRequest.newBuilder(server.uri("/head"))
          .method("HEAD", BodyPublishers.noBody()).header("ctx4j-timeout", value).build();
      HttpResponse<String> response = client.send(head, BodyHandlers.ofString());
      assertEquals(value.equals("soon") ? 400 : 504, response.statusCode(), value);
      assertEquals("", response.body());
    }
    assertTrue(returned.await(BOUND_SECONDS, TimeUnit.SECONDS));
    assertEquals(null, thrown.get(), "the filter threw into the server");
    assertEquals(0, handled.get());
  }

  @Test
  void theContextIsCancelledWhenTheHandlerThrows() throws Exception {
    serve(InboundBudget.defaults());
    // POST: the JDK client would retry a GET whose connection closed without an answer
    HttpRequest post = HttpRequest.newBuilder(server.uri("/probe?fail")).POST(BodyPublishers.noBody()).build();
    assertThrows(IOException.class, () -> client.send(post, BodyHandlers.ofString()));
    assertEquals(1, handled.get());
    assertHandlerContextEnded();
  }

  @Test
  void theRequestContextDerivesFromTheContextCurrentWhereTheFilterRuns() throws Exception {
    // An outer filter binds a server-lifetime context: the request's context is its child (values, cancellation).
    try (CancellableContext serverLife = Context.background().withCancel()) {
      Context withValue = serverLife.withValue(SERVER, "edge");
      com.sun.net.httpserver.Filter outer = new com.sun.net.httpserver.Filter() {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
          withValue.run(() -> {
            try {
              chain.doFilter(exchange);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
        }

        @Override
        public String description() {
          return "server lifetime";
        }
      };
      server.handle("/nested", exchange -> {
        seen.set(Context.current());
        exchangeSeen.set(exchange);
        JdkServer.respond(exchange, 200, Context.current().value(SERVER));
      }, afterward(), outer, Ctx4jHttpServerFilter.create(InboundBudget.defaults()));
      assertEquals("edge", probeNested());
      assertHandlerContextEnded();
      assertFalse(serverLife.done().isDone());
      Leaks.assertNoRegistrations(serverLife);
    }
  }

  private String probeNested() throws Exception {
    return request("/nested").body();
  }
}
