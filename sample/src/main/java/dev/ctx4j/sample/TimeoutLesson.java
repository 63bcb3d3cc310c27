package dev.ctx4j.sample;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.DeadlineExceededException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Go's second context lesson, timeout: a worker whose job takes 3 s runs under a 1 s timeout, and reports the deadline
 * exceeded after 1 s instead of finishing.
 *
 * <p>The Go original:
 *
 * <pre>{@code
 * func workerTimeout(ctx context.Context) {
 *     select {
 *     case <-time.After(3 * time.Second):
 *         fmt.Println("worker: work completed")
 *     case <-ctx.Done():
 *         fmt.Println("worker: timeout:", ctx.Err())
 *     }
 * }
 *
 * ctx, cancel := context.WithTimeout(context.Background(), 1*time.Second)
 * defer cancel()
 * workerTimeout(ctx)
 * }</pre>
 *
 * <p>Output:
 *
 * <pre>
 * worker: starting a job that takes 3 s, under a 1 s timeout
 * worker: timeout: context deadline exceeded (after 1.0 s; the job needed 3 s)
 * </pre>
 */
public final class TimeoutLesson {
  private TimeoutLesson() {}

  /**
   * Runs the lesson, printing to standard output.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  /**
   * Runs the lesson: a 3 s job under a 1 s timeout.
   *
   * @param out where the lesson prints
   * @throws InterruptedException if interrupted while waiting
   */
  public static void run(PrintStream out) throws InterruptedException {
    // try-with-resources is Go's "defer cancel()"
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(1))) {
      workerTimeout(ctx, out);
    }
  }

  private static void workerTimeout(Context ctx, PrintStream out) throws InterruptedException {
    out.println("worker: starting a job that takes 3 s, under a 1 s timeout");
    long start = System.nanoTime();
    try {
      // Go's select on time.After(3s) and ctx.Done(): sleeps 3 s unless the context is done first.
      ctx.sleep(Duration.ofSeconds(3));
      out.println("worker: work completed");
    } catch (DeadlineExceededException e) {
      double seconds = (System.nanoTime() - start) / 1e9;
      out.println(
          String.format(
              Locale.ROOT,
              "worker: timeout: %s (after %.1f s; the job needed 3 s)",
              ctx.err().getMessage(),
              seconds));
    }
  }
}
