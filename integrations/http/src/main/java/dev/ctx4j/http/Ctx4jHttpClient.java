package dev.ctx4j.http;

import dev.ctx4j.AfterFuncHandle;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.DeadlineExceededException;
import dev.ctx4j.internal.Expiry;
import dev.ctx4j.internal.InlineExecutor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Sends requests with the JDK {@link HttpClient} under a ctx4j {@link Context}: the request's timeout is the
 * context's remaining time, the remaining time travels to the server in a {@link TimeoutHeader} (default
 * {@value TimeoutHeader#DEFAULT_NAME}), and the exchange is cancelled when the context is done.
 *
 * <pre>{@code
 * Ctx4jHttpClient http = Ctx4jHttpClient.of(HttpClient.newHttpClient());
 * HttpResponse<String> response = http.send(ctx, HttpRequest.newBuilder(uri).build(), BodyHandlers.ofString());
 * }</pre>
 *
 * <p>For each request:
 *
 * <ul>
 *   <li>A context that is already done fails the call at once; nothing is sent.
 *   <li>The request's timeout is the context's remaining time, or the request's own {@link HttpRequest#timeout()} if
 *       that is shorter; the header carries the same value (rounded down). A context without a deadline and a request
 *       without a timeout send the request unchanged.
 *   <li>When the context is done before the response future completes, the future {@link HttpClient#sendAsync} returned
 *       is cancelled, which aborts the exchange (JDK 16 and later). The registration on the context is removed when
 *       the exchange ends, so a long-lived context does not collect one per request.
 *   <li>A failure while the context is done (or the request timeout the context set, once the context's deadline
 *       has come) surfaces as the context's exception, {@link DeadlineExceededException} or
 *       {@link CancelledException}, with the HTTP client's failure as its {@linkplain Throwable#getCause() cause}
 *       and the context's {@linkplain Context#cause() cause}, when it has one of its own, as a suppressed exception.
 *       Other failures are the HTTP client's own.
 * </ul>
 *
 * <p>The response future completes, for body handlers that stream (such as
 * {@link HttpResponse.BodyHandlers#ofInputStream()}), when the headers arrive; the body read after that is not
 * watched, so read it under the same context with your own checks or close the stream when the context ends.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Ctx4jHttpClient {
  private final HttpClient client;
  private final String headerName;

  private Ctx4jHttpClient(HttpClient client, String headerName) {
    this.client = client;
    this.headerName = headerName;
  }

  /**
   * Wraps a client.
   *
   * @param client the JDK client
   * @return a ctx4j client sending the default header, {@value TimeoutHeader#DEFAULT_NAME}
   * @throws NullPointerException if {@code client} is null
   */
  public static Ctx4jHttpClient of(HttpClient client) {
    return new Ctx4jHttpClient(Objects.requireNonNull(client, "client"), TimeoutHeader.DEFAULT_NAME);
  }

  /**
   * Returns a client that sends the budget under another header name; the servers must be configured with the same
   * name ({@link InboundBudget#headerName(String)}).
   *
   * @param name the header name, an HTTP token
   * @return the new client
   * @throws IllegalArgumentException if {@code name} is empty or not an HTTP token
   * @throws NullPointerException if {@code name} is null
   */
  public Ctx4jHttpClient withHeaderName(String name) {
    return new Ctx4jHttpClient(client, HeaderNames.check(name));
  }

  /**
   * Returns the JDK client this one sends with.
   *
   * @return the JDK client
   */
  public HttpClient httpClient() {
    return client;
  }

  /**
   * Returns the name of the header the budget is sent under.
   *
   * @return the header name
   */
  public String headerName() {
    return headerName;
  }

  /**
   * Sends a request under a context and waits for the response. The wait ends when the response arrives, when the
   * context is done (the exchange is then cancelled) or when the thread is interrupted (the exchange is then
   * cancelled too).
   *
   * @param ctx the context
   * @param request the request
   * @param handler the body handler
   * @param <T> the body type
   * @return the response
   * @throws ContextException if the context is done before or during the exchange (a
   *     {@link DeadlineExceededException} or a {@link CancelledException}, with the HTTP client's failure, if any, as
   *     its cause)
   * @throws IOException if the exchange fails for another reason (the HTTP client's exception)
   * @throws InterruptedException if the thread is interrupted while waiting
   * @throws IllegalArgumentException if the HTTP client rejects the request
   * @throws NullPointerException if an argument is null
   */
  public <T> HttpResponse<T> send(Context ctx, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Exchange<T> exchange = start(ctx, request, handler);
    try {
      HttpResponse<T> response = exchange.underlying.get();
      exchange.hook.stop(); // also done when the future completes; here so that it is done when send returns
      return response;
    } catch (InterruptedException e) {
      exchange.underlying.cancel(true);
      exchange.hook.stop();
      throw e;
    } catch (ExecutionException | CancellationException e) {
      exchange.hook.stop();
      Throwable failure = exchange.map(e);
      if (failure instanceof IOException) {
        throw (IOException) failure;
      } else if (failure instanceof RuntimeException) {
        throw (RuntimeException) failure;
      } else if (failure instanceof Error) {
        throw (Error) failure;
      }
      throw new IOException(failure.getMessage(), failure);
    }
  }

  /**
   * Sends a request asynchronously under a context. The returned future completes with the response, or
   * exceptionally with a {@link ContextException} when the context is done before or during the exchange (at once,
   * without sending, if it is done already), or with the HTTP client's failure. A {@link ContextException} is a
   * {@link CancellationException}, so {@link CompletableFuture#isCancelled()} is then true, and
   * {@link CompletableFuture#get()} and {@link CompletableFuture#join()} throw a {@code CancellationException}: the
   * {@link ContextException} itself on JDK 17 to 22, a new {@code CancellationException} whose cause it is on JDK 23 and
   * later. Completing the returned future in any way before the exchange ends ({@code cancel}, {@code complete},
   * {@code completeExceptionally}, {@code orTimeout}) aborts the exchange and removes its registration on the context
   * ({@code obtrudeValue}, which runs no dependent actions, cannot be noticed).
   *
   * @param ctx the context
   * @param request the request
   * @param handler the body handler
   * @param <T> the body type
   * @return the response future
   * @throws IllegalArgumentException if the HTTP client rejects the request
   * @throws NullPointerException if an argument is null
   */
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      Context ctx, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    Exchange<T> exchange;
    try {
      exchange = start(ctx, request, handler);
    } catch (ContextException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    exchange.underlying.whenComplete(
        (response, failure) -> {
          exchange.hook.stop(); // before the caller can see the outcome
          if (failure == null) {
            result.complete(response);
          } else {
            result.completeExceptionally(exchange.map(failure));
          }
        });
    result.whenComplete(
        (response, failure) -> {
          // result completes only once the exchange has: an earlier completion (cancel, complete, orTimeout...) is
          // the caller's, who no longer waits for the exchange
          if (!exchange.underlying.isDone()) {
            exchange.underlying.cancel(true);
          }
        });
    return result;
  }

  /** Checks the context, prepares the request and starts the exchange, hooked to the context. */
  private <T> Exchange<T> start(Context ctx, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(handler, "handler");
    ctx.throwIfDone();
    Optional<Duration> remaining = ctx.timeRemaining();
    Duration own = request.timeout().orElse(null);
    Duration timeout = own;
    boolean timeoutFromContext = false;
    if (remaining.isPresent()) {
      Duration left = remaining.get();
      if (left.isZero()) {
        // the deadline has passed, ctx4j's timer has not fired yet: end the context now, as it will, so that the
        // failure carries the context's own exception and cause, and the caller finds the context done
        Expiry.RUNTIME.expireIfDue(ctx, 0);
        ctx.throwIfDone();
        throw new DeadlineExceededException( // a foreign context, which ctx4j cannot end
            "context deadline exceeded before " + describe(request) + " was sent", ctx.cause());
      }
      if (own == null || left.compareTo(own) <= 0) {
        timeout = left;
        timeoutFromContext = true;
      }
    }
    HttpRequest sent = request;
    if (timeout != null) {
      sent =
          HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase(headerName))
              .timeout(timeout)
              .setHeader(headerName, TimeoutHeader.format(timeout))
              .build();
    }
    CompletableFuture<HttpResponse<T>> underlying = client.sendAsync(sent, handler);
    // cancelling the exchange does not block: the thread that ends the context does it at once (the timer thread
    // excepted, which hands it on)
    AfterFuncHandle hook =
        ctx.afterFunc(() -> underlying.cancel(true), InlineExecutor.RUNTIME.inlineUnlessTimer());
    underlying.whenComplete((response, failure) -> hook.stop());
    return new Exchange<>(ctx, request, underlying, hook, timeoutFromContext);
  }

  /**
   * {@code GET http://host:port/path}, for messages: without the user-info and the query, either of which may carry
   * secrets.
   */
  private static String describe(HttpRequest request) {
    URI uri = request.uri();
    String target;
    try {
      target = new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
    } catch (java.net.URISyntaxException e) {
      target = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
    return request.method() + " " + target;
  }

  /** One exchange in flight: what is needed to map its failure. */
  private static final class Exchange<T> {
    /**
     * How close to the context's deadline an {@link HttpTimeoutException} must come to be that deadline: the HTTP
     * client's request timer never fires before it on the same clock, but a context can derive its deadline from the
     * wall clock.
     */
    private static final Duration DEADLINE_TOLERANCE = Duration.ofMillis(5);

    final Context ctx;
    final HttpRequest request;
    final CompletableFuture<HttpResponse<T>> underlying;
    final AfterFuncHandle hook;
    final boolean timeoutFromContext;

    Exchange(
        Context ctx,
        HttpRequest request,
        CompletableFuture<HttpResponse<T>> underlying,
        AfterFuncHandle hook,
        boolean timeoutFromContext) {
      this.ctx = ctx;
      this.request = request;
      this.underlying = underlying;
      this.hook = hook;
      this.timeoutFromContext = timeoutFromContext;
    }

    /**
     * Returns the exception to report for a failure: the context's, with the failure as cause, when the context is
     * done or when the failure is the request timeout the context set; otherwise the failure itself.
     */
    Throwable map(Throwable failure) {
      Throwable original = failure;
      while ((original instanceof CompletionException || original instanceof ExecutionException)
          && original.getCause() != null) {
        original = original.getCause();
      }
      ContextException err = ctx.err();
      // The HTTP client's request timer, armed with the context's remaining time, fired before ctx4j's own timer
      // (which fires on its next tick), or even a little before the deadline (seen on JDK 25): the same deadline,
      // waited out and enforced now as that timer will, so that the context's cause is reported and the caller finds
      // the context done. A timeout while the context still has time is the client's own, such as the connect
      // timeout of its builder (HttpConnectTimeoutException).
      boolean contextsTimeout =
          err == null && original instanceof HttpTimeoutException && timeoutFromContext && deadlineHasCome(ctx);
      if (contextsTimeout) {
        Expiry.RUNTIME.expireIfDue(ctx, DEADLINE_TOLERANCE.toNanos());
        err = ctx.err();
      }
      boolean deadline;
      if (err != null) {
        deadline = err.isTimeout();
      } else if (contextsTimeout) {
        deadline = true; // a foreign context's wall-clock deadline, which ctx4j cannot end
      } else {
        return original;
      }
      String message =
          (deadline ? "context deadline exceeded" : "context canceled") + " during " + describe(request);
      ContextException mapped =
          deadline ? new DeadlineExceededException(message, original) : new CancelledException(message, original);
      Throwable cause = ctx.cause();
      if (cause != null && cause != err && cause != original) {
        mapped.addSuppressed(cause);
      }
      return mapped;
    }

    /** Whether {@code ctx}'s deadline has come, within {@link #DEADLINE_TOLERANCE} (a wall-clock deadline's). */
    private static boolean deadlineHasCome(Context ctx) {
      Optional<Duration> left = ctx.timeRemaining();
      return left.isPresent() && left.get().compareTo(DEADLINE_TOLERANCE) <= 0;
    }
  }
}
