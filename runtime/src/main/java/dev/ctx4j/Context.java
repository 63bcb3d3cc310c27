package dev.ctx4j;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A context carries a cancellation signal, a deadline and request-scoped values across API boundaries and threads:
 * Go's {@code context.Context} for Java.
 *
 * <p>Contexts form a tree. The roots are {@link #background()} and {@link #todo()}; every other context is derived
 * from a parent and is done when its parent is done, when it is cancelled, or when its deadline passes, whichever
 * comes first. Contexts are immutable apart from that one transition, and every method is safe to call from any thread
 * at any time.
 *
 * <pre>{@code
 * void handle(Request req) {
 *   try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(5))) {
 *     Context reqCtx = ctx.withValue(REQUEST_ID, req.id());
 *     try (CancellableContext dbCtx = reqCtx.withTimeout(Duration.ofSeconds(1))) {
 *       db.query(dbCtx, "select ...");   // at most 1 s, and never past the request's 5 s
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p><b>Notes and cautions</b>
 *
 * <ul>
 *   <li>Pass the context explicitly, as the first parameter named {@code ctx}; do not store it in a field.
 *   <li>Every {@link CancellableContext} must be cancelled (closed) when its work ends; try-with-resources does it.
 *   <li>Never pass null; use {@link #todo()} when unsure which context to use.
 *   <li>Use values only for request-scoped data that crosses API boundaries, not for optional parameters.
 *   <li>Every {@link #attach()} must be closed on the same thread, in reverse order.
 * </ul>
 *
 * <p>{@code Context} is not sealed: a user-written implementation works as a parent of ctx4j's contexts. It must
 * implement {@link #done()}, {@link #err()}, {@link #deadline()} and {@link #value(Key)}; it should override
 * {@link #afterFunc(Runnable)} when it can register callbacks that it can also remove, since children of a foreign
 * parent subscribe through that method (never through a thread of their own).
 *
 * @since 0.1.0
 */
public interface Context {

  /**
   * Returns the root context: never done, no deadline, no values. Use it in {@code main}, initialisation, tests and
   * for incoming requests. Allocates nothing; returns the same instance on every call. Its {@code toString()} is
   * {@code "background"}.
   *
   * @return the background context
   */
  static Context background() {
    return Roots.BACKGROUND;
  }

  /**
   * Returns a root context like {@link #background()}, for code where the right context is not yet clear. Its
   * {@code toString()} is {@code "todo"}.
   *
   * @return the TODO context
   */
  static Context todo() {
    return Roots.TODO;
  }

  /**
   * Returns the context bound to the calling thread by {@link #attach()}, {@link #run(Runnable)},
   * {@link #call(Callable)}, a {@linkplain #wrap(Runnable) wrapped task} or a generated wrapper; {@link #background()}
   * when none is bound. A new thread starts unbound.
   *
   * @return the current context, never null
   */
  static Context current() {
    return Binding.current();
  }

  /**
   * Returns an executor that runs each task with the context that was {@linkplain #current() current} on the
   * submitting thread bound, and restores the pool thread's previous binding afterwards.
   *
   * @param executor the executor to delegate to
   * @return the wrapping executor
   * @throws NullPointerException if {@code executor} is null
   */
  static Executor propagating(Executor executor) {
    Nodes.checkNotNull(executor, "executor");
    return task -> executor.execute(current().wrap(Nodes.checkNotNull(task, "task")));
  }

  /**
   * Returns an executor service that runs each task (submitted by any of its methods) with the context that was
   * {@linkplain #current() current} on the submitting thread bound, and restores the pool thread's previous binding
   * afterwards. Shutting it down shuts down {@code executor}.
   *
   * @param executor the executor service to delegate to
   * @return the wrapping executor service
   * @throws NullPointerException if {@code executor} is null
   */
  static ExecutorService propagating(ExecutorService executor) {
    return new PropagatingExecutorService(Nodes.checkNotNull(executor, "executor"));
  }

  /**
   * Returns a scheduled executor service that runs each task, delayed and periodic ones included, with the context that
   * was {@linkplain #current() current} on the submitting thread bound, and restores the pool thread's previous binding
   * afterwards. A periodic task runs every time with the context current when it was scheduled. Shutting it down
   * shuts down {@code executor}.
   *
   * <pre>{@code
   * ScheduledExecutorService scheduler = Context.propagating(Executors.newSingleThreadScheduledExecutor());
   * try (Scope ignored = requestCtx.attach()) {
   *   scheduler.schedule(() -> audit(Context.current()), 1, TimeUnit.SECONDS); // runs with requestCtx bound
   * }
   * }</pre>
   *
   * @param executor the scheduled executor service to delegate to
   * @return the wrapping scheduled executor service
   * @throws NullPointerException if {@code executor} is null
   * @since 0.2.0
   */
  static ScheduledExecutorService propagating(ScheduledExecutorService executor) {
    return new PropagatingScheduledExecutorService(Nodes.checkNotNull(executor, "executor"));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The four methods an implementation provides.

  /**
   * Returns the signal that closes when this context is done. Successive calls return the same object. For a context
   * that can never be done the signal never closes.
   *
   * @return the done signal, never null
   */
  DoneSignal done();

  /**
   * Returns null while this context is live; once it is done, a {@link CancelledException} (cancelled) or a
   * {@link DeadlineExceededException} (deadline passed), the same instance on every later call. A non-null result
   * implies that {@link #done()} has closed.
   *
   * @return why the context is done, or null
   */
  ContextException err();

  /**
   * Returns the deadline at which this context will be done, if any. Successive calls return equal values. A child
   * whose requested deadline is later than its parent's reports the parent's deadline.
   *
   * @return the deadline, or empty when there is none
   */
  Optional<Instant> deadline();

  /**
   * Returns how much time this context has left before its deadline, measured on the monotonic clock for ctx4j's own
   * deadlines (so it is immune to wall-clock changes); empty when it has no deadline, {@link Duration#ZERO} once the
   * deadline has passed. This is the budget to pass on to whatever cannot take a context: a JDBC query timeout, an
   * HTTP request timeout, a header for the next service.
   *
   * <pre>{@code
   * ctx.timeRemaining().ifPresent(left -> statement.setQueryTimeout((int) Math.max(1, left.toSeconds())));
   * }</pre>
   *
   * <p>The default implementation, used by contexts written outside ctx4j, computes it from {@link #deadline()} and the
   * wall clock.
   *
   * @return the time left, never negative; empty when there is no deadline
   * @since 0.2.0
   */
  default Optional<Duration> timeRemaining() {
    return Nodes.timeRemaining(this);
  }

  /**
   * Returns the value stored under {@code key} by the nearest context in the chain that stored one, or null. A value
   * stored as null shadows ancestors. Values stay readable after the context is done. The lookup never recurses.
   *
   * @param key the key
   * @param <T> the value's type
   * @return the value, or null
   * @throws NullPointerException if {@code key} is null
   */
  <T> T value(Key<T> key);

  // ---------------------------------------------------------------------------------------------------------------
  // Cause, derivation, callbacks.

  /**
   * Returns why this context is done: null while it is live; the cause given to
   * {@link CancellableContext#cancel(Throwable)} or to {@link #withDeadline(Instant, Throwable)} for the first
   * cancellation that reached it; otherwise the same value as {@link #err()}. Go's {@code context.Cause}. A done
   * foreign context reports the cause of its nearest ctx4j ancestor once that ancestor is done too (it cannot tell
   * which ended first, as in Go), and its own {@link #err()} otherwise.
   *
   * @return the cause, or null while the context is live
   */
  default Throwable cause() {
    return ForeignParents.cause(this);
  }

  /**
   * Returns a new child that is done when this context is done or when it is cancelled. If this context is already
   * done, the child is done at once with the same error and cause.
   *
   * @return the child; cancel it when its work is done
   */
  default CancellableContext withCancel() {
    return Nodes.withCancel(this);
  }

  /**
   * Returns a new child that is also done, with {@link DeadlineExceededException}, at {@code deadline}. If this
   * context's deadline is earlier, the child is a plain cancellable child that reports the earlier deadline and arms
   * no timer. A deadline now or in the past gives a child that is already done; one more than 100 years ahead means
   * no deadline.
   *
   * @param deadline when the child expires
   * @return the child; cancel it when its work is done to release its timer entry
   * @throws NullPointerException if {@code deadline} is null
   */
  default CancellableContext withDeadline(Instant deadline) {
    return Nodes.withDeadline(this, Nodes.checkNotNull(deadline, "deadline"), null);
  }

  /**
   * Like {@link #withDeadline(Instant)}, and when the deadline passes {@link #cause()} returns {@code cause} (Go's
   * {@code WithDeadlineCause}). The child's {@link CancellableContext#cancel()} does not use this cause.
   *
   * @param deadline when the child expires
   * @param cause the cause reported when the deadline passes; null means the plain {@link DeadlineExceededException}
   * @return the child
   * @throws NullPointerException if {@code deadline} is null
   */
  default CancellableContext withDeadline(Instant deadline, Throwable cause) {
    return Nodes.withDeadline(this, Nodes.checkNotNull(deadline, "deadline"), cause);
  }

  /**
   * Returns {@code withDeadline(now + timeout)}, measured on the monotonic clock. A zero or negative timeout gives a
   * child that is already done with {@link DeadlineExceededException}; a timeout of more than 100 years means no
   * deadline.
   *
   * @param timeout how long the child lives at most
   * @return the child; cancel it when its work is done to release its timer entry
   * @throws NullPointerException if {@code timeout} is null
   */
  default CancellableContext withTimeout(Duration timeout) {
    return Nodes.withTimeout(this, Nodes.saturatedNanos(Nodes.checkNotNull(timeout, "timeout")), null);
  }

  /**
   * Returns {@code withTimeout(Duration.of(timeout, unit))} without building a {@code Duration}: for callers that hold
   * a timeout as a number and a unit (a configured value, a JDBC or socket timeout).
   *
   * <pre>{@code
   * try (CancellableContext ctx = parent.withTimeout(250, TimeUnit.MILLISECONDS)) {
   *   repository.find(ctx, id);
   * }
   * }</pre>
   *
   * @param timeout how long the child lives at most, in {@code unit}s; zero or negative gives a child already done
   * @param unit the unit of {@code timeout}
   * @return the child; cancel it when its work is done to release its timer entry
   * @throws NullPointerException if {@code unit} is null
   * @since 0.2.0
   */
  default CancellableContext withTimeout(long timeout, TimeUnit unit) {
    return Nodes.withTimeout(this, Nodes.checkNotNull(unit, "unit").toNanos(timeout), null);
  }

  /**
   * Like {@link #withTimeout(Duration)}, and when the timeout passes {@link #cause()} returns {@code cause} (Go's
   * {@code WithTimeoutCause}).
   *
   * @param timeout how long the child lives at most
   * @param cause the cause reported when the timeout passes; null means the plain
   *     {@link DeadlineExceededException}
   * @return the child
   * @throws NullPointerException if {@code timeout} is null
   */
  default CancellableContext withTimeout(Duration timeout, Throwable cause) {
    return Nodes.withTimeout(this, Nodes.saturatedNanos(Nodes.checkNotNull(timeout, "timeout")), cause);
  }

  /**
   * Returns a child that carries {@code value} under {@code key} and otherwise behaves exactly like this context
   * (same done signal, error, cause and deadline).
   *
   * @param key the key
   * @param value the value; null shadows a value stored by an ancestor
   * @param <T> the value's type
   * @return the child
   * @throws NullPointerException if {@code key} is null
   */
  default <T> Context withValue(Key<T> key, T value) {
    return Nodes.withValue(this, Nodes.checkNotNull(key, "key"), value);
  }

  /**
   * Returns a child that keeps this context's values but is never done: no done signal, no deadline, no error, no
   * cause. Use it for work that must outlive the request that started it.
   *
   * @return the child
   */
  default Context withoutCancel() {
    return new WithoutCancelNode(this);
  }

  /**
   * Arranges for {@code callback} to run once, after this context is done, on ctx4j's callback executor: never on the
   * thread that cancels, and cancelling never waits for it. If the context is already done the callback is scheduled
   * at once. An exception thrown by the callback goes to the uncaught-exception handler of the thread that ran it.
   * Several callbacks are independent, and a callback that blocks never delays another (as Go runs each AfterFunc in
   * a goroutine of its own): on JDK 21 and later each runs in a virtual thread of its own; on JDK 17 to 20 on daemon
   * threads of a pool that starts a thread whenever none is idle (at most {@code -Ddev.ctx4j.callbackThreads},
   * default 256, before callbacks queue).
   *
   * @param callback what to run
   * @return a handle whose {@link AfterFuncHandle#stop()} prevents the run
   * @throws NullPointerException if {@code callback} is null
   */
  default AfterFuncHandle afterFunc(Runnable callback) {
    return afterFunc(callback, Callbacks.executor());
  }

  /**
   * Like {@link #afterFunc(Runnable)}, running the callback on {@code executor}. The callback is handed to
   * {@code executor} by the thread that cancels the context, once that thread has finished cancelling the subtree; an
   * executor that runs tasks on the calling thread (such as {@code Runnable::run}) therefore runs the callback inside
   * {@code cancel()} or on ctx4j's timer thread, where it must be short and must not block. If {@code executor} rejects
   * the task, the rejection goes to the cancelling thread's uncaught-exception handler and propagation goes on.
   *
   * @param callback what to run
   * @param executor where to run it
   * @return a handle whose {@link AfterFuncHandle#stop()} prevents the run
   * @throws NullPointerException if {@code callback} or {@code executor} is null
   */
  default AfterFuncHandle afterFunc(Runnable callback, Executor executor) {
    return ForeignParents.afterFunc(
        this, Nodes.checkNotNull(callback, "callback"), Nodes.checkNotNull(executor, "executor"));
  }

  /**
   * Throws if this context is done; Go's {@code if err := ctx.Err(); err != nil { return err }}. The exception is a
   * fresh {@link CancelledException} or {@link DeadlineExceededException} with a stack trace, whose cause is
   * {@link #cause()} when that differs from {@link #err()}.
   *
   * @throws ContextException if the context is done
   */
  default void throwIfDone() {
    ContextException err = err();
    if (err != null) {
      throw Nodes.toThrow(err, cause(), err.getMessage());
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Thread binding (J1, J2).

  /**
   * Binds this context to the calling thread until the returned scope is closed; {@link #current()} returns it
   * meanwhile. Always use try-with-resources. The scope records where it was attached, so that a scope closed out of
   * order can say so in its warning (set the system property {@code dev.ctx4j.scopeSites=false} to skip the
   * recording on hot paths).
   *
   * @return the scope that restores the previous binding
   */
  default Scope attach() {
    return Binding.attach(this);
  }

  /**
   * Runs {@code task} with this context bound to the calling thread, and restores the previous binding afterwards,
   * even when the task throws.
   *
   * @param task what to run
   * @throws NullPointerException if {@code task} is null
   */
  default void run(Runnable task) {
    Nodes.checkNotNull(task, "task");
    Context previous = Binding.swap(this);
    try {
      task.run();
    } finally {
      Binding.restore(previous);
    }
  }

  /**
   * Calls {@code task} with this context bound to the calling thread, and restores the previous binding afterwards,
   * even when the task throws.
   *
   * @param task what to call
   * @param <V> the result type
   * @return the task's result
   * @throws Exception whatever the task throws
   * @throws NullPointerException if {@code task} is null
   */
  default <V> V call(Callable<V> task) throws Exception {
    Nodes.checkNotNull(task, "task");
    Context previous = Binding.swap(this);
    try {
      return task.call();
    } finally {
      Binding.restore(previous);
    }
  }

  /**
   * Returns a task that runs {@code task} with this context bound (on whatever thread runs it) and restores that
   * thread's previous binding afterwards.
   *
   * @param task the task
   * @return the wrapped task
   * @throws NullPointerException if {@code task} is null
   */
  default Runnable wrap(Runnable task) {
    Nodes.checkNotNull(task, "task");
    return () -> run(task);
  }

  /**
   * Returns a task that calls {@code task} with this context bound (on whatever thread calls it) and restores that
   * thread's previous binding afterwards.
   *
   * @param task the task
   * @param <V> the result type
   * @return the wrapped task
   * @throws NullPointerException if {@code task} is null
   */
  default <V> Callable<V> wrap(Callable<V> task) {
    Nodes.checkNotNull(task, "task");
    return () -> call(task);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Blocking helpers (J3).

  /**
   * Sleeps for {@code duration} unless this context is done first, in which case it returns early by throwing (Go's
   * {@code select} on {@code time.After} and {@code ctx.Done()}). Wakes promptly on cancellation, without polling.
   *
   * @param duration how long to sleep
   * @throws ContextException if the context is done before or during the sleep (a fresh exception, as from
   *     {@link #throwIfDone()})
   * @throws InterruptedException if the thread is interrupted
   * @throws NullPointerException if {@code duration} is null
   */
  default void sleep(Duration duration) throws InterruptedException {
    long nanos = Nodes.saturatedNanos(Nodes.checkNotNull(duration, "duration"));
    throwIfDone();
    if (done().await(nanos, java.util.concurrent.TimeUnit.NANOSECONDS)) {
      throwIfDone();
    }
  }

  /**
   * Waits for {@code future} or for this context to be done, whichever comes first. The future is not cancelled when
   * the context ends first; that is the caller's decision.
   *
   * @param future the future to wait for
   * @param <V> the result type
   * @return the future's result
   * @throws ContextException if the context is done first (a fresh exception, as from {@link #throwIfDone()})
   * @throws ExecutionException if the future failed
   * @throws InterruptedException if the thread is interrupted
   * @throws java.util.concurrent.CancellationException if the future was cancelled
   * @throws NullPointerException if {@code future} is null
   */
  default <V> V await(Future<V> future) throws InterruptedException, ExecutionException {
    return Waits.await(this, Nodes.checkNotNull(future, "future"));
  }

  /**
   * Waits for {@code future} or for this context to be done, whichever comes first. (This overload exists because a
   * {@code CompletableFuture} is both a {@link Future} and a {@link CompletionStage}.)
   *
   * @param future the future to wait for
   * @param <V> the result type
   * @return the future's result
   * @throws ContextException if the context is done first (a fresh exception, as from {@link #throwIfDone()})
   * @throws ExecutionException if the future completed exceptionally
   * @throws InterruptedException if the thread is interrupted
   * @throws java.util.concurrent.CancellationException if the future was cancelled
   * @throws NullPointerException if {@code future} is null
   */
  default <V> V await(java.util.concurrent.CompletableFuture<V> future)
      throws InterruptedException, ExecutionException {
    return Waits.await(this, (Future<V>) Nodes.checkNotNull(future, "future"));
  }

  /**
   * Waits for {@code stage} or for this context to be done, whichever comes first.
   *
   * @param stage the stage to wait for
   * @param <V> the result type
   * @return the stage's result
   * @throws ContextException if the context is done first (a fresh exception, as from {@link #throwIfDone()})
   * @throws ExecutionException if the stage completed exceptionally
   * @throws InterruptedException if the thread is interrupted
   * @throws NullPointerException if {@code stage} is null
   */
  default <V> V await(CompletionStage<V> stage) throws InterruptedException, ExecutionException {
    return Waits.await(this, Nodes.checkNotNull(stage, "stage"));
  }
}
