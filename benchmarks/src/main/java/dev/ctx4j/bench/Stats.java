package dev.ctx4j.bench;

import java.util.Arrays;

/** Small statistics for the mains: median and percentiles of repeated measurements. */
public final class Stats {
  private Stats() {}

  /**
   * Returns the median of {@code values} (the mean of the two middle ones for an even count).
   *
   * @param values the measurements, not empty; not modified
   * @return the median
   */
  public static double median(double[] values) {
    return percentile(values, 50);
  }

  /**
   * Returns the {@code p}-th percentile of {@code values}, interpolating linearly between neighbours.
   *
   * @param values the measurements, not empty; not modified
   * @param p the percentile, 0 to 100
   * @return the percentile
   */
  public static double percentile(double[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double rank = p / 100 * (sorted.length - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
  }
}
