package dev.ctx4j.bench.report;

import dev.ctx4j.bench.Figure;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One line of the targets: how a ctx4j figure is compared (with a peer's figure in the same run, or with a
 * fixed budget) and the limit it must meet. {@link #TARGETS} lists them all, in the order the results show them.
 *
 * @param workload the workload id
 * @param peer the peer library compared against, or null for a fixed budget
 * @param kind how the comparison is made
 * @param limit the target: a ratio for {@link Kind#RATIO}, a figure in the workload's unit for
 *     {@link Kind#BUDGET} and {@link Kind#OVERHEAD}; ignored otherwise
 */
public record Comparison(String workload, String peer, Kind kind, double limit) {

  /** How a comparison is made. */
  public enum Kind {
    /** ctx4j ÷ peer must be at most the limit. */
    RATIO,
    /** ctx4j ÷ peer is shown, with no target. */
    INFO,
    /** ctx4j's figure itself must be at most the limit. */
    BUDGET,
    /** ctx4j's figure minus the peer's must be at most the limit. */
    OVERHEAD,
    /** ctx4j's run must complete. */
    COMPLETES
  }

  /** The targets, and the other pairs worth a ratio, in display order. */
  public static final List<Comparison> TARGETS = List.of(
      new Comparison("W1", "grpc", Kind.RATIO, 1.0),
      new Comparison("W1b", null, Kind.BUDGET, 50),
      new Comparison("W1b", "grpc", Kind.INFO, 0),
      new Comparison("W2", "grpc", Kind.RATIO, 0.25),
      new Comparison("W2", "stpe", Kind.INFO, 0),
      new Comparison("W2", "ctx4jJfr", Kind.INFO, 0),
      new Comparison("W2", "ctx4jListener", Kind.INFO, 0),
      new Comparison("W3", "grpc", Kind.RATIO, 0.2),
      new Comparison("W3b", "grpc", Kind.INFO, 0),
      new Comparison("W4", "grpc", Kind.RATIO, 0.5),
      new Comparison("W5", "grpc", Kind.RATIO, 1.0),
      new Comparison("W6", "grpc", Kind.RATIO, 1.0),
      new Comparison("W7", "grpc", Kind.RATIO, 0.25),
      new Comparison("W7", "r4j", Kind.RATIO, 0.01),
      new Comparison("W7", "completableFuture", Kind.INFO, 0),
      new Comparison("W7", "ctx4jJfr", Kind.INFO, 0),
      new Comparison("W7", "ctx4jListener", Kind.INFO, 0),
      new Comparison("W7b", "direct", Kind.OVERHEAD, 25),
      new Comparison("W7b", "ctx4jJfr", Kind.INFO, 0),
      new Comparison("W7b", "ctx4jListener", Kind.INFO, 0),
      new Comparison("W8", "grpc", Kind.RATIO, 0.5),
      new Comparison("W9", "javac", Kind.RATIO, 1.5),
      new Comparison("W9b", "pregen", Kind.RATIO, 1.10),
      new Comparison("W9vet", "novet", Kind.RATIO, 1.05),
      new Comparison("W10", null, Kind.BUDGET, 1.7),
      new Comparison("W10", "grpc", Kind.INFO, 0),
      new Comparison("W10b", null, Kind.COMPLETES, 0),
      new Comparison("W10b", "grpc", Kind.INFO, 0),
      new Comparison("W11", "plain", Kind.RATIO, 1.10),
      new Comparison("W11", "plain", Kind.OVERHEAD, 1000),
      new Comparison("W11", "ctx4jOption", Kind.INFO, 0),
      new Comparison("W12", "grpc", Kind.RATIO, 1.0),
      new Comparison("W13p50", "stpe", Kind.INFO, 0),
      new Comparison("W13p99", "stpe", Kind.RATIO, 1.0),
      new Comparison("W13max", "stpe", Kind.RATIO, 1.0),
      new Comparison("W13bNonemax", "stpe", Kind.INFO, 0),
      new Comparison("W13bIdlemax", "stpe", Kind.INFO, 0),
      new Comparison("W13bOnep50", "stpe", Kind.INFO, 0),
      new Comparison("W13bOnemax", "stpe", Kind.INFO, 0),
      new Comparison("W13bManyp50", "stpe", Kind.INFO, 0),
      new Comparison("W13bManymax", "stpe", Kind.INFO, 0));

  /** Display names of the libraries. */
  static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("ctx4j", "ctx4j"),
      Map.entry("grpc", "gRPC"),
      Map.entry("stpe", "ScheduledThreadPoolExecutor"),
      Map.entry("r4j", "Resilience4j"),
      Map.entry("completableFuture", "CF.orTimeout"),
      Map.entry("direct", "direct call"),
      Map.entry("javac", "plain javac"),
      Map.entry("pregen", "javac of sources + wrappers"),
      Map.entry("plain", "plain gRPC call"),
      Map.entry("ctx4jJfr", "ctx4j, JFR recording"),
      Map.entry("ctx4jListener", "ctx4j, no-op listener"),
      Map.entry("ctx4jOption", "ctx4j, context in CallOptions"));

  /**
   * Returns a library's display name.
   *
   * @param library the library id used in benchmark names
   * @return its display name
   */
  public static String name(String library) {
    return NAMES.getOrDefault(library, library);
  }

  /**
   * Describes the target in words: {@code ≤ 0.25× gRPC}, {@code ≤ 50 ns}, {@code ≤ 25 ns over direct call}.
   *
   * @param unit the workload's unit
   * @return the description, or {@code –} when there is no target
   */
  public String targetText(String unit) {
    switch (kind) {
      case RATIO:
        return "≤ " + Figure.plain(limit) + "× " + name(peer);
      case BUDGET:
        return "≤ " + Figure.plain(limit) + " " + unit;
      case OVERHEAD:
        return "≤ " + Figure.plain(limit) + " " + unit + " over " + name(peer);
      case COMPLETES:
        return "completes";
      default:
        return "–";
    }
  }

  /**
   * The outcome of this comparison for the figures of one run.
   *
   * @param comparison the comparison
   * @param ctx4j ctx4j's figure, or null when missing
   * @param peerFigure the peer's figure, or null (always null for budgets)
   * @param value what is compared: the ratio, ctx4j's figure, or the overhead; NaN when not computable
   * @param met whether the target is met; null when there is no target or no value
   */
  public record Outcome(Comparison comparison, Figure ctx4j, Figure peerFigure, double value, Boolean met) {

    /**
     * The value to chart on a ratio axis: the ratio itself, or the share of the budget used.
     *
     * @return the charted value, NaN when there is none
     */
    public double chartValue() {
      Comparison c = comparison;
      switch (c.kind()) {
        case RATIO:
        case INFO:
          return value;
        case BUDGET:
        case OVERHEAD:
          return value / c.limit();
        default:
          return Double.NaN;
      }
    }

    /**
     * The target on the chart's axis: the ratio limit, or 1 for a budget; NaN when there is none.
     *
     * @return the charted target
     */
    public double chartTarget() {
      switch (comparison.kind()) {
        case RATIO:
          return comparison.limit();
        case BUDGET:
        case OVERHEAD:
          return 1.0;
        default:
          return Double.NaN;
      }
    }

    /**
     * A short label for the chart's row: {@code W2 vs gRPC}, {@code W1b of its 50 ns budget}.
     *
     * @return the label
     */
    public String label() {
      Comparison c = comparison;
      String unit = ctx4j == null ? "" : ctx4j.unit();
      switch (c.kind()) {
        case BUDGET:
          return c.workload() + " of its " + Figure.plain(c.limit()) + " " + unit + " budget";
        case OVERHEAD:
          return c.workload() + " overhead of its " + Figure.plain(c.limit()) + " " + unit + " budget";
        default:
          return c.workload() + " vs " + name(c.peer());
      }
    }

    /**
     * The compared value in words: {@code 0.18×}, {@code 38.2 ns}, {@code +12.1 ns}, {@code yes}.
     *
     * @return the text
     */
    public String valueText() {
      if (comparison.kind() == Kind.COMPLETES) {
        return ctx4j != null && ctx4j.ok() ? "yes" : "no";
      }
      if (!Double.isFinite(value)) {
        return "n/a";
      }
      String unit = ctx4j.unit();
      switch (comparison.kind()) {
        case BUDGET:
          return Figure.number(value) + " " + unit;
        case OVERHEAD:
          return (value >= 0 ? "+" : "") + Figure.number(value) + " " + unit;
        default:
          return String.format(Locale.ROOT, "%s×", Figure.number(value));
      }
    }
  }

  /**
   * Evaluates this comparison on one run's figures.
   *
   * @param figures the run's figures by workload, then library
   * @return the outcome
   */
  public Outcome evaluate(Map<String, Map<String, Figure>> figures) {
    Map<String, Figure> w = figures.getOrDefault(workload, Map.of());
    Figure mine = w.get("ctx4j");
    Figure theirs = peer == null ? null : w.get(peer);
    boolean mineOk = mine != null && mine.ok();
    boolean theirsOk = theirs != null && theirs.ok();
    double value;
    switch (kind) {
      case RATIO:
      case INFO:
        value = mineOk && theirsOk && theirs.value() > 0 ? mine.value() / theirs.value() : Double.NaN;
        break;
      case BUDGET:
        value = mineOk ? mine.value() : Double.NaN;
        break;
      case OVERHEAD:
        value = mineOk && theirsOk ? mine.value() - theirs.value() : Double.NaN;
        break;
      default:
        value = Double.NaN;
        break;
    }
    Boolean met;
    if (kind == Kind.COMPLETES) {
      met = mine == null ? null : mineOk;
    } else if (kind == Kind.INFO || !Double.isFinite(value)) {
      met = null;
    } else {
      met = value <= limit;
    }
    return new Outcome(this, mine, theirs, value, met);
  }
}
