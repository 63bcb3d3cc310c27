package dev.ctx4j.bench.mains;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The timer-lateness soak, run on demand ({@code benchmarks/run.sh soak [seconds]}): W13's schedule for ctx4j only,
 * continuously, in rounds, with more threads and more churn, and a mixed workload beside it; at the end (and one line
 * per round) the distribution of lateness ({@code fired − deadline}, the deadline being the clock read just before
 * the creating call plus the timeout): p50, p90, p99, p99.9, max, and how many were more than 100 ms and 1 s late.
 *
 * <p>Each round runs these groups at the same time:
 *
 * <ul>
 *   <li>{@code paced}: W13's schedule with 16 platform threads (one timeout of 1–50 ms every 500 µs each, 32,000 a
 *       second as in W13) and twice W13's churn, 8 KB between two creations, under ordinary cancellable parents;
 *   <li>{@code burst}: 4 platform threads creating 2,000 timeouts of 1–20 ms each as fast as they can at the start of
 *       each round, 4 KB of churn between two;
 *   <li>{@code slowParent}: 4 platform threads creating timeouts of 1–20 ms under a user-written parent whose
 *       {@code afterFunc} takes 1–30 ms ({@link SlowParent}); their lateness includes that registration, so a few
 *       tens of ms is expected there, a wheel turn (about 4.3 s) never;
 *   <li>{@code virtual} (JDK 21 and later): 64 virtual threads, one timeout of 1–50 ms every 2 ms each, 4 KB of
 *       churn. The module is compiled for Java 17, so the virtual-thread factory is found through a method handle;
 *       on 17 the group is skipped (and says so).
 * </ul>
 *
 * <p>The exit status is 1 if any timeout fired early or more than 1 s late, 0 otherwise.
 */
public final class SoakLateness {
  private SoakLateness() {}

  /** One group of creating threads. */
  private record Group(String name, int threads, ThreadFactory factory, int perThread, long minNanos,
      long maxNanos, int churnBytes, long intervalNanos, LatenessRound.Arm arm) {}

  /**
   * Runs the soak for {@code args[0]} seconds (120 by default) and prints the distribution.
   *
   * @param args {@code [seconds]}, or {@code smoke} for a run of about a second with small rounds
   * @throws Exception if a round fails
   */
  public static void main(String[] args) throws Exception {
    boolean smoke = Mains.smoke(args);
    long seconds = smoke ? 1 : args.length > 0 ? Long.parseLong(args[0]) : 120;
    Map<String, LatenessHistogram> result = run(seconds, smoke ? 0.05 : 1.0);
    LatenessHistogram all = result.get("all");
    boolean bad = all.early() > 0 || all.over1s() > 0;
    System.out.println(bad ? "FAIL: " + all.early() + " early, " + all.over1s() + " more than 1 s late"
        : "OK: none early, none more than 1 s late");
    System.out.flush();
    if (bad) {
      System.exit(1);
    }
  }

