package dev.ctx4j;

/**
 * The handle {@link Context#afterFunc(Runnable)} returns: Go's {@code stop} function.
 *
 * @since 0.1.0
 */
public interface AfterFuncHandle {
  /**
   * Stops the callback from running. Returns {@code true} only if this call prevented the run; returns {@code false}
   * if the callback was already started (or has run) or was already stopped. Does not wait for a running callback to
   * finish. Safe to call from any thread, any number of times.
   *
   * @return whether this call stopped the callback
   */
  boolean stop();
}
