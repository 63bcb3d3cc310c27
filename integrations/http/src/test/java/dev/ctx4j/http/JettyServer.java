package dev.ctx4j.http;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded Jetty 12 (Servlet 6.0) on 127.0.0.1 and an ephemeral port; stop() stops it and its threads. */
final class JettyServer {
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final ServletContextHandler context = new ServletContextHandler();

  JettyServer() {
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    context.setContextPath("/");
    server.setHandler(context);
  }

  /** Adds a filter for REQUEST and ASYNC dispatches; filters run in the order they are added. */
  JettyServer filter(Filter filter) {
    FilterHolder holder = new FilterHolder(filter);
    holder.setAsyncSupported(true);
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    return this;
  }

  /** Adds a filter holder (for init-params) for REQUEST and ASYNC dispatches. */
  JettyServer filter(FilterHolder holder) {
    holder.setAsyncSupported(true);
    context.addFilter(holder, "/*", EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC));
    return this;
  }

  JettyServer servlet(String path, HttpServlet servlet) {
    ServletHolder holder = new ServletHolder(servlet);
    holder.setAsyncSupported(true);
    context.addServlet(holder, path);
    return this;
  }

  JettyServer start() throws Exception {
    server.start();
    return this;
  }

  int port() {
    return connector.getLocalPort();
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  void stop() throws Exception {
    server.stop();
    server.join();
  }
}
