package dev.ctx4j.bench.mains;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.bench.Figure;
import dev.ctx4j.bench.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * W4: a parent with 100,000 cancellable children, each with one registered callback; cancel the parent; milliseconds
 * until every callback ran (median of 5 after 2 warm-up rounds). ctx4j's children each get an {@code afterFunc} on a
 * direct executor; gRPC's children each get a listener with a direct executor. Building the tree is not timed.
 */
public final class W4Fanout {
  private W4Fanout() {}

  /**
   * Runs W4 and prints its figures.
   *
   * @param args {@code smoke} for a tiny run, nothing for the full one
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    boolean smoke = Mains.smoke(args);
    Mains.emit(run(smoke ? 1_000 : 100_000, smoke ? 0 : 2, smoke ? 1 : 5));
  }

  /**
   * Measures both libraries, alternating rounds so that they share the machine's drift.
   *
   * @param children the number of children
   * @param warmups unmeasured rounds per library
   * @param rounds measured rounds per library
   * @return the ctx4j and gRPC figures (median ms)
   * @throws InterruptedException if interrupted
   */
  public static List<Figure> run(int children, int warmups, int rounds) throws InterruptedException {
    double[] ctx4j = new double[rounds];
    double[] grpc = new double[rounds];
    for (int i = 0; i < warmups + rounds; i++) {
      double a = ctx4jRound(children);
      double b = grpcRound(children);
      if (i >= warmups) {
        ctx4j[i - warmups] = a;
        grpc[i - warmups] = b;
      }
    }
    String note = children + " children, median of " + rounds;
    List<Figure> out = new ArrayList<>();
    out.add(Figure.of("W4", "ctx4j", Stats.median(ctx4j), "ms", note));
    out.add(Figure.of("W4", "grpc", Stats.median(grpc), "ms", note));
    return out;
  }

  @SuppressWarnings("ctx4j:lostcancel") // the children end with parent.cancel(): that cancel is what W4 times
  private static double ctx4jRound(int children) throws InterruptedException {
    CancellableContext parent = Context.background().withCancel();
    CountDownLatch ran = new CountDownLatch(children);
    Runnable callback = ran::countDown;
    for (int i = 0; i < children; i++) {
      parent.withCancel().afterFunc(callback, Mains.DIRECT);
    }
    Mains.settle();
    long t0 = System.nanoTime();
    parent.cancel();
    Mains.awaitOrFail(ran, "every callback");
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double grpcRound(int children) throws InterruptedException {
    io.grpc.Context.CancellableContext parent = io.grpc.Context.ROOT.withCancellation();
    CountDownLatch ran = new CountDownLatch(children);
    io.grpc.Context.CancellationListener listener = c -> ran.countDown();
    for (int i = 0; i < children; i++) {
      parent.withCancellation().addListener(listener, Mains.DIRECT);
    }
    Mains.settle();
    long t0 = System.nanoTime();
    parent.cancel(null);
    Mains.awaitOrFail(ran, "every callback");
    return (System.nanoTime() - t0) / 1e6;
  }
}
