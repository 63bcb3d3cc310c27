package dev.ctx4j.bench.jmh;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.bench.Ctx4j_Work;
import dev.ctx4j.bench.Work;
import dev.ctx4j.spi.Ctx4jListener;
import dev.ctx4j.spi.Ctx4jListeners;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
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
 * The cost of observing ctx4j (docs/observability.md) on W2, W7 and W7b: the same operations as
 * {@code ContextBench.W2_ctx4j}, {@code CallBench.W7_ctx4j} and {@code CallBench.W7b_ctx4j} (which measure them with
 * nothing observing), here with a JFR recording running ({@code _ctx4jJfr}: the JDK's {@code default} settings, under
 * which ctx4j's events are on and {@code dev.ctx4j.WrapperCall} keeps its 20 ms threshold) and with a no-op
 * {@link Ctx4jListener} registered ({@code _ctx4jListener}). Comparing {@code W2_ctx4j} with its figure before the
 * listener SPI and JFR events existed gives the off-cost; these give the on-cost.
 *
 * <p>W2 ends its context with a plain {@code cancel()} of a context nothing used, which JFR does not record (the
 * normal end, like {@code close()}); a listener sees that end.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ObserveBench {
  private static final Duration ONE_HOUR = Duration.ofHours(1);

  /** Creates the benchmark state (JMH does it). */
  public ObserveBench() {}

  private Work wrapped;
  /** The argument; a field so the JIT cannot fold the computation. */
  private int x;

  /** Builds the wrapper. */
  @Setup(Level.Trial)
  public void setUp() {
    wrapped = new Ctx4j_Work(new Work.Impl());
    x = 42;
  }

  /** A JFR recording with the JDK's default settings, running for the whole trial. */
  @State(Scope.Benchmark)
  public static class JfrRecording {
    private Recording recording;

    /** Creates the state (JMH does it). */
    public JfrRecording() {}

    /**
     * Starts the recording: in memory, as an always-on production recording would hold its latest data.
     *
     * @throws IOException if the default settings cannot be read
     * @throws ParseException if the default settings cannot be parsed
     */
    @Setup(Level.Trial)
    public void start() throws IOException, ParseException {
      recording = new Recording(Configuration.getConfiguration("default"));
      recording.setName("ctx4j-bench");
      recording.setToDisk(false);
      recording.start();
    }

    /** Stops and discards the recording. */
    @TearDown(Level.Trial)
    public void stop() {
      recording.close();
    }
  }

  /** A listener whose methods are the interface's no-ops, registered for the whole trial. */
  @State(Scope.Benchmark)
  public static class NoOpListener {
    private Ctx4jListeners.Registration registration;

    /** Creates the state (JMH does it). */
    public NoOpListener() {}

    /** Registers the listener. */
    @Setup(Level.Trial)
    public void register() {
      registration = Ctx4jListeners.register(new Ctx4jListener() { });
    }

    /** Unregisters it. */
    @TearDown(Level.Trial)
    public void unregister() {
      registration.close();
    }
  }

  private static CancellableContext w2() {
    CancellableContext c = Context.background().withTimeout(ONE_HOUR);
    c.cancel();
    return c;
  }

  /**
   * W2 with a JFR recording running.
   *
   * @param jfr the recording
   * @return the cancelled child
   */
  @Benchmark
  public CancellableContext W2_ctx4jJfr(JfrRecording jfr) {
    return w2();
  }

  /**
   * W2 with a no-op listener registered.
   *
   * @param listener the listener
   * @return the cancelled child
   */
  @Benchmark
  public CancellableContext W2_ctx4jListener(NoOpListener listener) {
    return w2();
  }

  /**
   * W7 with a JFR recording running.
   *
   * @param jfr the recording
   * @param bh consumes the result
   */
  @Benchmark
  public void W7_ctx4jJfr(JfrRecording jfr, Blackhole bh) {
    bh.consume(wrapped.timed(Context.background(), x));
  }

  /**
   * W7 with a no-op listener registered.
   *
   * @param listener the listener
   * @param bh consumes the result
   */
  @Benchmark
  public void W7_ctx4jListener(NoOpListener listener, Blackhole bh) {
    bh.consume(wrapped.timed(Context.background(), x));
  }

  /**
   * W7b with a JFR recording running.
   *
   * @param jfr the recording
   * @param bh consumes the result
   */
  @Benchmark
  public void W7b_ctx4jJfr(JfrRecording jfr, Blackhole bh) {
    bh.consume(wrapped.cancellable(Context.background(), x));
  }

  /**
   * W7b with a no-op listener registered.
   *
   * @param listener the listener
   * @param bh consumes the result
   */
  @Benchmark
  public void W7b_ctx4jListener(NoOpListener listener, Blackhole bh) {
    bh.consume(wrapped.cancellable(Context.background(), x));
  }
}
