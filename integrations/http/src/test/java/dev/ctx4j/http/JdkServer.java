package dev.ctx4j.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** A JDK {@link HttpServer} on 127.0.0.1 and an ephemeral port, with its own handler threads; stop() stops it all. */
final class JdkServer {
  private final HttpServer server;
  private final ExecutorService handlers = Executors.newCachedThreadPool();

  JdkServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(handlers);
    server.start();
  }

  /** Serves {@code path} with {@code handler}, behind {@code filters} (the first runs first). */
  JdkServer handle(String path, HttpHandler handler, Filter... filters) {
    HttpContext context = server.createContext(path, handler);
    context.getFilters().addAll(java.util.List.of(filters));
    return this;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  void stop() throws InterruptedException {
    server.stop(0);
    handlers.shutdownNow();
    if (!handlers.awaitTermination(20, TimeUnit.SECONDS)) {
      throw new AssertionError("handler threads did not end");
    }
  }
}
