package dev.ctx4j.sample;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import java.io.PrintStream;

/**
 * Go's third context lesson, parent and child: cancelling a child leaves its parent (and its siblings) live;
 * cancelling the parent cancels every child, including a worker blocked on a child's done signal.
 *
 * <p>The Go original:
 *
 * <pre>{@code
 * parent, cancelParent := context.WithCancel(context.Background())
 * childA, cancelA := context.WithCancel(parent)
 * childB, cancelB := context.WithCancel(parent)
 * defer cancelB()
 * go func() { <-childB.Done(); fmt.Println("worker on child B: stopped:", childB.Err()) }()
 *
 * cancelA()
 * fmt.Println("child A:", childA.Err(), "parent:", parent.Err(), "child B:", childB.Err())
 * cancelParent()
 * fmt.Println("parent:", parent.Err(), "child B:", childB.Err())
 * }</pre>
 *
 * <p>Output:
 *
 * <pre>
 * parent and two children: background.withCancel.withCancel (A and B)
 * main: cancel child A
 *   child A: context canceled | parent: live | child B: live
 * main: cancel parent
 * worker on child B: stopped: context canceled
 *   parent: context canceled | child B: context canceled
 * </pre>
 */
public final class ParentChildLesson {
  private ParentChildLesson() {}

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
   * Runs the lesson: cancels one child, then the parent, printing each context's state after each step.
   *
   * @param out where the lesson prints
   * @throws InterruptedException if interrupted while waiting for the worker
   */
  public static void run(PrintStream out) throws InterruptedException {
    try (CancellableContext parent = Context.background().withCancel();
        CancellableContext childA = parent.withCancel();
        CancellableContext childB = parent.withCancel()) {
      out.println("parent and two children: " + childA + " (A and B)");
      Thread worker =
          SampleThreads.start(
              "lesson-worker",
              () -> {
                try {
                  childB.done().await(); // Go: <-childB.Done()
                  out.println("worker on child B: stopped: " + state(childB));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });

      out.println("main: cancel child A");
      childA.cancel();
      out.println("  child A: " + state(childA) + " | parent: " + state(parent) + " | child B: " + state(childB));

      out.println("main: cancel parent");
      parent.cancel();
      worker.join();
      out.println("  parent: " + state(parent) + " | child B: " + state(childB));
    }
  }

  /** Returns {@code live} for a live context, else its error's message. */
  private static String state(Context ctx) {
    return ctx.err() == null ? "live" : ctx.err().getMessage();
  }
}
