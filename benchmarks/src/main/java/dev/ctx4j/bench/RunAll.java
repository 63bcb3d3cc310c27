package dev.ctx4j.bench;

import dev.ctx4j.bench.mains.W10Chain;
import dev.ctx4j.bench.mains.W12Hops;
import dev.ctx4j.bench.mains.SoakLateness;
import dev.ctx4j.bench.mains.W13Lateness;
import dev.ctx4j.bench.mains.W13bBurst;
import dev.ctx4j.bench.mains.W4Fanout;
import dev.ctx4j.bench.mains.W6Wakeup;
import dev.ctx4j.bench.mains.W8Retained;
import dev.ctx4j.bench.mains.W9Javac;
import dev.ctx4j.bench.report.ResultsWriter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs every benchmark (the JMH workloads in one run, then each main in its own JVM, then W9's javac timings) and
 * writes {@code RESULTS.md} and {@code ratios.svg}.
 *
 * <pre>
 * java -cp ... dev.ctx4j.bench.RunAll MODE DIR [WORKLOADS [SOAK-SECONDS]]
 * </pre>
 *
 * <ul>
 *   <li>{@code full}: the settings of docs/benchmarks.md (1 fork, warmup 3×1 s, measurement 5×1 s,
 *       {@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}, {@code -prof gc}; the mains at full size); writes into {@code DIR}
 *       (the {@code benchmarks} directory).
 *   <li>{@code quick}: shorter JMH iterations (warmup 2×0.5 s, measurement 3×0.5 s) and full-size mains; writes into
 *       {@code DIR/target/quick} so the committed results stay untouched. For a sanity check.
 *   <li>{@code smoke}: every benchmark for a fraction of a second (JMH in-process, mains at tiny sizes); writes into
 *       {@code DIR/target/smoke}. What the test suite runs (through {@link #run}, into a temporary directory).
 * </ul>
 *
 * <p>{@code render} measures nothing: it rebuilds {@code RESULTS.md} and {@code ratios.svg} in {@code DIR} from the
 * {@code results.tsv} the last run saved there, with the current {@code ANALYSIS.md}.
 *
 * <p>{@code soak} writes nothing: it runs the timer-lateness soak ({@link SoakLateness}) for {@code SOAK-SECONDS}
 * (120 by default) in its own JVM, prints the distribution, and exits with the soak's status (1 if any timeout fired
 * early or more than 1 s late).
 *
 * <p>{@code WORKLOADS} optionally restricts the run to workload ids matching a regular expression, such as
 * {@code W2|W7b}.
 */
public final class RunAll {
  /** The JVM flags of every measured JVM (heap fixed and touched up front: page faults made early runs bimodal). */
  static final List<String> MEASURED_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

  /** How much to run. */
  public enum Mode {
    /** The settings of docs/benchmarks.md. */
    FULL,
    /** Short JMH iterations, full-size mains. */
    QUICK,
    /** A fraction of a second per benchmark. */
    SMOKE
  }

  /** The plain mains, in the order they run. */
  static final List<Class<?>> MAINS = List.of(
      W4Fanout.class, W6Wakeup.class, W8Retained.class, W10Chain.class, W12Hops.class, W13Lateness.class,
      W13bBurst.class, W9Javac.class);

  /** The workload ids each main reports, for filtering. */
  static final Map<Class<?>, String> MAIN_WORKLOADS = Map.of(
      W4Fanout.class, "W4", W6Wakeup.class, "W6", W8Retained.class, "W8", W10Chain.class, "W10 W10b",
      W12Hops.class, "W12", W9Javac.class, "W9 W9b W9vet", W13Lateness.class, "W13 W13p50 W13p99 W13max", W13bBurst.class,
      "W13b W13bNonep50 W13bNonep99 W13bNonemax W13bNonecpu W13bIdlep50 W13bIdlep99 W13bIdlemax W13bIdlecpu "
          + "W13bOnep50 W13bOnep99 W13bOnemax W13bOnewake W13bOnecpu "
          + "W13bManyp50 W13bManyp99 W13bManymax W13bManywake W13bManycpu");

  /** The workload ids the JMH classes measure, for filtering. */
  static final String JMH_WORKLOADS = "W1 W1b W2 W3 W3b W5 W7 W7b W11";

  /**
   * The JMH workloads that warm up longer ({@code GrpcBench}'s): a gRPC call runs through a lot of code, and on these
   * 2-core VMs, busy with other builds, C2 took 5 to 10 s to compile it (3 s left the figures several times too high).
   */
  static final String LONG_WARMUP_WORKLOADS = "W11";

  /** How many one-second warm-up iterations the {@link #LONG_WARMUP_WORKLOADS} get, in the full and quick modes. */
  static final int LONG_WARMUP_ITERATIONS = 10;

  /**
   * In the full mode, how many rounds the {@link #LONG_WARMUP_WORKLOADS} run: each round gives each benchmark one fork,
   * so the forks of a ctx4j figure and of its peer alternate, and a drift of the machine's state (these VMs move a
   * gRPC call's figure by 20 % within a minute) reaches both alike. The figure pools the iterations of all rounds.
   */
  static final int ALTERNATING_ROUNDS = 3;

  private RunAll() {}

  /**
   * Runs the benchmarks and writes the results.
   *
   * @param args {@code MODE DIR [WORKLOADS]}, see the class comment
   * @throws Exception if a benchmark cannot be run
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: RunAll full|quick|smoke|render|soak DIR [WORKLOADS-REGEX [SOAK-SECONDS]]");
      System.exit(2);
    }
    if (args[0].equals("render")) {
      render(Path.of(args[1]));
      return;
    }
    if (args[0].equals("soak")) {
      System.exit(soak(args.length > 3 && !args[3].isBlank() ? Long.parseLong(args[3]) : 120));
    }
    Mode mode = Mode.valueOf(args[0].toUpperCase(Locale.ROOT));
    Path dir = Path.of(args[1]);
    Path out = mode == Mode.FULL ? dir : dir.resolve("target").resolve(mode.name().toLowerCase(Locale.ROOT));
    String workloads = args.length > 2 && !args[2].isBlank() && !args[2].equals(".*") ? args[2] : null;
    List<Figure> figures = run(mode, dir, out, workloads);
    long failed = figures.stream().filter(f -> !f.ok() && f.library().equals("ctx4j")).count();
    System.out.println("wrote " + out.resolve("RESULTS.md") + " and " + out.resolve(ResultsWriter.CHART)
        + (failed > 0 ? " (" + failed + " ctx4j figures failed)" : ""));
  }

  /**
   * Rebuilds {@code RESULTS.md} and the chart in {@code dir} from the figures the last run saved there
   * ({@value ResultsWriter#FIGURES}), with the current {@code ANALYSIS.md}: for a change of the analysis or the report,
   * without measuring again.
   *
   * @param dir the {@code benchmarks} directory
   * @throws IOException if a file cannot be read or written
   */
  public static void render(Path dir) throws IOException {
    List<String> header = new ArrayList<>();
    List<Figure> figures = new ArrayList<>();
    ResultsWriter.read(dir.resolve(ResultsWriter.FIGURES), header, figures);
    Path analysisFile = dir.resolve("ANALYSIS.md");
    ResultsWriter.write(dir, header, figures, Files.exists(analysisFile) ? Files.readString(analysisFile) : null);
    System.out.println("rendered " + dir.resolve("RESULTS.md") + " and " + dir.resolve(ResultsWriter.CHART)
        + " from " + dir.resolve(ResultsWriter.FIGURES));
  }

  /**
   * Runs the benchmarks and writes {@code RESULTS.md} and the chart into {@code out}.
   *
   * @param mode how much to run
   * @param benchDir the {@code benchmarks} directory, where {@code ANALYSIS.md} is read from
   * @param out where to write the results
   * @param workloads a regular expression on workload ids, or null for all
   * @return every figure of the run
   * @throws Exception if a benchmark cannot be run
   */
  public static List<Figure> run(Mode mode, Path benchDir, Path out, String workloads) throws Exception {
    Pattern filter = workloads == null ? null : Pattern.compile(workloads);
    long start = System.nanoTime();
    String load0 = loadAverage();
    ZonedDateTime started = ZonedDateTime.now();
    List<Figure> figures = new ArrayList<>();
    if (filter == null || matchesAny(filter, JMH_WORKLOADS)) {
      figures.addAll(jmh(mode, filter));
    }
    for (Class<?> main : MAINS) {
      if (filter == null || matchesAny(filter, MAIN_WORKLOADS.get(main))) {
        figures.addAll(runMain(mode, main));
      }
    }
    String load1 = loadAverage();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Path analysisFile = benchDir.resolve("ANALYSIS.md");
    String analysis = mode == Mode.SMOKE || !Files.exists(analysisFile) ? null : Files.readString(analysisFile);
    ResultsWriter.write(out, header(mode, started, took, load0, load1, workloads), figures, analysis);
    return figures;
  }

  private static boolean matchesAny(Pattern filter, String ids) {
    for (String id : ids.split(" ")) {
      if (filter.matcher(id).matches()) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // JMH

  static List<Figure> jmh(Mode mode, Pattern filter) throws RunnerException {
    String methods = (filter == null ? "[A-Za-z0-9]+" : "(" + filter.pattern() + ")") + "_[A-Za-z0-9]+$";
    List<Figure> figures = new ArrayList<>();
    if (filter == null || matchesAny(filter, JMH_WORKLOADS.replace(" " + LONG_WARMUP_WORKLOADS, ""))) {
      figures.addAll(jmh(mode, "dev\\.ctx4j\\.bench\\.jmh\\.(?!GrpcBench\\.)[A-Za-z0-9]+\\." + methods, false));
    }
    if (filter == null || matchesAny(filter, LONG_WARMUP_WORKLOADS)) {
      figures.addAll(jmh(mode, "dev\\.ctx4j\\.bench\\.jmh\\.GrpcBench\\." + methods, true));
    }
    return figures;
  }

  /**
   * Runs the JMH benchmarks whose name matches {@code include}.
   *
   * @param longWarmup whether to warm up for {@link #LONG_WARMUP_ITERATIONS} iterations of a second
   */
  private static List<Figure> jmh(Mode mode, String include, boolean longWarmup) throws RunnerException {
    ChainedOptionsBuilder o = new OptionsBuilder()
        .include(include)
        .mode(org.openjdk.jmh.annotations.Mode.AverageTime)
        .timeUnit(TimeUnit.NANOSECONDS)
        .threads(1);
    switch (mode) {
      case FULL:
        o.forks(1).warmupIterations(longWarmup ? LONG_WARMUP_ITERATIONS : 3).warmupTime(TimeValue.seconds(1))
            .measurementIterations(5).measurementTime(TimeValue.seconds(1))
            .jvmArgs(MEASURED_JVM.toArray(new String[0]))
            .addProfiler(GCProfiler.class);
        break;
      case QUICK:
        if (longWarmup) {
          o.warmupIterations(LONG_WARMUP_ITERATIONS).warmupTime(TimeValue.seconds(1));
        } else {
          o.warmupIterations(2).warmupTime(TimeValue.milliseconds(500));
        }
        o.forks(1).measurementIterations(3).measurementTime(TimeValue.milliseconds(500))
            .jvmArgs(MEASURED_JVM.toArray(new String[0]))
            .addProfiler(GCProfiler.class);
        break;
      default:
        System.setProperty("jmh.ignoreLock", "true");
        o.forks(0).warmupIterations(0)
            .measurementIterations(1).measurementTime(TimeValue.milliseconds(30))
            .verbosity(VerboseMode.SILENT);
        break;
    }
    int rounds = mode == Mode.FULL && longWarmup ? ALTERNATING_ROUNDS : 1;
    Map<String, List<RunResult>> byBenchmark = new TreeMap<>();
    for (int round = 0; round < rounds; round++) {
      for (RunResult r : new Runner(o.build()).run()) {
        byBenchmark.computeIfAbsent(r.getParams().getBenchmark(), k -> new ArrayList<>()).add(r);
      }
    }
    List<Figure> figures = new ArrayList<>();
    for (Map.Entry<String, List<RunResult>> e : byBenchmark.entrySet()) {
      String name = e.getKey();
      String method = name.substring(name.lastIndexOf('.') + 1);
      int cut = method.indexOf('_');
      figures.add(pooled(method.substring(0, cut), method.substring(cut + 1), e.getValue()));
    }
    return figures;
  }

  /**
   * The figure of one benchmark over its runs: the mean of all their measured iterations, with JMH's own error (the
   * half-width of the 99.9 % confidence interval), and the mean of their bytes per operation.
   */
  private static Figure pooled(String workload, String library, List<RunResult> runs) {
    if (runs.size() == 1) {
      Result<?> primary = runs.get(0).getPrimaryResult();
      return new Figure(workload, library, primary.getScore(), "ns", primary.getScoreError(), allocOf(runs.get(0)), "");
    }
    ListStatistics iterations = new ListStatistics();
    double alloc = 0;
    for (RunResult r : runs) {
      for (BenchmarkResult b : r.getBenchmarkResults()) {
        for (IterationResult i : b.getIterationResults()) {
          iterations.addValue(i.getPrimaryResult().getScore());
        }
      }
      alloc += allocOf(r) / runs.size();
    }
    return new Figure(workload, library, iterations.getMean(), "ns", iterations.getMeanErrorAt(0.999), alloc,
        runs.size() + " alternating forks");
  }

  private static double allocOf(RunResult r) {
    for (String key : r.getSecondaryResults().keySet()) {
      if (key.endsWith("gc.alloc.rate.norm")) {
        return r.getSecondaryResults().get(key).getScore();
      }
    }
    return Double.NaN;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Mains, each in its own JVM

  static List<Figure> runMain(Mode mode, Class<?> main) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (mode == Mode.SMOKE) {
      cmd.add("-Xmx512m");
    } else {
      cmd.addAll(MEASURED_JVM);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main.getName());
    if (mode == Mode.SMOKE) {
      cmd.add("smoke");
    }
    System.out.println("# " + main.getSimpleName() + (mode == Mode.SMOKE ? " (smoke)" : ""));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<Figure> figures = new ArrayList<>();
    StringBuilder output = new StringBuilder();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.startsWith(Figure.PREFIX)) {
          figures.add(Figure.parse(line));
        } else {
          System.out.println(line);
          output.append(line).append('\n');
        }
      }
    }
    int exit = p.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(main.getSimpleName() + " exited with " + exit + ":\n" + output);
    }
    return figures;
  }

  /**
   * Runs the timer-lateness soak in its own JVM (the measured JVMs' flags), its output going straight to this one's.
   *
   * @param seconds how long the soak goes on starting rounds
   * @return the soak's exit status: 0 when no timeout fired early or more than 1 s late
   * @throws IOException if the JVM cannot be started
   * @throws InterruptedException if interrupted
   */
  static int soak(long seconds) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(MEASURED_JVM);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SoakLateness.class.getName());
    cmd.add(Long.toString(seconds));
    return new ProcessBuilder(cmd).inheritIO().start().waitFor();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The run's description

  static List<String> header(Mode mode, ZonedDateTime started, Duration took, String load0, String load1,
      String workloads) {
    List<String> h = new ArrayList<>();
    h.add(String.format(Locale.ROOT, "Run of %s in `%s` mode%s, taking %d min %02d s.",
        started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")), mode.name().toLowerCase(Locale.ROOT),
        workloads == null ? "" : " (workloads `" + workloads + "` only)", took.toMinutes(), took.toSecondsPart()));
    h.add("");
    h.add("## Machine and JVM");
    h.add("");
    h.add("- CPU: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores available");
    h.add("- memory: " + memTotal());
    h.add("- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
        + System.getProperty("os.arch") + ")");
    h.add("- JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
        + System.getProperty("java.vm.vendor") + ")");
    h.add("- load average (1, 5, 15 min) at start: " + load0 + "; at end: " + load1
        + " (other work on the machine skews absolute figures; ratios from one run are what compare)");
    switch (mode) {
      case FULL:
        h.add("- JMH " + jmhVersion() + ": AverageTime, 1 fork, warmup 3×1 s (W11: " + ALTERNATING_ROUNDS
            + " forks each, alternating plain and ctx4j, warmup " + LONG_WARMUP_ITERATIONS
            + "×1 s, iterations pooled), measurement 5×1 s, fork flags `"
            + String.join(" ", MEASURED_JVM) + "`, `-prof gc`; every library's benchmarks in the same run");
        h.add("- mains (W4, W6, W8, W10, W10b, W12, W13, W13b) and W9/W9b/W9vet: each in its own JVM with the same flags, "
            + "libraries alternating round by round");
        break;
      case QUICK:
        h.add("- JMH " + jmhVersion() + ": AverageTime, 1 fork, warmup 2×0.5 s (W11: " + LONG_WARMUP_ITERATIONS
            + "×1 s), measurement 3×0.5 s (quick mode: "
            + "a sanity check, not the published figures), fork flags `" + String.join(" ", MEASURED_JVM)
            + "`, `-prof gc`");
        break;
      default:
        h.add("- smoke mode: every benchmark ran for a fraction of a second; these figures mean nothing");
        break;
    }
    return h;
  }

  private static String jmhVersion() {
    Package p = Runner.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return v == null ? "1.37" : v;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", l);
    }
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return System.getProperty("os.arch");
  }

  private static String memTotal() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format(Locale.ROOT, "%.1f GiB", kb / 1024.0 / 1024.0);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "unknown";
  }
}
