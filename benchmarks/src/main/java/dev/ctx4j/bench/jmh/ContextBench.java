package dev.ctx4j.bench.jmh;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.Key;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workloads W1, W1b, W2, W3, W3b and W5 of docs/benchmarks.md: deriving, cancelling, polling and value lookup,
 * for ctx4j and gRPC's {@code io.grpc.Context} (plus the raw {@code ScheduledThreadPoolExecutor} timer for W2). Each
 * method is named {@code <id>_<library>}.
 *
 * <p>The annotations carry the settings that give stable figures on the project's 2-core VMs; {@code RunAll} passes
 * the same ones explicitly.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
@SuppressWarnings("ctx4j:containedctx") // JMH state: set up and cancelled by the @Setup/@TearDown methods
public class ContextBench {
  private static final Duration ONE_HOUR = Duration.ofHours(1);
  private static final Runnable NOOP = () -> { };
  private static final Executor DIRECT = Runnable::run;
  private static final io.grpc.Context.CancellationListener GRPC_NOOP = c -> { };

  /** The number of nested values in W5. */
  static final int VALUES = 100;

  /** Creates the benchmark state (JMH does it). */
  public ContextBench() {}

  // live parents (W1b) and polled contexts (W3, W3b)
  private CancellableContext ctx4jLive;
  private CancellableContext ctx4jCancelled;
  private io.grpc.Context.CancellableContext grpcLive;
  private io.grpc.Context.CancellableContext grpcCancelled;

  // W2's scheduler for gRPC deadlines, and the raw timer
  private ScheduledThreadPoolExecutor scheduler;

  // W5: 100 nested values, looked up by the key set at the root
  private Key<Integer> ctx4jRootKey;
  private Context ctx4jValueLeaf;
  private io.grpc.Context.Key<Integer> grpcRootKey;
  private io.grpc.Context grpcValueLeaf;

