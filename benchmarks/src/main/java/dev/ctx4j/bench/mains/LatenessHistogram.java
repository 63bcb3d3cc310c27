package dev.ctx4j.bench.mains;

import java.util.Locale;

/**
 * A fixed-size histogram of lateness for the soak, so that a long run keeps no per-sample memory: 10 µs buckets up to
 * 100 ms, 1 ms buckets up to 100 s, then one overflow bucket. Percentiles are the upper edge of their bucket (so never
 * below the true value); the maximum and the counts above 100 ms and 1 s are exact. Negative lateness (a timeout that
 * fired before its deadline) is counted apart. Not thread-safe: one thread records.
 */
final class LatenessHistogram {
  private static final long FINE_NANOS = 10_000;
  private static final int FINE_BUCKETS = 10_000; // up to 100 ms
  private static final long COARSE_NANOS = 1_000_000;
  private static final int COARSE_BUCKETS = 99_900; // 100 ms up to 100 s
  private static final long FINE_LIMIT = FINE_NANOS * FINE_BUCKETS;

  private final long[] counts = new long[FINE_BUCKETS + COARSE_BUCKETS + 1];
  private long count;
  private long early;
  private long over100ms;
  private long over1s;
  private long max = Long.MIN_VALUE;

  /** Records one lateness, in nanoseconds. */
  void record(long nanos) {
    count++;
    max = Math.max(max, nanos);
    if (nanos < 0) {
      early++;
      return;
    }
    if (nanos > 100_000_000L) {
      over100ms++;
    }
    if (nanos > 1_000_000_000L) {
      over1s++;
    }
    counts[bucket(nanos)]++;
  }

  /** Records every lateness of {@code nanos}. */
  void recordAll(long[] nanos) {
    for (long n : nanos) {
      record(n);
    }
  }

  /** Adds {@code other}'s samples to this one's. */
  void add(LatenessHistogram other) {
    for (int i = 0; i < counts.length; i++) {
      counts[i] += other.counts[i];
    }
    count += other.count;
    early += other.early;
    over100ms += other.over100ms;
    over1s += other.over1s;
    max = Math.max(max, other.max);
  }

  private static int bucket(long nanos) {
    if (nanos < FINE_LIMIT) {
      return (int) (nanos / FINE_NANOS);
    }
    long coarse = (nanos - FINE_LIMIT) / COARSE_NANOS;
    return coarse < COARSE_BUCKETS ? FINE_BUCKETS + (int) coarse : FINE_BUCKETS + COARSE_BUCKETS;
  }

  private static long upperEdge(int bucket) {
    if (bucket < FINE_BUCKETS) {
      return (bucket + 1) * FINE_NANOS;
    }
    if (bucket < FINE_BUCKETS + COARSE_BUCKETS) {
      return FINE_LIMIT + (bucket - FINE_BUCKETS + 1) * COARSE_NANOS;
    }
    return Long.MAX_VALUE;
  }

  /** The {@code p}-th percentile in nanoseconds (the upper edge of its bucket, at most the maximum), 0 if empty. */
  long percentile(double p) {
    long rank = (long) Math.ceil(p / 100 * count);
    long seen = early;
    if (rank <= seen) {
      return 0;
    }
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(upperEdge(i), max);
      }
    }
    return max;
  }

  long count() {
    return count;
  }

  long early() {
    return early;
  }

  long over1s() {
    return over1s;
  }

  long max() {
    return max;
  }

  /** One line: count, p50, p90, p99, p99.9, max, the counts above 100 ms and 1 s, and the early ones. */
  String summary() {
    if (count == 0) {
      return "no samples";
    }
    return String.format(Locale.ROOT,
        "n %,d  p50 %s  p90 %s  p99 %s  p99.9 %s  max %s  > 100 ms: %,d  > 1 s: %,d  early: %,d",
        count, ms(percentile(50)), ms(percentile(90)), ms(percentile(99)), ms(percentile(99.9)), ms(max),
        over100ms, over1s, early);
  }

  /** Nanoseconds as milliseconds with a unit. */
  static String ms(long nanos) {
    return dev.ctx4j.bench.Figure.number(nanos / 1e6) + " ms";
  }
}
