package dev.ctx4j.bench.mains;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.bench.Figure;
import dev.ctx4j.bench.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * W10 and W10b: a chain of nested cancellable contexts (10,000 for W10, median of 5 after 20 warm-up rounds, so that
 * the JIT has compiled the cancel path as in a long-running server; 1,000,000 for W10b, once, cold); cancel the root; milliseconds until the leaf is done. For ctx4j the leaf is done when
 * {@code cancel()} returns (propagation is synchronous), which the run checks. gRPC's leaf gets a listener (direct
 * executor) that releases a latch, since a gRPC child only registers with its parent once something listens to it.
 * Each chain is built and cancelled on a fresh thread with the default stack size, so a recursive implementation
 * fails the same way in either library; a {@link StackOverflowError} is reported, not thrown. gRPC's warning log
 * about chains deeper than 1,000 levels is switched off.
 */
public final class W10Chain {
  /** gRPC logs a stack trace for every context deeper than 1,000 levels; held so the setting sticks. */
  private static final Logger GRPC_LOG = Logger.getLogger("io.grpc.Context");

  private W10Chain() {}

  /**
   * Runs W10 and W10b and prints their figures.
   *
   * @param args {@code smoke} for a tiny run, nothing for the full one
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    boolean smoke = Mains.smoke(args);
    GRPC_LOG.setLevel(Level.OFF);
    List<Figure> out = new ArrayList<>(run("W10", smoke ? 1_000 : 10_000, smoke ? 0 : 20, smoke ? 1 : 5));
    out.addAll(run("W10b", smoke ? 20_000 : 1_000_000, 0, 1));
    Mains.emit(out);
  }

  /**
   * Measures both libraries.
   *
   * @param workload {@code W10} or {@code W10b}
   * @param depth the chain's length
   * @param warmups unmeasured rounds per library
   * @param rounds measured rounds per library
   * @return the ctx4j and gRPC figures (median ms, or a failure)
   * @throws InterruptedException if interrupted
   */
  public static List<Figure> run(String workload, int depth, int warmups, int rounds) throws InterruptedException {
    List<Figure> out = new ArrayList<>();
    out.add(series(workload, "ctx4j", depth, warmups, rounds, true));
    out.add(series(workload, "grpc", depth, warmups, rounds, false));
    return out;
  }

  private static Figure series(String workload, String library, int depth, int warmups, int rounds, boolean ctx4j)
      throws InterruptedException {
    double[] ms = new double[rounds];
    for (int i = 0; i < warmups + rounds; i++) {
      Mains.settle();
      Object r = Mains.onFreshThread(workload + "-" + library, () -> {
        try {
          return ctx4j ? ctx4jRound(depth) : grpcRound(depth);
        } catch (StackOverflowError e) {
          return e;
        } catch (IllegalStateException e) {
          if (ctx4j) {
            throw e;
          }
          return e; // gRPC's leaf listener never ran: the overflow happened inside gRPC, which swallowed it
        }
      });
      if (r instanceof StackOverflowError) {
        return Figure.of(workload, library, Double.NaN, "ms",
            "StackOverflowError at " + String.format(java.util.Locale.ROOT, "%,d", depth) + " levels");
      }
      if (r instanceof IllegalStateException) {
        return Figure.of(workload, library, Double.NaN, "ms", "the leaf's listener never ran at "
            + String.format(java.util.Locale.ROOT, "%,d", depth) + " levels (a StackOverflowError inside gRPC, "
            + "which swallows it)");
      }
      if (i >= warmups) {
        ms[i - warmups] = (Double) r;
      }
    }
    return Figure.of(workload, library, Stats.median(ms), "ms",
        String.format(java.util.Locale.ROOT, "%,d levels", depth)
            + (rounds > 1 ? ", median of " + rounds : ", completes"));
  }

  private static double ctx4jRound(int depth) {
    CancellableContext root = Context.background().withCancel();
    CancellableContext leaf = root;
    for (int i = 1; i < depth; i++) {
      leaf = leaf.withCancel();
    }
    long t0 = System.nanoTime();
    root.cancel();
    boolean done = leaf.done().isDone();
    long t1 = System.nanoTime();
    if (!done) {
      throw new AssertionError("the leaf is not done after cancel() returned");
    }
    return (t1 - t0) / 1e6;
  }

  private static double grpcRound(int depth) throws InterruptedException {
    io.grpc.Context.CancellableContext root = io.grpc.Context.ROOT.withCancellation();
    io.grpc.Context.CancellableContext leaf = root;
    for (int i = 1; i < depth; i++) {
      leaf = leaf.withCancellation();
    }
    CountDownLatch latch = new CountDownLatch(1);
    leaf.addListener(c -> latch.countDown(), Mains.DIRECT);
    long t0 = System.nanoTime();
    root.cancel(null);
    Mains.awaitOrFail(latch, "gRPC's leaf listener");
    return (System.nanoTime() - t0) / 1e6;
  }
}
