package dev.ctx4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.bench.report.ResultsWriter;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Benchmark;

/**
 * Runs every benchmark in smoke mode (a fraction of a second each: the JMH ones in-process, the mains in their own
 * JVMs at tiny sizes) and writes a throw-away RESULTS.md, so that a broken benchmark fails the build.
 */
class SmokeTest {

  @Test
  @Timeout(120)
  void everyBenchmarkRunsAndReports(@TempDir Path out) throws Exception {
    List<Figure> figures = RunAll.run(RunAll.Mode.SMOKE, out, out, null);

    Set<String> reported = new TreeSet<>();
    for (Figure f : figures) {
      reported.add(f.workload() + "_" + f.library());
    }
    // every @Benchmark method ran and was reported under its <id>_<library> name
    Set<String> expected = new TreeSet<>();
    for (Class<?> c : List.of(dev.ctx4j.bench.jmh.ContextBench.class, dev.ctx4j.bench.jmh.CallBench.class,
        dev.ctx4j.bench.jmh.GrpcBench.class, dev.ctx4j.bench.jmh.ObserveBench.class)) {
      for (Method m : c.getDeclaredMethods()) {
        if (m.isAnnotationPresent(Benchmark.class)) {
          expected.add(m.getName());
        }
      }
    }
    // and each main reported ctx4j and gRPC (W9: plain javac and javac with ctx4j's processor; W9b: javac of the
    // sources and the generated wrappers)
    for (String w : List.of("W4", "W6", "W8", "W10", "W10b", "W12")) {
      expected.add(w + "_ctx4j");
      expected.add(w + "_grpc");
    }
    // W13: three figures of lateness for ctx4j and the ScheduledThreadPoolExecutor
    for (String w : List.of("W13p50", "W13p99", "W13max")) {
      expected.add(w + "_ctx4j");
      expected.add(w + "_stpe");
    }
    // W13b: lateness after a burst, time to the last waiter (not in the control) and the firing thread's CPU
    for (String shape : List.of("None", "Idle", "One", "Many")) {
      for (String stat : List.of("p50", "p99", "max", "wake", "cpu")) {
        if (!stat.equals("wake") || shape.equals("One") || shape.equals("Many")) {
          expected.add("W13b" + shape + stat + "_ctx4j");
          expected.add("W13b" + shape + stat + "_stpe");
        }
      }
    }
    expected.add("W9_javac");
    expected.add("W9_ctx4j");
    expected.add("W9b_ctx4j");
    expected.add("W9b_pregen");
    expected.add("W9vet_ctx4j");
    expected.add("W9vet_novet");
    assertEquals(expected, reported);

    List<String> failed = new ArrayList<>();
    for (Figure f : figures) {
      boolean mayFail = f.library().equals("grpc") && f.workload().startsWith("W10"); // gRPC recurses
      if (!f.ok() && !mayFail) {
        failed.add(f.workload() + "_" + f.library() + ": " + f.note());
      }
    }
    assertEquals(List.of(), failed, "benchmarks without a figure");

    String md = Files.readString(out.resolve("RESULTS.md"));
    assertTrue(md.contains("## Ratios against the targets"), md);
    assertTrue(md.contains("| W7 | gRPC |"), md);
    assertTrue(md.contains("| W11 | plain gRPC call |"), md);
    assertTrue(md.contains("| W12 | gRPC |"), md);
    assertTrue(md.contains("| W13max | ScheduledThreadPoolExecutor |"), md);
    assertTrue(md.contains("| W13bManymax | ScheduledThreadPoolExecutor |"), md);
    String svg = Files.readString(out.resolve(ResultsWriter.CHART));
    assertTrue(svg.startsWith("<?xml") && svg.contains("<svg") && svg.trim().endsWith("</svg>"), svg);
  }
}
