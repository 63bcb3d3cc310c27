package dev.ctx4j.bench.jmh;

import dev.ctx4j.Context;
import dev.ctx4j.bench.Ctx4j_Work;
import dev.ctx4j.bench.Work;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Workloads W7 and W7b of docs/benchmarks.md: a trivial method called through ctx4j's generated
 * {@code @Timeout(1 s)} and {@code @Cancellable} wrappers, against gRPC's deadline-and-run, Resilience4j's
 * {@code TimeLimiter}, {@code CompletableFuture.orTimeout} and the direct call. Each method is named
 * {@code <id>_<library>}; each result goes to a {@link Blackhole}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class CallBench {
  /** Creates the benchmark state (JMH does it). */
  public CallBench() {}

  private Work direct;
  private Work wrapped;
  /** The argument; a field so the JIT cannot fold the computation. */
  private int x;

  private ScheduledThreadPoolExecutor scheduler;
  private ExecutorService pool;
  private TimeLimiter timeLimiter;

  /** Builds the wrapper, gRPC's scheduler, Resilience4j's limiter and its pool. */
  @Setup(Level.Trial)
  public void setUp() {
    direct = new Work.Impl();
    wrapped = new Ctx4j_Work(direct);
    x = 42;
    scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "bench-scheduler");
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    pool = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "bench-r4j");
      t.setDaemon(true);
      return t;
    });
    timeLimiter = TimeLimiter.of(TimeLimiterConfig.custom()
        .timeoutDuration(Duration.ofSeconds(1))
        .cancelRunningFuture(true)
        .build());
  }

  /** Stops the executors. */
  @TearDown(Level.Trial)
  public void tearDown() {
    scheduler.shutdownNow();
    pool.shutdownNow();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // W7: a trivial method with a 1 s time limit.

  /**
   * W7, ctx4j: the generated {@code @Timeout(1 s)} wrapper.
   *
   * @param bh consumes the result
   */
  @Benchmark
  public void W7_ctx4j(Blackhole bh) {
    bh.consume(wrapped.timed(Context.background(), x));
  }

  /**
   * W7, gRPC: {@code current().withDeadlineAfter(1 s, scheduler)}, {@code run} the method in it, {@code cancel}.
   *
   * @param bh consumes the result
   */
  @Benchmark
  public void W7_grpc(Blackhole bh) {
    io.grpc.Context.CancellableContext c =
        io.grpc.Context.current().withDeadlineAfter(1, TimeUnit.SECONDS, scheduler);
    try {
      int arg = x;
      c.run(() -> bh.consume(Work.compute(arg)));
    } finally {
      c.cancel(null);
    }
  }

  /**
   * W7, Resilience4j: {@code TimeLimiter.executeFutureSupplier} with the method submitted to a one-thread pool.
   *
   * @param bh consumes the result
   * @throws Exception if the limiter fails (it does not)
   */
  @Benchmark
  public void W7_r4j(Blackhole bh) throws Exception {
    int arg = x;
    bh.consume(timeLimiter.executeFutureSupplier(() -> pool.submit(() -> Work.compute(arg))));
  }

  /**
   * W7, {@code CompletableFuture}: {@code supplyAsync(method).orTimeout(1 s).join()}.
   *
   * @param bh consumes the result
   */
  @Benchmark
  public void W7_completableFuture(Blackhole bh) {
    int arg = x;
    bh.consume(CompletableFuture.supplyAsync(() -> Work.compute(arg)).orTimeout(1, TimeUnit.SECONDS).join());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // W7b: a trivial method under @Cancellable, against the direct call.

  /**
   * W7b, the baseline: the method called directly.
   *
   * @param bh consumes the result
   */
  @Benchmark
  public void W7b_direct(Blackhole bh) {
    bh.consume(direct.cancellable(Context.background(), x));
  }

  /**
   * W7b, ctx4j: the generated {@code @Cancellable} wrapper.
   *
   * @param bh consumes the result
   */
  @Benchmark
  public void W7b_ctx4j(Blackhole bh) {
    bh.consume(wrapped.cancellable(Context.background(), x));
  }
}
