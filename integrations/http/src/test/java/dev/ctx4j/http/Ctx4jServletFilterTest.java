package dev.ctx4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.DeadlineExceededException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Ctx4jServletFilterTest {
  private static final long BOUND_SECONDS = 10;

  private Leaks leaks;
  private JettyServer server;
  private ExecutorService threads;
  private HttpClient client;
  private final AtomicInteger handled = new AtomicInteger();
  private final AtomicReference<Context> seen = new AtomicReference<>();
  private final AtomicReference<Context> asyncDispatchSaw = new AtomicReference<>();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch ended = new CountDownLatch(1);
  private final CompletableFuture<Throwable> handlerOutcome = new CompletableFuture<>();

  @BeforeEach
  void start() {
    leaks = Leaks.baseline();
    threads = Executors.newCachedThreadPool();
    client = HttpClient.newBuilder().executor(threads).build();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.stop();
    }
    threads.shutdownNow();
    assertTrue(threads.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
    leaks.assertNoTimers();
    leaks.assertNoThreads();
  }

  /** Starts Jetty with the signalling filter, then {@code ctx4j}, then the servlets of this test. */
  private void serve(Filter ctx4j) throws Exception {
    serve(new FilterHolder(ctx4j));
  }

  private void serve(FilterHolder ctx4j) throws Exception {
    server = new JettyServer()
        .filter(new EndSignal())
        .filter(ctx4j)
        .servlet("/probe", new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            handled.incrementAndGet();
            Context ctx = Context.current();
            seen.set(ctx);
            assertSame(ctx, Ctx4jServletFilter.context(req).orElseThrow());
            resp.getWriter().print(ctx.timeRemaining().orElseThrow().toNanos());
          }
        })
        .servlet("/async", new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getDispatcherType() == DispatcherType.ASYNC) {
              // the re-dispatch of /async?dispatch: the same context, bound again
              asyncDispatchSaw.set(Context.current());
              resp.getWriter().print("dispatched");
              return;
            }
            handled.incrementAndGet();
            seen.set(Context.current());
            AsyncContext async = req.startAsync();
            if (req.getParameter("dispatch") != null) {
              async.dispatch();
              return;
            }
            if (req.getParameter("fail") != null) {
              throw new IllegalStateException("boom after startAsync");
            }
            if (req.getParameter("timeout") != null) {
              async.setTimeout(200); // nobody completes it: the container's async timeout fires
              return;
            }
            async.setTimeout(0);
            threads.execute(() -> {
              try {
                Context ctx = Ctx4jServletFilter.context(async.getRequest()).orElseThrow();
                assertSame(seen.get(), ctx);
                entered.countDown();
                if (req.getParameter("stream") != null) {
                  try {
                    ServletOutputStream out = async.getResponse().getOutputStream();
                    while (true) {
                      out.write("tick\n".getBytes(StandardCharsets.US_ASCII));
                      out.flush();
                      ctx.sleep(Duration.ofMillis(20));
                    }
                  } catch (Throwable t) {
                    handlerOutcome.complete(t);
                    async.complete();
                  }
                  return;
                }
                assertTrue(ended.getCount() == 1 && !ctx.done().isDone(), "live while the async cycle runs");
                async.getResponse().getWriter().print("async " + ctx.timeRemaining().orElseThrow().toNanos());
                async.complete();
              } catch (Throwable t) {
                handlerOutcome.complete(t);
                async.complete();
              }
            });
          }
        })
        .servlet("/stream", new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            handled.incrementAndGet();
            Context ctx = Context.current();
            seen.set(ctx);
            try {
              if (req.getParameter("writer") != null) {
                PrintWriter writer = resp.getWriter();
                while (true) {
                  writer.print("tick\n");
                  writer.flush();
                  entered.countDown();
                  ctx.sleep(Duration.ofMillis(20)); // pacing the writes; throws once the context is cancelled
                }
              }
              ServletOutputStream out = resp.getOutputStream();
              byte[] chunk = "tick\n".getBytes(StandardCharsets.US_ASCII);
              boolean flushBuffer = req.getParameter("flushBuffer") != null;
              while (true) {
                out.write(chunk);
                if (flushBuffer) {
                  resp.flushBuffer(); // the response's buffer, not the stream, is flushed
                } else {
                  out.flush();
                }
                entered.countDown();
                ctx.sleep(Duration.ofMillis(20)); // pacing the writes, not synchronisation
              }
            } catch (Throwable t) {
              handlerOutcome.complete(t);
            }
          }
        })
        .servlet("/print", new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain;charset=UTF-8");
            if (req.getParameter("format") != null) {
              resp.setLocale(Locale.GERMANY);
              resp.getWriter().format("%,d %.2f", 1234567, 3.5).printf(" %,d", 1000);
            } else {
              ServletOutputStream out = resp.getOutputStream();
              out.print("caf\u00e9 5\u20ac");
              out.println(true);
              out.println('x');
              out.print(1.5);
            }
          }
        })
        .servlet("/wait", new HttpServlet() {
          @Override
          protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            handled.incrementAndGet();
            Context ctx = Context.current();
            seen.set(ctx);
            try {
              ctx.done().await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            handlerOutcome.complete(ctx.err());
            resp.setStatus(504);
          }
        })
        .start();
  }

  /**
   * Placed before the ctx4j filter: counts {@link #ended} down once the ctx4j filter is done with the request (its
   * dispatch returned, or its asynchronous cycle completed, since this filter's listener is added after ctx4j's).
   */
  private final class EndSignal implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      try {
        chain.doFilter(request, response);
      } finally {
        if (request.getDispatcherType() == DispatcherType.REQUEST) {
          if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new AsyncListener() {
              @Override
              public void onComplete(AsyncEvent event) {
                ended.countDown();
              }

              @Override
              public void onTimeout(AsyncEvent event) {}

              @Override
              public void onError(AsyncEvent event) {}

              @Override
              public void onStartAsync(AsyncEvent event) {}
            });
          } else {
            ended.countDown();
          }
        }
      }
    }
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return client.send(b.build(), BodyHandlers.ofString());
  }

  /** The handler's context ended with the request: cancelled (not expired), nothing left behind. */
  private void assertHandlerContextEnded() throws InterruptedException {
    assertTrue(ended.await(BOUND_SECONDS, TimeUnit.SECONDS), "the request ended");
    Context ctx = seen.get();
    assertTrue(ctx.done().isDone(), "handler context cancelled with the request");
    assertInstanceOf(CancelledException.class, ctx.err());
    leaks.assertNoTimers();
  }

  @Test
  void theServletGetsTheBudgetTheHeaderCarriesBoundAsCurrent() throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults().safetyMargin(Duration.ofMillis(100))));
    HttpResponse<String> response = get("/probe", "ctx4j-timeout", "2S");
    assertEquals(200, response.statusCode(), response.body());
    Duration left = Duration.ofNanos(Long.parseLong(response.body()));
    assertTrue(left.compareTo(Duration.ofMillis(1900)) <= 0 && left.compareTo(Duration.ofSeconds(1)) > 0, left + "");
    assertNotSame(Context.background(), seen.get());
    assertHandlerContextEnded();
  }

  @Test
  void theBudgetIsClampedAndARequestWithoutTheHeaderGetsTheMaximum() throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults().maxTimeout(Duration.ofSeconds(3))));
    Duration clamped = Duration.ofNanos(Long.parseLong(get("/probe", "ctx4j-timeout", "99999999H").body()));
    assertTrue(clamped.compareTo(Duration.ofSeconds(3)) <= 0, clamped.toString());
    Duration absent = Duration.ofNanos(Long.parseLong(get("/probe").body()));
    assertTrue(absent.compareTo(Duration.ofSeconds(3)) <= 0 && absent.compareTo(Duration.ofSeconds(2)) > 0, "" + absent);
    assertHandlerContextEnded();
  }

  @Test
  void malformedAndSpentBudgetsAreAnsweredWithoutRunningTheServlet() throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults().rejectBelow(Duration.ofMillis(10))));
    HttpResponse<String> bad = get("/probe", "ctx4j-timeout", "12.5S");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.headers().firstValue("content-type").orElseThrow().startsWith("text/plain"));
    assertTrue(bad.body().startsWith("ctx4j: bad ctx4j-timeout header: malformed timeout header value \"12.5S\": '.'"
        + " at index 2 is not an ASCII digit"), bad.body());
    assertEquals(400, get("/probe", "ctx4j-timeout", "1S", "ctx4j-timeout", "1S").statusCode());
    HttpResponse<String> spent = get("/probe", "ctx4j-timeout", "9m");
    assertEquals(504, spent.statusCode());
    assertTrue(spent.body().contains("below the server's threshold PT0.01S"), spent.body());
    assertEquals(0, handled.get());
  }

  @Test
  void initParamsConfigureTheNoArgumentFilter() throws Exception {
    FilterHolder holder = new FilterHolder(Ctx4jServletFilter.class);
    holder.setInitParameters(Map.of("headerName", "x-budget", "maxTimeout", "PT4S", "safetyMargin", "PT0.1S",
        "rejectBelow", "PT0.05S"));
    serve(holder);
    Duration left = Duration.ofNanos(Long.parseLong(get("/probe", "x-budget", "1S").body()));
    assertTrue(left.compareTo(Duration.ofMillis(900)) <= 0, left.toString());
    Duration absent = Duration.ofNanos(Long.parseLong(get("/probe", "ctx4j-timeout", "1S").body()));
    assertTrue(absent.compareTo(Duration.ofSeconds(4)) <= 0 && absent.compareTo(Duration.ofSeconds(3)) > 0, "" + absent);
    assertEquals(504, get("/probe", "x-budget", "120m").statusCode());
  }

  @Test
  void aMalformedInitParamFailsInitWithItsName() {
    Ctx4jServletFilter filter = new Ctx4jServletFilter();
    ServletException e = assertThrows(ServletException.class, () -> filter.init(config(Map.of("maxTimeout", "30s"))));
    assertEquals("ctx4j filter ctx4j: init-param maxTimeout must be an ISO-8601 duration such as PT30S or PT0.005S,"
        + " was \"30s\"", e.getMessage());
    e = assertThrows(ServletException.class, () -> filter.init(config(Map.of("safetyMargin", "PT-1S"))));
    assertEquals("ctx4j filter ctx4j: safetyMargin must not be negative, was PT-1S", e.getMessage());
    assertEquals(InboundBudget.defaults(), filter.budget());
  }

  @Test
  void aFilterGivenAPolicyIgnoresInitParams() throws Exception {
    InboundBudget policy = InboundBudget.defaults().maxTimeout(Duration.ofSeconds(1));
    Ctx4jServletFilter filter = new Ctx4jServletFilter(policy);
    filter.init(config(Map.of("maxTimeout", "PT9S")));
    assertSame(policy, filter.budget());
  }

  @Test
  void anAsyncRequestKeepsItsContextUntilTheCycleCompletes() throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults()));
    HttpResponse<String> response = get("/async", "ctx4j-timeout", "5S");
    assertFalse(handlerOutcome.isDone(), () -> String.valueOf(handlerOutcome.join()));
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.body().startsWith("async "), response.body());
    assertHandlerContextEnded();
  }

  @Test
  void aClientThatDisconnectsCancelsTheContextOfAServletThatWrites() throws Exception {
    disconnectWhileStreaming("/stream");
    assertInstanceOf(IOException.class, handlerOutcome.get(BOUND_SECONDS, TimeUnit.SECONDS));
  }

  @Test
  void aClientThatDisconnectsCancelsTheContextOfAServletThatPrintsAndFlushes() throws Exception {
    disconnectWhileStreaming("/stream?writer");
    // a PrintWriter swallows the failure; the servlet learns it from its context
    assertInstanceOf(CancelledException.class, handlerOutcome.get(BOUND_SECONDS, TimeUnit.SECONDS));
  }

  private void disconnectWhileStreaming(String path) throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults()));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      assertTrue(in.read() >= 0, "the servlet started answering");
      assertTrue(entered.await(BOUND_SECONDS, TimeUnit.SECONDS));
      socket.setSoLinger(true, 0); // reset, as a crashed or killed client does
    }
    long closed = System.nanoTime();
    Context ctx = seen.get();
    assertTrue(ctx.done().await(BOUND_SECONDS, TimeUnit.SECONDS), "the client's disconnect reached the context");
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);
    assertInstanceOf(CancelledException.class, ctx.err());
    assertInstanceOf(IOException.class, ctx.cause(), "the failed write is the cause");
    assertTrue(millis < 5_000, "took " + millis + " ms");
    assertHandlerContextEnded();
  }

  @Test
  void aClientThatDisconnectsCancelsTheContextOfAServletThatFlushesTheResponseBuffer() throws Exception {
    disconnectWhileStreaming("/stream?flushBuffer");
    assertInstanceOf(IOException.class, handlerOutcome.get(BOUND_SECONDS, TimeUnit.SECONDS));
  }

  /**
   * Behind the filter, the container's own stream and writer still do the printing: {@code ServletOutputStream.print}
   * in the response's charset (the API's default takes ISO-8859-1 only), {@code PrintWriter.format} in the response's
   * locale (a plain {@code PrintWriter}'s takes the JVM's).
   */
  @Test
  void printingThroughTheWatchedResponseKeepsItsCharsetAndLocale() throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults()));
    HttpResponse<String> printed = get("/print");
    assertEquals(200, printed.statusCode(), printed.body());
    assertEquals("caf\u00e9 5\u20actrue\r\nx\r\n1.5", printed.body());
    assertEquals("1.234.567 3,50 1.000", get("/print?format").body());
  }

  @Test
  void theContainersAsyncTimeoutCancelsTheContext() throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults()));
    HttpResponse<String> response = get("/async?timeout");
    assertEquals(500, response.statusCode());
    assertTrue(ended.await(BOUND_SECONDS, TimeUnit.SECONDS));
    Throwable cause = seen.get().cause();
    assertInstanceOf(java.util.concurrent.TimeoutException.class, cause);
    assertEquals("the servlet container's asynchronous timeout expired", cause.getMessage());
    leaks.assertNoTimers();
  }

  @Test
  void anAsyncDispatchIsBoundToTheSameContext() throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults()));
    HttpResponse<String> response = get("/async?dispatch");
    assertEquals("dispatched", response.body());
    assertSame(seen.get(), asyncDispatchSaw.get(), "the async dispatch is bound to the request's context");
    assertHandlerContextEnded();
  }

  @Test
  void anErrorReportedToAsyncListenersCancelsTheContextWithIt() throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults()));
    HttpResponse<String> response = get("/async?fail");
    assertEquals(500, response.statusCode());
    assertTrue(ended.await(BOUND_SECONDS, TimeUnit.SECONDS));
    Throwable cause = seen.get().cause();
    StringBuilder chain = new StringBuilder();
    for (Throwable t = cause; t != null; t = t.getCause()) {
      chain.append(t).append('\n');
    }
    assertTrue(chain.toString().contains("boom after startAsync"), chain.toString());
    leaks.assertNoTimers();
  }

  @Test
  void aClientThatDisconnectsCancelsTheContextOfAnAsyncRequestThatWrites() throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults()));
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /async?stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertTrue(entered.await(BOUND_SECONDS, TimeUnit.SECONDS));
      socket.setSoLinger(true, 0);
    }
    long closed = System.nanoTime();
    Context ctx = seen.get();
    assertTrue(ctx.done().await(BOUND_SECONDS, TimeUnit.SECONDS), "the client's disconnect reached the context");
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed);
    assertInstanceOf(IOException.class, ctx.cause(), "the failed write, not the completion, ended the context");
    assertInstanceOf(IOException.class, handlerOutcome.get(BOUND_SECONDS, TimeUnit.SECONDS));
    assertTrue(millis < 5_000, "took " + millis + " ms");
    assertHandlerContextEnded();
  }

  @Test
  void cancellingTheClientsContextReachesTheServletsContext() throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults()));
    Ctx4jHttpClient http = Ctx4jHttpClient.of(client);
    CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(20));
    CompletableFuture<HttpResponse<String>> f =
        http.sendAsync(ctx, HttpRequest.newBuilder(server.uri("/stream")).build(), BodyHandlers.ofString());
    assertTrue(entered.await(BOUND_SECONDS, TimeUnit.SECONDS));
    Duration serverBudget = seen.get().timeRemaining().orElseThrow();
    assertTrue(serverBudget.compareTo(Duration.ofSeconds(20)) <= 0
        && serverBudget.compareTo(Duration.ofSeconds(10)) > 0, serverBudget.toString());
    long start = System.nanoTime();
    ctx.cancel();
    assertInstanceOf(CancelledException.class,
        Ctx4jHttpClientTest.contextFailure(() -> f.get(BOUND_SECONDS, TimeUnit.SECONDS)));
    assertTrue(seen.get().done().await(BOUND_SECONDS, TimeUnit.SECONDS), "the server's context was cancelled");
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertInstanceOf(IOException.class, seen.get().cause());
    assertTrue(millis < 5_000, "took " + millis + " ms");
    assertHandlerContextEnded();
  }

  @Test
  void theDeadlineFromTheHeaderEndsTheServletsContext() throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults()));
    HttpResponse<String> response = get("/wait", "ctx4j-timeout", "200m");
    assertEquals(504, response.statusCode());
    assertInstanceOf(DeadlineExceededException.class, handlerOutcome.get(BOUND_SECONDS, TimeUnit.SECONDS));
    assertTrue(ended.await(BOUND_SECONDS, TimeUnit.SECONDS));
    leaks.assertNoTimers();
  }

  @Test
  void contextIsEmptyForARequestThatDidNotPassTheFilter() throws Exception {
    serve(new Ctx4jServletFilter(InboundBudget.defaults()));
    HttpServletRequest bare = (HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> null);
    assertEquals(Optional.empty(), Ctx4jServletFilter.context(bare));
  }

  private static FilterConfig config(Map<String, String> params) {
    return new FilterConfig() {
      @Override
      public String getFilterName() {
        return "ctx4j";
      }

      @Override
      public ServletContext getServletContext() {
        throw new UnsupportedOperationException();
      }

      @Override
      public String getInitParameter(String name) {
        return params.get(name);
      }

      @Override
      public Enumeration<String> getInitParameterNames() {
        return Collections.enumeration(params.keySet());
      }
    };
  }
}