  /**
   * Runs rounds until {@code seconds} have passed (at least one round), printing a line per round and the final
   * distribution.
   *
   * @param seconds how long to go on starting rounds
   * @param scale the share of each round's full size (1 for the soak; small for a smoke run)
   * @return the lateness of each group, and of all together under {@code "all"}
   * @throws InterruptedException if interrupted
   */
  @SuppressWarnings("ctx4j:lostcancel") // each timeout ends at its own deadline: its lateness is what is measured
  static Map<String, LatenessHistogram> run(long seconds, double scale) throws InterruptedException {
    ThreadFactory virtual = virtualThreads();
    System.out.println("# timer-lateness soak: " + seconds + " s on " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version") + ", " + Runtime.getRuntime().availableProcessors()
        + " cores, max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB"
        + (virtual == null ? "; virtual threads: skipped (JDK 20 or older)" : "; virtual threads: yes"));
    W13Lateness.Ctx4jTimeouts paced = new W13Lateness.Ctx4jTimeouts(16);
    W13Lateness.Ctx4jTimeouts burst = new W13Lateness.Ctx4jTimeouts(4);
    W13Lateness.Ctx4jTimeouts virtualParents = new W13Lateness.Ctx4jTimeouts(64);
    SlowParent slow = new SlowParent(LatenessRound.ms(1), LatenessRound.ms(30));
    List<Group> groups = new ArrayList<>();
    groups.add(new Group("paced", 16, LatenessRound.platformThreads("soak-paced"), size(2_000, scale),
        LatenessRound.ms(1), LatenessRound.ms(50), 8_192, 500_000, paced));
    groups.add(new Group("burst", 4, LatenessRound.platformThreads("soak-burst"), size(2_000, scale),
        LatenessRound.ms(1), LatenessRound.ms(20), 4_096, 0, burst));
    groups.add(new Group("slowParent", 4, LatenessRound.platformThreads("soak-slow"), size(60, scale),
        LatenessRound.ms(1), LatenessRound.ms(20), 4_096, 0,
        (thread, timeout, nanos, onFire) -> slow.withTimeout(timeout).afterFunc(onFire, Mains.DIRECT)));
    if (virtual != null) {
      groups.add(new Group("virtual", 64, virtual, size(500, scale), LatenessRound.ms(1), LatenessRound.ms(50),
          4_096, 2_000_000, virtualParents));
    }
    Map<String, LatenessHistogram> total = new LinkedHashMap<>();
    for (Group g : groups) {
      total.put(g.name(), new LatenessHistogram());
    }
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    try {
      for (int round = 1; round == 1 || System.nanoTime() - end < 0; round++) {
        long[][] lateness = runRound(groups, round);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d (%.0f s):", round,
            (System.nanoTime() - start) / 1e9));
        for (int i = 0; i < groups.size(); i++) {
          LatenessHistogram h = new LatenessHistogram();
          h.recordAll(lateness[i]);
          total.get(groups.get(i).name()).add(h);
          line.append(String.format(Locale.ROOT, "  %s p99 %s max %s%s", groups.get(i).name(),
              LatenessHistogram.ms(h.percentile(99)), LatenessHistogram.ms(h.max()),
              h.over1s() > 0 ? " (" + h.over1s() + " > 1 s!)" : ""));
        }
        System.out.println(line);
      }
    } finally {
      paced.close();
      burst.close();
      virtualParents.close();
    }
    LatenessHistogram all = new LatenessHistogram();
    System.out.println("# lateness (fired - deadline) over " + Math.round((System.nanoTime() - start) / 1e9) + " s");
    for (Map.Entry<String, LatenessHistogram> e : total.entrySet()) {
      all.add(e.getValue());
      System.out.printf(Locale.ROOT, "%-11s %s%n", e.getKey(), e.getValue().summary());
    }
    System.out.printf(Locale.ROOT, "%-11s %s%n", "all", all.summary());
    System.out.println("# slowParent registrations left (children not yet stopped): " + slow.registered());
    total.put("all", all);
    return total;
  }

  private static int size(int full, double scale) {
    return Math.max(1, (int) Math.round(full * scale));
  }

  /** Runs every group at once (each on a coordinating thread of its own) and returns their lateness. */
  private static long[][] runRound(List<Group> groups, int round) throws InterruptedException {
    long[][] out = new long[groups.size()][];
    Throwable[] failure = new Throwable[groups.size()];
    List<Thread> coordinators = new ArrayList<>();
    for (int i = 0; i < groups.size(); i++) {
      int index = i;
      Group g = groups.get(i);
      Thread t = new Thread(() -> {
        try {
          out[index] = LatenessRound.run(g.threads(), g.factory(), g.perThread(), g.minNanos(), g.maxNanos(),
              g.churnBytes(), g.intervalNanos(), round * 31L + index, g.arm());
        } catch (Throwable e) {
          failure[index] = e;
        }
      }, "soak-" + g.name());
      t.setDaemon(true);
      coordinators.add(t);
      t.start();
    }
    for (Thread t : coordinators) {
      t.join();
    }
    for (int i = 0; i < groups.size(); i++) {
      if (failure[i] != null) {
        throw new IllegalStateException("group " + groups.get(i).name() + " failed", failure[i]);
      }
    }
    return out;
  }

  /**
   * {@code Thread.ofVirtual().factory()} when the running JDK has virtual threads (21 and later), through method
   * handles since this module is compiled for Java 17; null otherwise.
   */
  static ThreadFactory virtualThreads() {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> ofVirtual = Class.forName("java.lang.Thread$Builder$OfVirtual");
      Class<?> builder = Class.forName("java.lang.Thread$Builder");
      MethodHandle newBuilder = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtual));
      MethodHandle factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
      ThreadFactory f = (ThreadFactory) factory.invoke(newBuilder.invoke());
      f.newThread(() -> { }); // JDK 19 and 20 have them as a preview only, and refuse here unless it is enabled
      return f;
    } catch (Throwable e) {
      return null;
    }
  }
}
