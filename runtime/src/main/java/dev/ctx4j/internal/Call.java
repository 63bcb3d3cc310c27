package dev.ctx4j.internal;

import dev.ctx4j.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Not API: one call through a generated wrapper. It owns the call's derived context, interrupts the calling thread
 * when that context becomes done (runtime rule J8), and maps the outcome (rule P7). A generated synchronous method
 * reads:
 *
 * <pre>{@code
 * Call call = Call.start(ctx, FIND); // FIND: the method's WrappedMethod, a static field of the wrapper
 * try {
 *   Order result = delegate.find(call.context(), id);
 *   call.end();
 *   return result;
 * } catch (Throwable t) {
 *   throw call.fail(t);
 * } finally {
 *   call.close();
 * }
 * }</pre>
 *
 * and an asynchronous one:
 *
 * <pre>{@code
 * Call call = Call.start(ctx, FETCH);
 * try {
 *   return call.asyncOrNull(delegate.fetch(call.context(), id));
 * } catch (Throwable t) {
 *   throw call.fail(t);
 * }
 * }</pre>
 *
 * A method without a {@code Context} parameter passes {@code Context.current()} and calls {@link #attach()} on the
 * new call. A call is used by one thread, the one that made it.
 */
public interface Call extends AutoCloseable {

  /**
   * Starts a call of a wrapped method as its annotation asks: {@code @Cancellable} as {@link #cancellable},
   * {@code @Timeout} as {@link #timeout}. Generated code calls this one, with the method's description held in a
   * static field of the wrapper.
   *
   * @param parent the caller's context
   * @param method the wrapped method
   * @return the call
   * @throws dev.ctx4j.ContextException if {@code parent} is already done; the body must not run
   * @throws NullPointerException if {@code parent} or {@code method} is null
   */
  static Call start(Context parent, WrappedMethod method) {
    return CallFactory.RUNTIME.start(parent, method);
  }

  /**
   * Starts a {@code @Cancellable} call: fails fast if {@code parent} is done, else derives {@code parent.withCancel()}.
   *
   * @param parent the caller's context
   * @param method the method's name for messages, {@code Type.method}
   * @param interrupt whether to interrupt the calling thread when the call's context becomes done
   * @return the call
   * @throws dev.ctx4j.ContextException if {@code parent} is already done; the body must not run
   * @throws NullPointerException if {@code parent} or {@code method} is null
   */
  static Call cancellable(Context parent, String method, boolean interrupt) {
    return CallFactory.RUNTIME.cancellable(parent, method, interrupt);
  }

  /**
   * Starts a {@code @Timeout} call: fails fast if {@code parent} is done, else derives a child whose deadline is the
   * earlier of the parent's and now + {@code timeout}.
   *
   * @param parent the caller's context
   * @param method the method's name for messages, {@code Type.method}
   * @param timeout the limit, positive
   * @param unit the limit's unit
   * @param interrupt whether to interrupt the calling thread when the call's context becomes done
   * @return the call
   * @throws dev.ctx4j.ContextException if {@code parent} is already done; the body must not run
   * @throws NullPointerException if {@code parent}, {@code method} or {@code unit} is null
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  static Call timeout(Context parent, String method, long timeout, TimeUnit unit, boolean interrupt) {
    return CallFactory.RUNTIME.timeout(parent, method, timeout, unit, interrupt);
  }

  /**
   * Returns the call's derived context, to hand to the body.
   *
   * @return the derived context
   */
  Context context();

  /**
   * Binds the derived context to the calling thread until {@link #close()} (for methods without a {@code Context}
   * parameter).
   *
   * @return this call
   */
  Call attach();

  /**
   * Called after a synchronous body returned: throws the context's exception if the derived context became done
   * while the body ran (message naming the method and the limit), else returns.
   *
   * @throws dev.ctx4j.ContextException if the derived context is done
   */
  void end();

  /**
   * Called with whatever the body threw. If the derived context is done, closes the call and returns the context's
   * exception (naming the method, with {@code thrown} attached) for the caller to throw; otherwise closes the call and
   * rethrows {@code thrown} itself, unchanged, checked or not.
   *
   * @param thrown what the body threw
   * @return the exception to throw (only when the context is done)
   */
  RuntimeException fail(Throwable thrown);

  /**
   * Hands the body's stage over: withdraws the interrupt registration, restores the thread's binding if
   * {@link #attach()} made one, and returns a future that completes like {@code stage}, or fails with the context's
   * exception as soon as the derived context is done (the work itself goes on). The call ends when that future
   * completes, which cancels the derived context; cancelling the future cancels the derived context too. Because
   * {@link dev.ctx4j.ContextException} is a {@link java.util.concurrent.CancellationException}, a future failed by the
   * context reports {@code isCancelled()} and its {@code get()} throws that exception (on newer JDKs wrapped in a
   * {@code CancellationException}) rather than an {@code ExecutionException}.
   *
   * @param stage what the body returned
   * @param <T> the result type
   * @return the future to return to the caller
   * @throws NullPointerException if {@code stage} is null (the call is closed first)
   */
  <T> CompletableFuture<T> async(CompletionStage<T> stage);

  /**
   * Hands the body's stage over as {@link #async(CompletionStage)} does, for a body whose contract allows a null
   * stage (the JDK's {@code WebSocket.Listener}: null means "nothing to wait for"). A null stage ends the call as a
   * synchronous body's return does ({@link #end()}, then {@link #close()}) and is returned unchanged; generated code
   * calls this method, so a wrapper returns what the body returned (P7).
   *
   * @param stage what the body returned, possibly null
   * @param <T> the result type
   * @return the future to return to the caller, or null when {@code stage} is null
   * @throws dev.ctx4j.ContextException if {@code stage} is null and the derived context became done during the call
   */
  default <T> CompletableFuture<T> asyncOrNull(CompletionStage<T> stage) {
    if (stage != null) {
      return async(stage);
    }
    try {
      end();
    } finally {
      close();
    }
    return null;
  }

  /**
   * Ends a synchronous call: withdraws the interrupt registration (clearing an interrupt it caused, keeping one the
   * thread had before), cancels the derived context and restores the thread's binding. Idempotent.
   */
  @Override
  void close();
}
