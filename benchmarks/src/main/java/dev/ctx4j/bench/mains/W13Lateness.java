package dev.ctx4j.bench.mains;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.bench.Figure;
import dev.ctx4j.bench.Stats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * W13, timer lateness: 100,000 timeouts of 1–50 ms created by 8 threads with allocation churn; p50, p99 and max of
 * {@code fired − deadline}, for ctx4j and for a {@link ScheduledThreadPoolExecutor} on the same schedule.
 *
 * <ul>
 *   <li>The schedule ({@link LatenessRound}): each of 8 platform threads creates one timeout every 250 µs (32,000 a
 *       second in all, the threads staggered; about 800 live at a time), each drawn uniformly from 1 to 50 ms by a
 *       random sequence seeded per round and thread, and allocates about 4 KB of arrays between two creations
 *       (keeping its last 256 arrays, so that some survive a young collection): about 130 MB/s of garbage, so that
 *       the collector runs during every round. The same seeds give both libraries the same timeouts in the same
 *       order and at the same instants.
 *   <li>The deadline is {@code System.nanoTime()} read just before the creating call, plus the timeout: what the
 *       library is asked for, so a timeout armed late shows up as lateness.
 *   <li>ctx4j: {@code parent.withTimeout(timeout)}, then {@code afterFunc(callback, Runnable::run)}; the callback runs
 *       on the timer thread that expires the context. The parents are ordinary long-lived cancellable contexts: the
 *       even threads share one (its registrations are contended, as a request context shared by workers is), each
 *       odd thread has its own.
 *   <li>The peer: {@code ScheduledThreadPoolExecutor.schedule(callback, timeout)} with a core size of 1 and
 *       {@code setRemoveOnCancelPolicy(true)} (W2's raw timer): one thread fires everything, as ctx4j's one timer
 *       thread does; on a 2-core machine more pool threads would not fire sooner, only compete with the creators.
 *   <li>The callback reads {@code System.nanoTime()}: that is {@code fired}.
 * </ul>
 *
 * <p>A warm-up round of 16,000 timeouts per library, then 4 measured rounds of 25,000 per library, alternating
 * libraries round by round so that both share the machine's drift; a collection between rounds. Figures:
 * {@code W13p50}, {@code W13p99} and {@code W13max}, in ms, over the 100,000 timeouts of each library.
 */
public final class W13Lateness {
  static final int THREADS = 8;
  static final long MIN_NANOS = LatenessRound.ms(1);
  static final long MAX_NANOS = LatenessRound.ms(50);
  static final int CHURN_BYTES = 4096;
  /** Each thread creates one timeout every 250 µs: 32,000 a second in all, about 800 live at a time. */
  static final long INTERVAL_NANOS = 250_000;

  private W13Lateness() {}

  /**
   * Runs W13 and prints its figures.
   *
   * @param args {@code smoke} for a tiny run, nothing for the full one
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    boolean smoke = Mains.smoke(args);
    Mains.emit(run(smoke ? 100 : 2_000, smoke ? 1 : 4, smoke ? 250 : 3_125));
  }

  /**
   * Measures both libraries, alternating rounds.
   *
   * @param warmupPerThread timeouts per thread in the unmeasured warm-up round of each library
   * @param rounds measured rounds per library
   * @param perThread timeouts per thread in each measured round
   * @return the figures: p50, p99 and max lateness for ctx4j and the peer
   * @throws InterruptedException if interrupted
   */
  public static List<Figure> run(int warmupPerThread, int rounds, int perThread) throws InterruptedException {
    int total = rounds * THREADS * perThread;
    double[] ctx4j = new double[total];
    double[] stpe = new double[total];
    try (Ctx4jTimeouts a = new Ctx4jTimeouts(THREADS); StpeTimeouts b = new StpeTimeouts()) {
      LatenessRound.run(THREADS, LatenessRound.platformThreads("w13"), warmupPerThread, MIN_NANOS, MAX_NANOS,
          CHURN_BYTES, INTERVAL_NANOS, 1_000, a);
      LatenessRound.run(THREADS, LatenessRound.platformThreads("w13"), warmupPerThread, MIN_NANOS, MAX_NANOS,
          CHURN_BYTES, INTERVAL_NANOS, 1_000, b);
      for (int r = 0; r < rounds; r++) {
        Mains.settle();
        copy(LatenessRound.run(THREADS, LatenessRound.platformThreads("w13"), perThread, MIN_NANOS, MAX_NANOS,
            CHURN_BYTES, INTERVAL_NANOS, r, a), ctx4j, r);
        Mains.settle();
        copy(LatenessRound.run(THREADS, LatenessRound.platformThreads("w13"), perThread, MIN_NANOS, MAX_NANOS,
            CHURN_BYTES, INTERVAL_NANOS, r, b), stpe, r);
      }
    }
    List<Figure> out = new ArrayList<>();
    out.addAll(figures("ctx4j", ctx4j));
    out.addAll(figures("stpe", stpe));
    return out;
  }

  private static void copy(long[] lateness, double[] into, int round) {
    for (int i = 0; i < lateness.length; i++) {
      into[round * lateness.length + i] = LatenessRound.millis(lateness[i]);
    }
  }

  private static List<Figure> figures(String library, double[] ms) {
    long early = 0;
    long over100 = 0;
    long over1s = 0;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : ms) {
      early += v < 0 ? 1 : 0;
      over100 += v > 100 ? 1 : 0;
      over1s += v > 1000 ? 1 : 0;
      max = Math.max(max, v);
    }
    String size = String.format(Locale.ROOT, "%,d timeouts of 1-50 ms, %d threads, 1 per %d us each, %d B churn each",
        ms.length, THREADS, INTERVAL_NANOS / 1000, CHURN_BYTES);
    String spread = String.format(Locale.ROOT, "p90 %s, p99.9 %s ms; > 100 ms: %d, > 1 s: %d, early: %d",
        Figure.number(Stats.percentile(ms, 90)), Figure.number(Stats.percentile(ms, 99.9)), over100, over1s, early);
    List<Figure> out = new ArrayList<>();
    out.add(Figure.of("W13p50", library, Stats.percentile(ms, 50), "ms", size));
    out.add(Figure.of("W13p99", library, Stats.percentile(ms, 99), "ms", size));
    out.add(Figure.of("W13max", library, max, "ms", spread));
    return out;
  }

  /** ctx4j: a child with a timeout of an ordinary cancellable parent, and a direct afterFunc. */
  static final class Ctx4jTimeouts implements LatenessRound.Arm, AutoCloseable {
    private final CancellableContext shared = Context.background().withCancel();
    private final CancellableContext[] own;

    /** Parents for {@code threads} creating threads: one shared by the even ones, one for each odd one. */
    Ctx4jTimeouts(int threads) {
      own = new CancellableContext[threads];
      for (int t = 1; t < threads; t += 2) {
        own[t] = Context.background().withCancel();
      }
    }

    @Override
    @SuppressWarnings("ctx4j:lostcancel") // the timeout ends at its deadline: its lateness is what is measured
    public void arm(int thread, Duration timeout, long timeoutNanos, Runnable onFire) {
      Context parent = (thread & 1) == 0 ? shared : own[thread];
      parent.withTimeout(timeout).afterFunc(onFire, Mains.DIRECT);
    }

    @Override
    public void close() {
      shared.cancel();
      for (CancellableContext c : own) {
        if (c != null) {
          c.cancel();
        }
      }
    }
  }

  /** The peer: one-thread {@link ScheduledThreadPoolExecutor}. */
  static final class StpeTimeouts implements LatenessRound.Arm, AutoCloseable {
    private final ScheduledThreadPoolExecutor scheduler;

    StpeTimeouts() {
      scheduler = new ScheduledThreadPoolExecutor(1, LatenessRound.platformThreads("w13-stpe"));
      scheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void arm(int thread, Duration timeout, long timeoutNanos, Runnable onFire) {
      scheduler.schedule(onFire, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
      scheduler.shutdownNow();
    }
  }
}
