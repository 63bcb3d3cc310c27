package dev.ctx4j.http;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.Scope;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A Jakarta Servlet filter giving each request a ctx4j context from its timeout header, bound as
 * {@link Context#current()} while the request is dispatched.
 *
 * <pre>{@code
 * FilterRegistration.Dynamic ctx4j =
 *     servletContext.addFilter("ctx4j", new Ctx4jServletFilter(InboundBudget.defaults()));
 * ctx4j.setAsyncSupported(true); // a registration made in code is not, by default; asynchronous servlets need it
 * ctx4j.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
 * }</pre>
 *
 * <p>In {@code web.xml}, use the no-argument constructor and configure it with init-params: {@code headerName},
 * and {@code maxTimeout}, {@code safetyMargin}, {@code rejectBelow} as ISO-8601 durations (for example
 * {@code PT10S}); see {@link InboundBudget} for what each means and for the defaults.
 *
 * <p>The handler reads its budget with {@code Context.current().timeRemaining()} and passes
 * {@code Context.current()} on. Code running on another thread (an asynchronous servlet's task) gets the context with
 * {@link #context(ServletRequest)}. The request's context:
 *
 * <ul>
 *   <li>is derived from the context current on the thread that runs the filter (normally {@link Context#background()});
 *   <li>has the deadline {@link InboundBudget} decides (a request without the header gets the maximum; a malformed
 *       header is answered 400 and a spent budget 504, without running the servlet);
 *   <li>is cancelled when the response is done: when the dispatch returns, or, for a request put in asynchronous
 *       mode, when the container reports the asynchronous cycle complete ({@link AsyncListener#onComplete});
 *   <li>is cancelled early when the container reports the client gone: a write to the response (through the
 *       {@code OutputStream}, {@code flushBuffer()} or, when it is flushed, the {@code Writer} the filter hands to
 *       the servlet) that fails, with the {@link IOException} as its {@linkplain Context#cause() cause}, or an
 *       asynchronous request's
 *       {@link AsyncListener#onError}, with the container's error as its cause; and when an asynchronous request times
 *       out ({@link AsyncListener#onTimeout}).
 * </ul>
 *
 * <p>Other dispatches of the same request (asynchronous, forward, include, error) bind the same context, and derive
 * no new one; map the filter for {@code ASYNC} dispatches too so that the servlet sees it there. An {@code ERROR}
 * dispatch that follows a request dispatch which threw or called {@code sendError} comes after that dispatch
 * returned, so it sees the context already cancelled: an error page that must still call out derives its own
 * context, for example {@code Context.current().withoutCancel().withTimeout(...)}.
 *
 * <p>The servlet sees the filter's request and response wrappers. Their stream and writer are the container's, so
 * printing keeps the response's charset and locale. A no-argument {@code startAsync()} is passed on as
 * {@code startAsync(request, response)} with the wrappers, so that an asynchronous task's writes through
 * {@link jakarta.servlet.AsyncContext#getResponse()} are watched too; as the Servlet specification says of that form,
 * {@link jakarta.servlet.AsyncContext#hasOriginalRequestAndResponse()} then returns false, and a no-argument
 * {@code dispatch()} goes to the wrapped request's URI, which is the request's own.
 */
public final class Ctx4jServletFilter implements Filter {
  /** The request attribute under which the request's context is stored. */
  public static final String CONTEXT_ATTRIBUTE = "dev.ctx4j.Context";

  private volatile InboundBudget budget;
  private final boolean configurable;

  /**
   * Creates a filter configured by its init-params (for {@code web.xml}): {@code headerName}, {@code maxTimeout},
   * {@code safetyMargin}, {@code rejectBelow}, durations in ISO-8601 ({@code PT30S}); missing ones keep the
   * {@linkplain InboundBudget#defaults() defaults}.
   */
  public Ctx4jServletFilter() {
    this.budget = InboundBudget.defaults();
    this.configurable = true;
  }

  /**
   * Creates a filter with a policy; init-params are then ignored.
   *
   * @param budget how the header becomes a context
   * @throws NullPointerException if {@code budget} is null
   */
  public Ctx4jServletFilter(InboundBudget budget) {
    this.budget = Objects.requireNonNull(budget, "budget");
    this.configurable = false;
  }

  /**
   * Reads the init-params when the filter was created with the no-argument constructor.
   *
   * @param config the filter's configuration
   * @throws ServletException if an init-param is malformed (the message names it and shows the expected form)
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    if (!configurable) {
      return;
    }
    InboundBudget policy = InboundBudget.defaults();
    try {
      String name = config.getInitParameter("headerName");
      if (name != null) {
        policy = policy.headerName(name.strip());
      }
      Duration max = duration(config, "maxTimeout");
      if (max != null) {
        policy = policy.maxTimeout(max);
      }
      Duration margin = duration(config, "safetyMargin");
      if (margin != null) {
        policy = policy.safetyMargin(margin);
      }
      Duration threshold = duration(config, "rejectBelow");
      if (threshold != null) {
        policy = policy.rejectBelow(threshold);
      }
    } catch (IllegalArgumentException e) {
      throw new ServletException("ctx4j filter " + config.getFilterName() + ": " + e.getMessage(), e);
    }
    budget = policy;
  }

  private static Duration duration(FilterConfig config, String param) {
    String value = config.getInitParameter(param);
    if (value == null) {
      return null;
    }
    try {
      return Duration.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "init-param " + param + " must be an ISO-8601 duration such as PT30S or PT0.005S, was \"" + value + "\"",
          e);
    }
  }

  /**
   * Returns the policy in use.
   *
   * @return the policy
   */
  public InboundBudget budget() {
    return budget;
  }

  /**
   * Returns the context of a request, for code that runs on another thread than the dispatch's (on the dispatching
   * thread it is {@link Context#current()}).
   *
   * @param request a request that passed through this filter
   * @return its context (done once the response is), or empty when the request did not pass through the filter
   * @throws NullPointerException if {@code request} is null
   */
  public static Optional<Context> context(ServletRequest request) {
    Object ctx = Objects.requireNonNull(request, "request").getAttribute(CONTEXT_ATTRIBUTE);
    return ctx instanceof Context ? Optional.of((Context) ctx) : Optional.empty();
  }

  /**
   * Derives the request's context, binds it while the rest of the chain runs, and cancels it when the response is
   * done; or answers 400 (malformed header) or 504 (spent budget) without calling the chain. A request this filter
   * has already seen (a later dispatch) is only bound to its context. Requests that are not HTTP pass through.
   *
   * @param request the request
   * @param response the response
   * @param chain the rest of the chain
   * @throws IOException if the chain throws it, or if writing the 400 or 504 answer fails
   * @throws ServletException if the chain throws it
   */
  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    Object existing = request.getAttribute(CONTEXT_ATTRIBUTE);
    if (existing instanceof CancellableContext) {
      CancellableContext ctx = (CancellableContext) existing;
      Scope scope = ctx.attach();
      try {
        chain.doFilter(request, WatchingResponse.watch((HttpServletResponse) response, ctx));
      } finally {
        scope.close();
      }
      return;
    }
    HttpServletRequest http = (HttpServletRequest) request;
    InboundBudget policy = budget;
    Enumeration<String> values = http.getHeaders(policy.headerName()); // null if the container hides headers
    InboundBudget.Decision decision = policy.decide(values == null ? null : Collections.list(values));
    if (decision.rejected()) {
      reject((HttpServletResponse) response, decision);
      return;
    }
    CancellableContext ctx = Context.current().withTimeout(decision.budget);
    request.setAttribute(CONTEXT_ATTRIBUTE, ctx);
    WatchingResponse watching = new WatchingResponse((HttpServletResponse) response, ctx);
    Scope scope = ctx.attach();
    try {
      chain.doFilter(new WatchingRequest(http, watching), watching);
    } finally {
      scope.close();
      // Completion of an asynchronous cycle is deferred until this dispatch returns (Servlet 6.0, section 2.3.3.3),
      // so a listener added here is told of it even when another thread has already called complete().
      if (request.isAsyncStarted()) {
        request.getAsyncContext().addListener(new CancelOnEnd(ctx));
      } else {
        ctx.cancel();
      }
    }
  }

  private static void reject(HttpServletResponse response, InboundBudget.Decision decision) throws IOException {
    byte[] body = (decision.message + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(decision.status);
    response.setContentType("text/plain;charset=utf-8");
    response.setContentLength(body.length);
    OutputStream out = response.getOutputStream();
    out.write(body);
    out.flush();
  }

  /** Cancels an asynchronous request's context when its cycle ends or the container reports an error. */
  private static final class CancelOnEnd implements AsyncListener {
    private final CancellableContext ctx;

    CancelOnEnd(CancellableContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      ctx.cancel();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
      ctx.cancel(new TimeoutException("the servlet container's asynchronous timeout expired"));
    }

    @Override
    public void onError(AsyncEvent event) {
      ctx.cancel(event.getThrowable());
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
      // A new asynchronous cycle of the same request: listeners must register again to hear of its end.
      event.getAsyncContext().addListener(this);
    }
  }
}
