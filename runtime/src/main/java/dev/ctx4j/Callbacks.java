package dev.ctx4j;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The small library-owned daemon executor that runs afterFunc callbacks and done-stage dependents (rule J7). */
final class Callbacks {
  /** Runs a task on the calling thread; used only for ctx4j's own short propagation steps. */
  static final Executor DIRECT = Runnable::run;

  private Callbacks() {}

  private static final class Holder {
    static final ThreadPoolExecutor EXECUTOR = create();

    private static ThreadPoolExecutor create() {
      int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
      AtomicInteger n = new AtomicInteger();
      ThreadPoolExecutor e = new ThreadPoolExecutor(threads, threads, 10, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ctx4j-callback-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
      e.allowCoreThreadTimeOut(true);
      return e;
    }
  }

  static Executor executor() {
    return Holder.EXECUTOR;
  }

  /** Hands {@code task} to {@code executor}; a failure to do so goes to this thread's uncaught handler. */
  static void execute(Executor executor, Runnable task) {
    try {
      executor.execute(task);
    } catch (Throwable t) {
      report(t);
    }
  }

  /** Sends {@code t} to the current thread's uncaught-exception handler. */
  static void report(Throwable t) {
    Thread current = Thread.currentThread();
    try {
      current.getUncaughtExceptionHandler().uncaughtException(current, t);
    } catch (Throwable ignored) {
      // a failing handler must not stop propagation
    }
  }
}
