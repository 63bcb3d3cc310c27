package dev.ctx4j.bench.mains;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.bench.Figure;
import dev.ctx4j.bench.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * W6: a platform thread parked waiting for a context to be done; another thread cancels it; microseconds from just
 * before the cancel call until the waiter runs again (median of 1,000 after 200 warm-up rounds). ctx4j's waiter calls
 * {@code ctx.done().await()}; gRPC's waits on a latch that a listener (direct executor) releases. The cancel happens
 * only once the waiter is parked ({@link Thread.State#WAITING}).
 */
public final class W6Wakeup {
  private W6Wakeup() {}

  /**
   * Runs W6 and prints its figures.
   *
   * @param args {@code smoke} for a tiny run, nothing for the full one
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    boolean smoke = Mains.smoke(args);
    Mains.emit(run(smoke ? 5 : 200, smoke ? 20 : 1_000));
  }

  /** One waiting task: arms, blocks until woken, returns {@code System.nanoTime()} on waking. */
  private interface Wait {
    long await(AtomicBoolean armed) throws InterruptedException;
  }

  /**
   * Measures both libraries, alternating rounds.
   *
   * @param warmups unmeasured rounds per library
   * @param rounds measured rounds per library
   * @return the ctx4j and gRPC figures (median µs)
   * @throws InterruptedException if interrupted
   */
  public static List<Figure> run(int warmups, int rounds) throws InterruptedException {
    SynchronousQueue<Wait> tasks = new SynchronousQueue<>();
    SynchronousQueue<Long> woke = new SynchronousQueue<>();
    AtomicBoolean armed = new AtomicBoolean();
    Thread waiter = new Thread(() -> {
      try {
        while (true) {
          Wait w = tasks.take();
          woke.put(w.await(armed));
        }
      } catch (InterruptedException e) {
        // done
      }
    }, "w6-waiter");
    waiter.setDaemon(true);
    waiter.start();
    double[] ctx4j = new double[rounds];
    double[] grpc = new double[rounds];
    try {
      for (int i = 0; i < warmups + rounds; i++) {
        double a = ctx4jRound(waiter, tasks, woke, armed);
        double b = grpcRound(waiter, tasks, woke, armed);
        if (i >= warmups) {
          ctx4j[i - warmups] = a;
          grpc[i - warmups] = b;
        }
      }
    } finally {
      waiter.interrupt();
    }
    List<Figure> out = new ArrayList<>();
    out.add(figure("ctx4j", ctx4j));
    out.add(figure("grpc", grpc));
    return out;
  }

  private static Figure figure(String library, double[] micros) {
    return Figure.of("W6", library, Stats.median(micros), "us",
        "median of " + micros.length + "; p10 " + Figure.number(Stats.percentile(micros, 10)) + ", p90 "
            + Figure.number(Stats.percentile(micros, 90)) + " us");
  }

  private static double ctx4jRound(Thread waiter, SynchronousQueue<Wait> tasks, SynchronousQueue<Long> woke,
      AtomicBoolean armed) throws InterruptedException {
    CancellableContext ctx = Context.background().withCancel();
    return measure(waiter, tasks, woke, armed, a -> {
      a.set(true);
      ctx.done().await();
      return System.nanoTime();
    }, ctx::cancel);
  }

  private static double grpcRound(Thread waiter, SynchronousQueue<Wait> tasks, SynchronousQueue<Long> woke,
      AtomicBoolean armed) throws InterruptedException {
    io.grpc.Context.CancellableContext ctx = io.grpc.Context.ROOT.withCancellation();
    CountDownLatch latch = new CountDownLatch(1);
    ctx.addListener(c -> latch.countDown(), Mains.DIRECT);
    return measure(waiter, tasks, woke, armed, a -> {
      a.set(true);
      latch.await();
      return System.nanoTime();
    }, () -> ctx.cancel(null));
  }

  private static double measure(Thread waiter, SynchronousQueue<Wait> tasks, SynchronousQueue<Long> woke,
      AtomicBoolean armed, Wait wait, Runnable cancel) throws InterruptedException {
    armed.set(false);
    tasks.put(wait);
    while (!armed.get() || waiter.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    long t0 = System.nanoTime();
    cancel.run();
    long t1 = woke.take();
    return (t1 - t0) / 1e3;
  }
}
