package dev.ctx4j;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where ctx4j runs what it does not run itself: afterFunc callbacks, done-stage dependents and the failure of a timed
 * out asynchronous wrapper call. A callback that blocks must never delay another context's callback, so (as Go runs
 * each AfterFunc in a goroutine of its own) no callback waits for another to finish:
 *
 * <ul>
 *   <li>On JDK 21 and later each callback runs in a virtual thread of its own.
 *   <li>On JDK 17 to 20 they run on a pool of daemon threads that starts a new thread whenever no thread is idle,
 *       up to {@code dev.ctx4j.callbackThreads} (default 256); only past that do callbacks queue. Idle threads end
 *       after 10 s.
 * </ul>
 *
 * <p>{@code -Ddev.ctx4j.virtualCallbacks=false} selects the pool on any JDK.
 */
final class Callbacks {
  /** Runs a task on the calling thread; used only for ctx4j's own short propagation steps. */
  static final Executor DIRECT = Runnable::run;

  private Callbacks() {}

  private static final class Holder {
    static final Executor EXECUTOR = create();

    private static Executor create() {
      if (!"false".equalsIgnoreCase(System.getProperty("dev.ctx4j.virtualCallbacks"))) {
        ThreadFactory virtual = virtualThreadFactory();
        if (virtual != null) {
          return task -> virtual.newThread(task).start();
        }
      }
      return growingPool(Integer.getInteger("dev.ctx4j.callbackThreads", 256));
    }

    /** {@code Thread.ofVirtual().name("ctx4j-callback-", 1).factory()} on JDK 21+, null before. */
    private static ThreadFactory virtualThreadFactory() {
      try {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> builder = Class.forName("java.lang.Thread$Builder");
        MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
            MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual")));
        MethodHandle name =
            lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class, long.class));
        MethodHandle factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
        Object b = name.invoke(ofVirtual.invoke(), "ctx4j-callback-", 1L);
        return (ThreadFactory) factory.invoke(b);
      } catch (Throwable notAvailable) {
        return null; // JDK 17 to 20
      }
    }

    private static Executor growingPool(int maxThreads) {
      if (maxThreads < 1) {
        throw new IllegalArgumentException("dev.ctx4j.callbackThreads must be at least 1, was " + maxThreads);
      }
      AtomicInteger n = new AtomicInteger();
      HandOffQueue queue = new HandOffQueue();
      ThreadPoolExecutor pool = new ThreadPoolExecutor(0, maxThreads, 10, TimeUnit.SECONDS, queue, r -> {
        Thread t = new Thread(r, "ctx4j-callback-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      }, (task, executor) -> queue.enqueue(task)); // every thread busy and no more allowed: wait for one
      return pool;
    }
  }

  /**
   * The pool's queue: offering a task succeeds only when an idle thread takes it at once, so the pool starts a new
   * thread instead of queueing behind busy ones; tasks are queued only when the pool is at its maximum.
   */
  private static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean offer(Runnable task) {
      return tryTransfer(task);
    }

    void enqueue(Runnable task) {
      super.offer(task);
    }
  }

  static Executor executor() {
    return Holder.EXECUTOR;
  }

  /** Runs a task on the calling thread, or on the callback executor when the calling thread is the timer's. */
  static final Executor INLINE_UNLESS_TIMER =
      task -> {
        if (Timer.isWorker(Thread.currentThread())) {
          executor().execute(task);
        } else {
          task.run();
        }
      };

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
