package dev.ctx4j.spi;

import dev.ctx4j.Context;
import dev.ctx4j.ContextException;

/**
 * Sees what ctx4j does: each call through a generated wrapper (its start and its end) and each context's end. Every
 * method does nothing by default; implement those you need. Register an instance with
 * {@link Ctx4jListeners#register}, or name the class in a provider file ({@code provides dev.ctx4j.spi.Ctx4jListener
 * with ...} in a module, or {@code META-INF/services/dev.ctx4j.spi.Ctx4jListener} on the class path) to have it found
 * through {@link java.util.ServiceLoader} the first time ctx4j reports anything.
 *
 * <p>Listeners run on the thread that starts or ends the call or the context: the caller's thread for a call's start
 * and a synchronous call's end, the thread that completes the stage for an asynchronous call's end, the thread that
 * cancels (or ctx4j's timer thread, for a deadline) for a context's end. They must be fast and must not block: a slow
 * listener delays the caller, every later deadline in the JVM (on the timer thread) or the canceller. They must be
 * safe to call from many threads at once. A listener that throws does not break the call or the cancellation: the
 * first throwable of each listener is logged as a warning through {@link System.Logger} (logger
 * {@code dev.ctx4j.Listeners}) and later ones are ignored.
 *
 * <p>What is reported:
 *
 * <ul>
 *   <li>{@link #callStarted} and {@link #callEnded}: each call of a method of a generated wrapper whose caller's
 *       context was live (a call refused because the caller's context was already done never starts, and is not
 *       reported). A listener registered while a call runs sees neither its start nor its end; one unregistered while
 *       a call runs still sees its end. Calls made by hand through the label-only forms
 *       {@code Call.timeout(ctx, label, ...)} and {@code Call.cancellable(ctx, label, ...)} carry no
 *       {@link WrappedMethodInfo} and are not reported here (their contexts' ends are, and JFR records them).
 *   <li>{@link #contextEnded}: every cancellable context of ctx4j ({@code withCancel}, {@code withTimeout},
 *       {@code withDeadline}, and the context of each wrapper call), exactly once, when it becomes done: cancelled,
 *       closed, past its deadline, or ended because an ancestor ended (each descendant is reported too, after the
 *       whole subtree is done). Contexts that can never end ({@code background()}, {@code withoutCancel()}) and
 *       value-only children ({@code withValue}, which end with their parent but are not nodes of their own) are not
 *       reported. A context's end costs one listener call per registered listener, so cancelling a subtree of
 *       {@code n} contexts makes {@code n} calls each.
 * </ul>
 *
 * @since 0.1.0
 */
public interface Ctx4jListener {
  /**
   * A call of a wrapped method is starting: the caller's context is live, and the call's own context is derived and
   * the body run right after this returns. {@code caller} is the context the caller passed (or the thread's current
   * one), so {@code caller.deadline()} tells how much budget the call arrives with.
   *
   * @param method the wrapped method
   * @param caller the caller's context
   */
  default void callStarted(WrappedMethodInfo method, Context caller) {}

  /**
   * A call of a wrapped method has ended: the body returned or threw (for an asynchronous method: the stage it
   * returned has completed, or the call's context ended first). The end of the call's own context has been reported
   * to {@link #contextEnded} just before.
   *
   * @param method the wrapped method
   * @param outcome how it ended
   * @param thrown what the caller gets thrown (or the returned future fails with); null for
   *     {@link CallOutcome#RETURNED}
   * @param durationNanos the time from the call's start to its end, in nanoseconds ({@link System#nanoTime()})
   */
  default void callEnded(WrappedMethodInfo method, CallOutcome outcome, Throwable thrown, long durationNanos) {}

  /**
   * A context has become done. {@code err} tells how (a {@link dev.ctx4j.CancelledException} or a
   * {@link dev.ctx4j.DeadlineExceededException}); {@code cause} is {@code context.cause()}, the same as {@code err}
   * when none was given.
   *
   * @param context the context, done
   * @param err {@code context.err()}
   * @param cause {@code context.cause()}
   * @param byAncestor whether it ended because an ancestor ended (a parent cancelled or past its deadline) rather than
   *     by its own {@code cancel()}, {@code close()} or deadline
   */
  default void contextEnded(Context context, ContextException err, Throwable cause, boolean byAncestor) {}
}
