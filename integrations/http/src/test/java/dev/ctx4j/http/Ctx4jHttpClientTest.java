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
import dev.ctx4j.ContextException;
import dev.ctx4j.DeadlineExceededException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Ctx4jHttpClientTest {
  /** Generous: the machine is slow and shared. */
  private static final long BOUND_SECONDS = 10;

  private Leaks leaks;
  private JdkServer server;
  private ExecutorService clientThreads;
  private RecordingHttpClient recording;
  private Ctx4jHttpClient http;
  private final AtomicInteger requests = new AtomicInteger();
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void start() throws IOException {
    leaks = Leaks.baseline();
    server = new JdkServer()
        .handle("/echo", exchange -> {
          requests.incrementAndGet();
          List<String> values = exchange.getRequestHeaders().get(exchange.getRequestURI().getQuery() == null
              ? TimeoutHeader.DEFAULT_NAME : exchange.getRequestURI().getQuery());
          JdkServer.respond(exchange, 200, values == null ? "none" : String.join(",", values));
        })
        .handle("/block", exchange -> {
          requests.incrementAndGet();
          entered.countDown();
          try {
            release.await(60, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          try {
            JdkServer.respond(exchange, 200, "late");
          } catch (IOException clientGone) {
            // expected when the client cancelled
          }
        });
    clientThreads = Executors.newCachedThreadPool();
    recording = new RecordingHttpClient(HttpClient.newBuilder().executor(clientThreads).build());
    http = Ctx4jHttpClient.of(recording);
  }

  @AfterEach
  void stop() throws InterruptedException {
    release.countDown();
    server.stop();
    clientThreads.shutdownNow();
    assertTrue(clientThreads.awaitTermination(BOUND_SECONDS, TimeUnit.SECONDS));
    leaks.assertNoTimers();
    leaks.assertNoThreads();
  }

  /**
   * The ContextException a future's get() or join() throws. It is a CancellationException: JDK 17 to 22 throw it as it
   * is, JDK 23 and later throw a new CancellationException whose cause it is.
   */
  static ContextException contextFailure(org.junit.jupiter.api.function.Executable call) {
    CancellationException e = assertThrows(CancellationException.class, call);
    if (e instanceof ContextException) {
      return (ContextException) e;
    }
    return assertInstanceOf(ContextException.class, e.getCause(), "the cause of " + e);
  }

  /**
   * Starts a thread that sends {@code GET /block} under {@code ctx} with the blocking {@code send}, and completes
   * {@code outcome} with what it threw (null if it returned).
   */
  private Thread sendBlockOnAThread(Context ctx, CompletableFuture<Throwable> outcome) {
    Thread caller = new Thread(() -> {
      try {
        http.send(ctx, get("/block").build(), BodyHandlers.ofString());
        outcome.complete(null);
      } catch (Throwable t) {
        outcome.complete(t);
      }
    });
    caller.start();
    return caller;
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(server.uri(path));
  }

  @Test
  void sendsTheRemainingBudgetAsHeaderAndRequestTimeout() throws Exception {
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(5))) {
      HttpResponse<String> response = http.send(ctx, get("/echo").build(), BodyHandlers.ofString());
      Duration sent = TimeoutHeader.parse(response.body());
      assertTrue(sent.compareTo(Duration.ofSeconds(5)) <= 0 && sent.compareTo(Duration.ofSeconds(3)) > 0,
          sent.toString());
      HttpRequest request = recording.sent.get(0);
      assertEquals(response.body(), TimeoutHeader.format(request.timeout().orElseThrow()));
      assertEquals(List.of(response.body()), request.headers().allValues("ctx4j-timeout"));
      Leaks.assertNoRegistrations(ctx);
    }
  }

  @Test
  void theRequestsOwnShorterTimeoutWins() throws Exception {
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(5))) {
      HttpRequest request = get("/echo").timeout(Duration.ofSeconds(1)).build();
      HttpResponse<String> response = http.send(ctx, request, BodyHandlers.ofString());
      assertEquals("1000000u", response.body());
      assertEquals(Duration.ofSeconds(1), recording.sent.get(0).timeout().orElseThrow());
    }
  }

  @Test
  void theContextsShorterBudgetWinsOverTheRequestsTimeout() throws Exception {
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(2))) {
      HttpRequest request = get("/echo").timeout(Duration.ofSeconds(10)).build();
      Duration sent = TimeoutHeader.parse(http.send(ctx, request, BodyHandlers.ofString()).body());
      assertTrue(sent.compareTo(Duration.ofSeconds(2)) <= 0, sent.toString());
      assertTrue(recording.sent.get(0).timeout().orElseThrow().compareTo(Duration.ofSeconds(2)) <= 0);
    }
  }

  @Test
  void noDeadlineAndNoTimeoutSendsTheRequestUnchanged() throws Exception {
    HttpRequest request = get("/echo").build();
    assertEquals("none", http.send(Context.background(), request, BodyHandlers.ofString()).body());
    assertSame(request, recording.sent.get(0));
  }

  @Test
  void replacesAHeaderOfTheSameNameSetByTheCaller() throws Exception {
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(2))) {
      HttpRequest request = get("/echo").header("CTX4J-Timeout", "99S").header("x-other", "kept").build();
      String body = http.send(ctx, request, BodyHandlers.ofString()).body();
      assertFalse(body.contains(","), body);
      assertTrue(TimeoutHeader.parse(body).compareTo(Duration.ofSeconds(2)) <= 0, body);
      assertEquals(List.of("kept"), recording.sent.get(0).headers().allValues("x-other"));
      assertNotSame(request, recording.sent.get(0));
    }
  }

  @Test
  void sendsUnderAnotherHeaderName() throws Exception {
    Ctx4jHttpClient custom = http.withHeaderName("x-budget");
    assertEquals("x-budget", custom.headerName());
    assertSame(recording, custom.httpClient());
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(2))) {
      String body = custom.send(ctx, get("/echo?x-budget").build(), BodyHandlers.ofString()).body();
      assertTrue(TimeoutHeader.parse(body).compareTo(Duration.ofSeconds(2)) <= 0, body);
      assertFalse(recording.sent.get(0).headers().firstValue("ctx4j-timeout").isPresent());
    }
    assertThrows(IllegalArgumentException.class, () -> http.withHeaderName("bad name"));
  }

  @Test
  void aCancelledContextFailsFastWithoutSending() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    IllegalStateException why = new IllegalStateException("user gave up");
    ctx.cancel(why);
    CancelledException e = assertThrows(CancelledException.class,
        () -> http.send(ctx, get("/echo").build(), BodyHandlers.ofString()));
    assertSame(why, e.getCause());
    CompletableFuture<HttpResponse<String>> f = http.sendAsync(ctx, get("/echo").build(), BodyHandlers.ofString());
    CancelledException fromFuture =
        assertInstanceOf(CancelledException.class, contextFailure(() -> f.get(BOUND_SECONDS, TimeUnit.SECONDS)));
    assertSame(why, fromFuture.getCause());
    assertTrue(f.isCompletedExceptionally());
    assertEquals(0, requests.get());
    assertTrue(recording.sent.isEmpty());
  }

  @Test
  void anExpiredContextFailsFastWithoutSending() throws Exception {
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ZERO)) {
      assertThrows(DeadlineExceededException.class,
          () -> http.send(ctx, get("/echo").build(), BodyHandlers.ofString()));
      assertInstanceOf(DeadlineExceededException.class,
          contextFailure(() -> http.sendAsync(ctx, get("/echo").build(), BodyHandlers.ofString()).join()));
    }
    assertEquals(0, requests.get());
    assertTrue(recording.sent.isEmpty());
  }

  @Test
  void cancellingTheContextMidFlightCancelsTheAsyncExchangePromptly() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    CompletableFuture<HttpResponse<String>> f = http.sendAsync(ctx, get("/block").build(), BodyHandlers.ofString());
    assertTrue(entered.await(BOUND_SECONDS, TimeUnit.SECONDS), "request reached the server");
    IllegalStateException why = new IllegalStateException("user gave up");
    long start = System.nanoTime();
    ctx.cancel(why);
    CancelledException e =
        assertInstanceOf(CancelledException.class, contextFailure(() -> f.get(BOUND_SECONDS, TimeUnit.SECONDS)));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertInstanceOf(CancellationException.class, e.getCause(), "the JDK client's own cancellation");
    assertSame(why, e.getSuppressed()[0]);
    assertTrue(e.getMessage().startsWith("context canceled during GET http://127.0.0.1:"), e.getMessage());
    assertTrue(millis < 2_000, "cancel took " + millis + " ms");
  }

  @Test
  void theRegistrationOnTheContextIsRemovedWhenTheExchangeEnds() throws Exception {
    try (CancellableContext ctx = Context.background().withCancel()) {
      http.send(ctx, get("/echo").build(), BodyHandlers.ofString());
      Leaks.assertNoRegistrations(ctx);
      http.sendAsync(ctx, get("/echo").build(), BodyHandlers.ofString()).get(BOUND_SECONDS, TimeUnit.SECONDS);
      Leaks.assertNoRegistrations(ctx);
      CompletableFuture<HttpResponse<String>> inFlight =
          http.sendAsync(ctx, get("/block").build(), BodyHandlers.ofString());
      assertTrue(entered.await(BOUND_SECONDS, TimeUnit.SECONDS));
      assertEquals(1, dev.ctx4j.internal.Introspection.RUNTIME.registrations(ctx), "one hook while in flight");
      release.countDown();
      assertEquals("late", inFlight.get(BOUND_SECONDS, TimeUnit.SECONDS).body());
      Leaks.assertNoRegistrations(ctx);
    }
  }

  @Test
  void cancellingTheReturnedFutureCancelsTheExchange() throws Exception {
    try (CancellableContext ctx = Context.background().withCancel()) {
      CompletableFuture<HttpResponse<String>> f =
          http.sendAsync(ctx, get("/block").build(), BodyHandlers.ofString());
      assertTrue(entered.await(BOUND_SECONDS, TimeUnit.SECONDS));
      assertTrue(f.cancel(true));
      Leaks.assertNoRegistrations(ctx); // the exchange ended: the hook is gone although ctx is live
      assertFalse(ctx.done().isDone());
    }
  }

  @Test
  void theContextsDeadlineEndsASyncSendWithDeadlineExceeded() throws Exception {
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(300))) {
      long start = System.nanoTime();
      DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
          () -> http.send(ctx, get("/block").build(), BodyHandlers.ofString()));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis >= 250 && millis < BOUND_SECONDS * 1000, millis + " ms");
      assertTrue(e.getCause() instanceof HttpTimeoutException || e.getCause() instanceof CancellationException,
          String.valueOf(e.getCause()));
      assertTrue(e.getMessage().startsWith("context deadline exceeded during GET http://127.0.0.1:"),
          e.getMessage());
      Leaks.assertNoRegistrations(ctx);
    }
  }

  /**
   * The HTTP client's request timer (armed with the context's remaining time) often fires before ctx4j's, which fires
   * on its next tick: the failure still carries the cause given to {@code withTimeout}, and the context is done when
   * the caller sees it. Many rounds, since who fires first varies.
   */
  @Test
  void aSendEndedByTheContextsDeadlineCarriesItsCauseWhicheverTimerFiresFirst() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 200, InetAddress.getLoopbackAddress())) { // never answers
      URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/");
      for (int round = 0; round < 50; round++) {
        java.util.concurrent.TimeoutException why = new java.util.concurrent.TimeoutException("the database budget");
        try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(20), why)) {
          DeadlineExceededException e = assertThrows(DeadlineExceededException.class,
              () -> http.send(ctx, HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString()));
          assertInstanceOf(DeadlineExceededException.class, ctx.err(), "round " + round + ": done by now");
          assertTrue(List.of(e.getSuppressed()).contains(why),
              "round " + round + ": the context's cause, among " + List.of(e.getSuppressed()));
        }
      }
    }
  }

  /**
   * A caller that completes the returned future itself has given up as surely as one that cancels it: the exchange is
   * aborted and nothing stays registered on the (long-lived) context.
   */
  @Test
  void completingTheReturnedFutureAbortsTheExchangeAndLeavesNothing() throws Exception {
    try (CancellableContext ctx = Context.background().withCancel()) {
      CompletableFuture<HttpResponse<String>> f = http.sendAsync(ctx, get("/block").build(), BodyHandlers.ofString());
      assertTrue(entered.await(BOUND_SECONDS, TimeUnit.SECONDS));
      assertTrue(f.complete(null));
      Leaks.assertNoRegistrations(ctx);
      CompletableFuture<HttpResponse<String>> g = http.sendAsync(ctx, get("/block").build(), BodyHandlers.ofString());
      assertTrue(g.completeExceptionally(new IllegalStateException("the caller gives up")));
      Leaks.assertNoRegistrations(ctx);
      assertFalse(ctx.done().isDone());
    }
  }

  /**
   * A deadline that has passed before ctx4j's timer fired (the time left reads zero, the context is not done yet):
   * the call fails at once with the context's own exception, carrying the cause given to {@code withTimeout}, and the
   * context is done when the caller sees it. Many rounds: the timer fires first in some.
   */
  @Test
  void aDeadlinePassedBeforeItsTimerFiredFailsAtOnceWithItsCause() throws Exception {
    for (int round = 0; round < 100; round++) {
      IllegalStateException why = new IllegalStateException("the edge's budget");
      try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(2), why)) {
        while (ctx.timeRemaining().orElseThrow().toNanos() > 0) {
          Thread.onSpinWait();
        }
        CompletableFuture<HttpResponse<String>> f = http.sendAsync(ctx, get("/echo").build(), BodyHandlers.ofString());
        ContextException e = contextFailure(f::join);
        assertInstanceOf(DeadlineExceededException.class, e, "round " + round);
        assertInstanceOf(DeadlineExceededException.class, ctx.err(), "round " + round + ": done by now");
        assertSame(why, ctx.cause(), "round " + round);
        assertSame(why, e.getCause(), "round " + round + ": the context's cause");
      }
    }
    assertEquals(0, requests.get(), "nothing was sent");
  }

  @Test
  void aSyncSendEndsWhenTheContextIsCancelled() throws Exception {
    CancellableContext ctx = Context.background().withCancel();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread caller = sendBlockOnAThread(ctx, outcome);
    assertTrue(entered.await(BOUND_SECONDS, TimeUnit.SECONDS));
    ctx.cancel();
    Throwable t = outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
    assertInstanceOf(CancelledException.class, t);
    caller.join();
  }

  @Test
  void aSyncSendIsInterruptibleAndCancelsTheExchange() throws Exception {
    try (CancellableContext ctx = Context.background().withCancel()) {
      CompletableFuture<Throwable> outcome = new CompletableFuture<>();
      Thread caller = sendBlockOnAThread(ctx, outcome);
      assertTrue(entered.await(BOUND_SECONDS, TimeUnit.SECONDS));
      caller.interrupt();
      assertInstanceOf(InterruptedException.class, outcome.get(BOUND_SECONDS, TimeUnit.SECONDS));
      caller.join();
      Leaks.assertNoRegistrations(ctx);
      assertFalse(ctx.done().isDone(), "an interrupt ends the exchange, not the context");
    }
  }

  @Test
  void failuresWhileTheContextIsLiveAreTheClientsOwn() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(30))) {
      HttpRequest refused = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + closedPort + "/")).build();
      assertThrows(ConnectException.class, () -> http.send(ctx, refused, BodyHandlers.ofString()));
      // The request's own (shorter) timeout is not the context's deadline: the client's HttpTimeoutException.
      HttpRequest shortTimeout = get("/block").timeout(Duration.ofMillis(200)).build();
      assertThrows(HttpTimeoutException.class, () -> http.send(ctx, shortTimeout, BodyHandlers.ofString()));
      Leaks.assertNoRegistrations(ctx);
      assertFalse(ctx.done().isDone());
    }
  }

  /**
   * The HTTP client's own connect timeout, while the context still has most of its time, is the client's failure, not
   * the context's deadline: a caller that retries a failed connect must not believe its budget is spent.
   */
  @Test
  void theClientsConnectTimeoutIsNotTheContextsDeadline() throws Exception {
    List<Socket> queued = new ArrayList<>();
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), full.getLocalPort());
      // fill the listener's accept queue (it never accepts), so that the next connect hangs
      for (int i = 0; i < 16; i++) {
        Socket s = new Socket();
        try {
          s.connect(address, 200);
          queued.add(s);
        } catch (SocketTimeoutException hangs) {
          s.close();
          break;
        }
      }
      Ctx4jHttpClient connectLimited = Ctx4jHttpClient.of(
          HttpClient.newBuilder().executor(clientThreads).connectTimeout(Duration.ofMillis(300)).build());
      try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(60))) {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + full.getLocalPort() + "/")).build();
        Exception e = assertThrows(
            Exception.class, () -> connectLimited.send(ctx, request, BodyHandlers.ofString()));
        assertInstanceOf(HttpConnectTimeoutException.class, e, "the client's own failure");
        assertFalse(ctx.done().isDone());
        Leaks.assertNoRegistrations(ctx);
      }
    } finally {
      for (Socket s : queued) {
        s.close();
      }
    }
  }

  /** Messages name the request without the URI's user-info, as without its query: both may carry secrets. */
  @Test
  void messagesLeaveOutTheUserInfoAndTheQuery() throws Exception {
    URI uri = URI.create("http://alice:s3cr3t@127.0.0.1:" + server.uri("/").getPort() + "/block?token=t0ps3cr3t");
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(300))) {
      DeadlineExceededException e = assertThrows(
          DeadlineExceededException.class, () -> http.send(ctx, HttpRequest.newBuilder(uri).build(),
              BodyHandlers.ofString()));
      assertEquals(
          "context deadline exceeded during GET http://127.0.0.1:" + uri.getPort() + "/block", e.getMessage());
    }
  }

  @Test
  void rejectsNulls() {
    HttpRequest request = get("/echo").build();
    assertThrows(NullPointerException.class, () -> Ctx4jHttpClient.of(null));
    assertThrows(NullPointerException.class, () -> http.send(null, request, BodyHandlers.ofString()));
    assertThrows(NullPointerException.class, () -> http.send(Context.background(), null, BodyHandlers.ofString()));
    assertThrows(NullPointerException.class, () -> http.sendAsync(Context.background(), request, null));
    assertTrue(recording.sent.isEmpty());
  }
}
