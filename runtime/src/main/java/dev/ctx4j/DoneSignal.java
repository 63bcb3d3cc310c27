package dev.ctx4j;

import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The one-shot signal that a context is done: Go's {@code Done()} channel. It closes once and stays closed.
 *
 * <p>Go's classic worker loop reads:
 *
 * <pre>{@code
 * while (!ctx.done().isDone()) {
 *   doSomeWork();
 * }
 * }</pre>
 *
 * and Go's {@code select} on {@code ctx.Done()} and {@code time.After(3s)} is {@link #await(Duration)}:
 *
 * <pre>{@code
 * if (ctx.done().await(Duration.ofSeconds(3))) {
 *   System.out.println(ctx.err().getMessage()); // "context deadline exceeded"
 * }
 * }</pre>
 *
 * <p>All methods are thread-safe. Once {@link #isDone()} returns {@code true}, {@link Context#err()} of the context
 * that returned this signal is non-null, and every later call returns {@code true}. A signal of a context that can
 * never be done (for example {@link Context#background()}) never closes.
 *
 * @since 0.1.0
 */
public interface DoneSignal {
  /**
   * Returns whether the signal has closed, without blocking. For ctx4j's contexts this is one volatile read.
   *
   * @return {@code true} once the context is done
   */
  boolean isDone();

  /**
   * Waits until the signal closes. Returns at once if it already has. For ctx4j's contexts the thread that closes the
   * signal wakes a single waiting thread itself and hands the wake-up of several to ctx4j's callback executor, so
   * closing costs the same however many threads wait.
   *
   * @throws InterruptedException if the thread is interrupted while waiting (the flag is cleared, as in
   *     {@code java.util.concurrent})
   */
  void await() throws InterruptedException;

  /**
   * Waits until the signal closes or the timeout elapses, whichever comes first.
   *
   * @param timeout how long to wait at most; zero or less means do not wait
   * @param unit the unit of {@code timeout}
   * @return {@code true} if the signal closed, {@code false} if the time ran out first
   * @throws InterruptedException if the thread is interrupted while waiting
   * @throws NullPointerException if {@code unit} is null
   */
  boolean await(long timeout, TimeUnit unit) throws InterruptedException;

  /**
   * Waits until the signal closes or the timeout elapses, whichever comes first.
   *
   * @param timeout how long to wait at most; zero or negative means do not wait
   * @return {@code true} if the signal closed, {@code false} if the time ran out first
   * @throws InterruptedException if the thread is interrupted while waiting
   * @throws NullPointerException if {@code timeout} is null
   */
  default boolean await(Duration timeout) throws InterruptedException {
    return await(Nodes.saturatedNanos(Nodes.checkNotNull(timeout, "timeout")), TimeUnit.NANOSECONDS);
  }

  /**
   * Returns a read-only view of this signal as a stage that completes normally with {@code null} when the signal
   * closes. Callers cannot complete it ({@code toCompletableFuture()} returns a copy). Dependent actions never run on
   * the thread that cancelled the context (or on ctx4j's timer thread): they run on ctx4j's callback executor, or on
   * the executor given to an {@code ...Async} method. Successive calls may return different views of the same signal.
   * For ctx4j's contexts a view costs nothing until a dependent is attached to it: a view that is dropped unused keeps
   * nothing alive on a long-lived context.
   *
   * @return a stage that completes when the signal closes; never completes for a signal that never closes
   */
  CompletionStage<Void> toCompletionStage();
}
