package dev.ctx4j.sample;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Go's first context lesson, manual cancel: a worker prints {@code working...} every 200 ms until {@code main} cancels
 * its context after 700 ms; the worker then reports that it received the cancel, and the context's error.
 *
 * <p>The Go original:
 *
 * <pre>{@code
 * func worker(ctx context.Context) {
 *     for {
 *         select {
 *         case <-ctx.Done():
 *             fmt.Println("worker: received the cancel signal:", ctx.Err())
 *             return
 *         default:
 *             fmt.Println("working...")
 *             time.Sleep(200 * time.Millisecond)
 *         }
 *     }
 * }
 *
 * ctx, cancel := context.WithCancel(context.Background())
 * go worker(ctx)
 * time.Sleep(700 * time.Millisecond)
 * cancel()
 * }</pre>
 *
 * <p>Output (four {@code working...} lines on an idle machine):
 *
 * <pre>
 * working...
 * working...
 * working...
 * working...
 * main: 700 ms passed, calling cancel()
 * worker: received the cancel signal: context canceled
 * </pre>
 */
public final class ManualCancelLesson {
  private ManualCancelLesson() {}

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
   * Runs the lesson: starts the worker, cancels it after 700 ms and waits for it to finish.
   *
   * @param out where the lesson prints
   * @throws InterruptedException if interrupted while waiting
   */
  public static void run(PrintStream out) throws InterruptedException {
    try (CancellableContext ctx = Context.background().withCancel()) {
      Thread worker = SampleThreads.start("lesson-worker", () -> worker(ctx, out));
      Thread.sleep(700); // the lesson's own pause, as in Go: main lets the worker run for a while
      out.println("main: 700 ms passed, calling cancel()");
      ctx.cancel();
      worker.join();
    }
  }

  /** The worker: Go's {@code select} with a {@code default} branch, written as a wait on the done signal. */
  private static void worker(Context ctx, PrintStream out) {
    try {
      do {
        out.println("working...");
        // Go sleeps 200 ms, then looks at Done; await(200 ms) does both and wakes at once on cancel.
      } while (!ctx.done().await(Duration.ofMillis(200)));
      out.println("worker: received the cancel signal: " + ctx.err().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.println("worker: interrupted");
    }
  }
}
