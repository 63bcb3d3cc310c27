package dev.ctx4j.http;

import dev.ctx4j.Context;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** Sends requests with the JDK {@link HttpClient} under a ctx4j {@link Context}. */
public final class Ctx4jHttpClient {
  private Ctx4jHttpClient() {}

  /**
   * Wraps a client.
   *
   * @param client the JDK client
   * @return a ctx4j client sending the default header
   */
  public static Ctx4jHttpClient of(HttpClient client) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Returns a client that sends the budget under another header name.
   *
   * @param name the header name
   * @return the new client
   */
  public Ctx4jHttpClient withHeaderName(String name) {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Sends a request under a context.
   *
   * @param ctx the context
   * @param request the request
   * @param handler the body handler
   * @param <T> the body type
   * @return the response
   * @throws IOException if the exchange fails
   * @throws InterruptedException if the thread is interrupted
   */
  public <T> HttpResponse<T> send(Context ctx, HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    throw new UnsupportedOperationException("not yet implemented");
  }

  /**
   * Sends a request asynchronously under a context.
   *
   * @param ctx the context
   * @param request the request
   * @param handler the body handler
   * @param <T> the body type
   * @return the response future
   */
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      Context ctx, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