  /** Builds the long-lived contexts and the scheduler. */
  @Setup(Level.Trial)
  public void setUp() {
    ctx4jLive = Context.background().withCancel();
    ctx4jCancelled = Context.background().withCancel();
    ctx4jCancelled.cancel();
    grpcLive = io.grpc.Context.ROOT.withCancellation();
    grpcLive.addListener(GRPC_NOOP, DIRECT);
    grpcCancelled = io.grpc.Context.ROOT.withCancellation();
    grpcCancelled.cancel(null);

    scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "bench-scheduler");
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);

    Context c = Context.background();
    io.grpc.Context g = io.grpc.Context.ROOT;
    for (int i = 0; i < VALUES; i++) {
      Key<Integer> k = Key.of("k" + i);
      io.grpc.Context.Key<Integer> gk = io.grpc.Context.key("k" + i);
      if (i == 0) {
        ctx4jRootKey = k;
        grpcRootKey = gk;
      }
      c = c.withValue(k, i);
      g = g.withValue(gk, i);
    }
    ctx4jValueLeaf = c;
    grpcValueLeaf = g;
  }

  /** Releases the scheduler and the live contexts. */
  @TearDown(Level.Trial)
  public void tearDown() {
    scheduler.shutdownNow();
    ctx4jLive.cancel();
    grpcLive.cancel(null);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // W1: derive a cancellable child of the root, cancel it.

  /**
   * W1, ctx4j: {@code background().withCancel()}, then {@code cancel()}.
   *
   * @return the cancelled child
   */
  @Benchmark
  public CancellableContext W1_ctx4j() {
    CancellableContext c = Context.background().withCancel();
    c.cancel();
    return c;
  }

  /**
   * W1, gRPC: {@code ROOT.withCancellation()}, then {@code cancel(null)}.
   *
   * @return the cancelled child
   */
  @Benchmark
  public io.grpc.Context.CancellableContext W1_grpc() {
    io.grpc.Context.CancellableContext c = io.grpc.Context.ROOT.withCancellation();
    c.cancel(null);
    return c;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // W1b: the same under a live cancellable parent (registration and removal).

  /**
   * W1b, ctx4j: a child of a live cancellable parent (registered with it eagerly), then cancelled (unregistered).
   *
   * @return the cancelled child
   */
  @Benchmark
  public CancellableContext W1b_ctx4j() {
    CancellableContext c = ctx4jLive.withCancel();
    c.cancel();
    return c;
  }

  /**
   * W1b, gRPC: a child of a live {@code CancellableContext}, then cancelled.
   *
   * <p>gRPC registers a child with its parent only once something listens to the child, and in grpc-api 1.85.1 it
   * never removes that registration when the child is cancelled: {@code notifyAndClearListeners} calls
   * {@code cancellableAncestor.removeListener(parentListener)}, which looks for an entry whose context is the
   * ancestor, while the entry was added with the child as its context. With a listener on each child, the live
   * parent's list grows by one per operation and every cancel scans it, so the figure grows without bound (over
   * 100 µs per operation after a few seconds). This form, without a listener, is the one gRPC can sustain; it does
   * no registration at all.
   *
   * @return the cancelled child
   */
  @Benchmark
  public io.grpc.Context.CancellableContext W1b_grpc() {
    io.grpc.Context.CancellableContext c = grpcLive.withCancellation();
    c.cancel(null);
    return c;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // W2: derive a child with a 1-hour timeout, cancel it (timer armed and disarmed).

  /**
   * W2, ctx4j: {@code background().withTimeout(1 h)}, then {@code cancel()}.
   *
   * @return the cancelled child
   */
  @Benchmark
  public CancellableContext W2_ctx4j() {
    CancellableContext c = Context.background().withTimeout(ONE_HOUR);
    c.cancel();
    return c;
  }

  /**
   * W2, gRPC: {@code ROOT.withDeadlineAfter(1, HOURS, scheduler)}, then {@code cancel(null)}.
   *
   * @return the cancelled child
   */
  @Benchmark
  public io.grpc.Context.CancellableContext W2_grpc() {
    io.grpc.Context.CancellableContext c = io.grpc.Context.ROOT.withDeadlineAfter(1, TimeUnit.HOURS, scheduler);
    c.cancel(null);
    return c;
  }

  /**
   * W2, the raw timer: {@code ScheduledThreadPoolExecutor.schedule(1 h)} then {@code cancel(false)}, with
   * {@code setRemoveOnCancelPolicy(true)}.
   *
   * @return the cancelled future
   */
  @Benchmark
  public Future<?> W2_stpe() {
    Future<?> f = scheduler.schedule(NOOP, 1, TimeUnit.HOURS);
    f.cancel(false);
    return f;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // W3, W3b: ask whether a context is done.

  /**
   * W3, ctx4j: {@code done().isDone()} on a live cancellable context.
   *
   * @return false
   */
  @Benchmark
  public boolean W3_ctx4j() {
    return ctx4jLive.done().isDone();
  }

  /**
   * W3, gRPC: {@code isCancelled()} on a live cancellable context.
   *
   * @return false
   */
  @Benchmark
  public boolean W3_grpc() {
    return grpcLive.isCancelled();
  }

  /**
   * W3b, ctx4j: {@code done().isDone()} on a cancelled context.
   *
   * @return true
   */
  @Benchmark
  public boolean W3b_ctx4j() {
    return ctx4jCancelled.done().isDone();
  }

  /**
   * W3b, gRPC: {@code isCancelled()} on a cancelled context.
   *
   * @return true
   */
  @Benchmark
  public boolean W3b_grpc() {
    return grpcCancelled.isCancelled();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // W5: 100 nested values; look up the key set at the root.

  /**
   * W5, ctx4j: {@code value(key)} from the leaf of 100 nested {@code withValue}s, for the first key.
   *
   * @return the value (0)
   */
  @Benchmark
  public Integer W5_ctx4j() {
    return ctx4jValueLeaf.value(ctx4jRootKey);
  }

  /**
   * W5, gRPC: {@code key.get(leaf)} on 100 nested {@code withValue}s, for the first key.
   *
   * @return the value (0)
   */
  @Benchmark
  public Integer W5_grpc() {
    return grpcRootKey.get(grpcValueLeaf);
  }
}
