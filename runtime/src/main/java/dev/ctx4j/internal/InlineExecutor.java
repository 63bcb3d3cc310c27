package dev.ctx4j.internal;

import dev.ctx4j.Context;
import java.util.concurrent.Executor;

/**
 * Not API: the executor ctx4j's own modules give {@code afterFunc} for short callbacks that must not wait for a thread
 * (cancelling a gRPC call, aborting an HTTP exchange). It runs a task on the thread that ends the context, unless that
 * thread is the runtime's timer thread: there it hands the task to the callback executor, because the timer thread's
 * time belongs to every deadline in the JVM. Implemented by the runtime's background context, for the reason
 * {@link CallFactory} gives.
 */
public interface InlineExecutor {
  /** The runtime's instance. */
  InlineExecutor RUNTIME = (InlineExecutor) Context.background();

  /**
   * Returns the executor.
   *
   * @return an executor that runs tasks on the calling thread, except on the timer thread
   */
  Executor inlineUnlessTimer();
}
