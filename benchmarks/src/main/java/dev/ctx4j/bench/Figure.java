package dev.ctx4j.bench;

import java.util.Locale;

/**
 * One measured figure: a workload's result for one library, as every benchmark reports it. The mains print figures as
 * tab-separated {@code RESULT} lines on standard output ({@link #toLine()}), which {@link RunAll} reads back
 * ({@link #parse(String)}).
 *
 * @param workload the workload id (docs/benchmarks.md), for example {@code W4}
 * @param library the library: {@code ctx4j}, {@code grpc}, {@code r4j}, {@code completableFuture}, {@code stpe},
 *     {@code direct}, {@code javac}, {@code pregen} or {@code plain} (a gRPC call without ctx4j's interceptors)
 * @param value the figure, in {@code unit}; NaN when the run failed (see {@code note})
 * @param unit {@code ns}, {@code us}, {@code ms} or {@code B}
 * @param error the half-width of the confidence interval (JMH) or the spread the main reports, NaN when unknown
 * @param allocBytes bytes allocated per operation ({@code -prof gc}), NaN when not measured
 * @param note a short remark (how it was measured, or why it failed); empty when none
 */
public record Figure(
    String workload, String library, double value, String unit, double error, double allocBytes, String note) {

  /** The prefix of a figure's line on standard output. */
  public static final String PREFIX = "RESULT\t";

  /**
   * A figure without error bar or allocation.
   *
   * @param workload the workload id
   * @param library the library
   * @param value the figure
   * @param unit the unit
   * @param note a short remark, or empty
   * @return the figure
   */
  public static Figure of(String workload, String library, double value, String unit, String note) {
    return new Figure(workload, library, value, unit, Double.NaN, Double.NaN, note);
  }

  /**
   * Returns whether the figure was measured (its value is a finite number).
   *
   * @return true unless the run failed
   */
  public boolean ok() {
    return Double.isFinite(value);
  }

  /**
   * Formats the figure for one tab-separated line of standard output.
   *
   * @return the line, starting with {@link #PREFIX}
   */
  public String toLine() {
    return PREFIX + workload + '\t' + library + '\t' + value + '\t' + unit + '\t' + error + '\t' + allocBytes + '\t'
        + note.replace('\t', ' ').replace('\n', ' ');
  }

  /**
   * Reads a line written by {@link #toLine()}.
   *
   * @param line the line
   * @return the figure
   * @throws IllegalArgumentException if the line is not a figure's line
   */
  public static Figure parse(String line) {
    if (!line.startsWith(PREFIX)) {
      throw new IllegalArgumentException("not a figure: " + line);
    }
    String[] f = line.substring(PREFIX.length()).split("\t", -1);
    if (f.length != 7) {
      throw new IllegalArgumentException("not a figure: " + line);
    }
    return new Figure(f[0], f[1], Double.parseDouble(f[2]), f[3], Double.parseDouble(f[4]),
        Double.parseDouble(f[5]), f[6]);
  }

  /**
   * Formats the value with its unit, with a sensible number of digits: {@code 12.3 ns}, {@code 1,234 ns}.
   *
   * @return the value and unit, or {@code failed} when the run failed
   */
  public String display() {
    return ok() ? number(value) + " " + unit : "failed";
  }

  /**
   * Formats a limit without trailing zeros: {@code 0.25}, {@code 1}, {@code 50}, {@code 1.7}.
   *
   * @param v the number
   * @return the text
   */
  public static String plain(double v) {
    return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /**
   * Formats a number with three significant digits (more for large numbers, with thousands separators).
   *
   * @param v the number
   * @return the text
   */
  public static String number(double v) {
    double a = Math.abs(v);
    if (!Double.isFinite(v)) {
      return "–";
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    if (a >= 1) {
      return String.format(Locale.ROOT, "%.2f", v);
    }
    if (a == 0) {
      return "0";
    }
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
