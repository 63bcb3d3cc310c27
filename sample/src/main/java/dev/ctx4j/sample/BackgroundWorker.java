package dev.ctx4j.sample;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Work that belongs to the application, not to any request: it runs under its own child of
 * {@link Context#background()}, so no request's deadline or cancel reaches it. It ticks every 250 ms (think of a cache
 * refresher) until {@link #close()} cancels its context.
 *
 * <p>Thread-safe.
 */
public final class BackgroundWorker implements AutoCloseable {
  /** How often the worker ticks. */
  public static final Duration INTERVAL = Duration.ofMillis(250);

  private final Log log;
  private final CancellableContext ctx = Context.background().withCancel();
  private final Thread thread;
  private long ticks; // guarded by this

  /**
   * Starts the worker on a thread named {@code ctx4j-sample-background}.
   *
   * @param log where the worker logs
   */
  public BackgroundWorker(Log log) {
    this.log = log;
    this.thread = SampleThreads.start("background", this::loop);
  }

  private void loop() {
    log.line("[background]", "worker started from Context.background(), ticking every 250 ms: " + ctx);
    try {
      while (true) {
        ctx.sleep(INTERVAL); // throws once ctx is done
        synchronized (this) {
          ticks++;
          notifyAll();
        }
      }
    } catch (ContextException e) {
      log.line("[background]", "worker stopped after " + ticks() + " ticks: " + e.getMessage());
    } catch (InterruptedException e) {
      log.line("[background]", "worker interrupted");
    }
  }

  /**
   * Returns the worker's context: live until {@link #close()}.
   *
   * @return the context
   */
  public Context context() {
    return ctx;
  }

  /**
   * Returns how many times the worker has ticked.
   *
   * @return the tick count
   */
  public synchronized long ticks() {
    return ticks;
  }

  /**
   * Waits until the worker has ticked at least {@code count} times in all, or {@code timeout} passes.
   *
   * @param count the tick count to wait for
   * @param timeout how long to wait at most
   * @return {@code true} if the count was reached
   * @throws InterruptedException if interrupted while waiting
   */
  public synchronized boolean awaitTicks(long count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (ticks < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /**
   * Returns whether the worker's thread is still running.
   *
   * @return {@code true} while it runs
   */
  public boolean isRunning() {
    return thread.isAlive();
  }

  /**
   * Cancels the worker's context and waits up to 5 s for its thread to end. Idempotent. If the calling thread is
   * interrupted while it waits, it stops waiting and keeps its interrupt flag.
   */
  @Override
  public void close() {
    ctx.cancel();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
