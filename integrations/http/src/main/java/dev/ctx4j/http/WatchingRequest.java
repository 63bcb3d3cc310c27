package dev.ctx4j.http;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A request whose no-argument {@link #startAsync()} keeps the filter's watching response, so that writes made by an
 * asynchronous task through {@link AsyncContext#getResponse()} cancel the context when they fail, as the dispatch's
 * own writes do. (A plain {@code startAsync()} would hand the task the container's unwrapped response.) The price,
 * documented on {@link Ctx4jServletFilter}: {@link AsyncContext#hasOriginalRequestAndResponse()} returns false.
 */
final class WatchingRequest extends HttpServletRequestWrapper {
  private final WatchingResponse response;

  WatchingRequest(HttpServletRequest request, WatchingResponse response) {
    super(request);
    this.response = response;
  }

  @Override
  public AsyncContext startAsync() {
    return getRequest().startAsync(this, response);
  }
}
