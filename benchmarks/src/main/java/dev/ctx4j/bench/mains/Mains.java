package dev.ctx4j.bench.mains;

import dev.ctx4j.bench.Figure;
import java.util.List;
import java.util.concurrent.Executor;

/** What the plain (non-JMH) benchmark mains share: argument parsing, output, and a direct executor. */
final class Mains {
  /** Runs a callback on the thread that fires it (gRPC's {@code directExecutor()}). */
  static final Executor DIRECT = Runnable::run;

  private Mains() {}

  /** Whether the arguments ask for the smoke mode (tiny sizes, a fraction of a second). */
  static boolean smoke(String[] args) {
    return args.length > 0 && args[0].equals("smoke");
  }

  /** Prints each figure as a human-readable line and as a {@code RESULT} line for {@code RunAll}. */
  static void emit(List<Figure> figures) {
    for (Figure f : figures) {
      System.out.println("  " + f.workload() + " " + f.library() + ": " + f.display()
          + (f.note().isEmpty() ? "" : "  (" + f.note() + ")"));
    }
    for (Figure f : figures) {
      System.out.println(f.toLine());
    }
    System.out.flush();
  }

  /** Runs a few full collections so that retained sizes and the next measurement start from a clean heap. */
  static void settle() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Runs {@code task} on a fresh platform thread with the default stack size and returns its result, so that each
   * library gets the same stack (a deep recursion fails the same way for both).
   */
  static <T> T onFreshThread(String name, java.util.concurrent.Callable<T> task) throws InterruptedException {
    Object[] box = new Object[1];
    Throwable[] failure = new Throwable[1];
    Thread t = new Thread(() -> {
      try {
        box[0] = task.call();
      } catch (Throwable e) {
        failure[0] = e;
      }
    }, name);
    t.start();
    t.join();
    if (failure[0] != null) {
      throw new IllegalStateException(failure[0]);
    }
    @SuppressWarnings("unchecked")
    T result = (T) box[0];
    return result;
  }

  /**
   * Waits for {@code latch} at most a minute, so that a library whose notification never arrives (gRPC's recursive
   * cancel can overflow the stack inside a listener, where the error is swallowed) fails the round instead of
   * hanging the run.
   */
  static void awaitOrFail(java.util.concurrent.CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
      throw new IllegalStateException(what + " did not happen within 60 s");
    }
  }
}
