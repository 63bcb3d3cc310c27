package dev.ctx4j;

/**
 * The monotonic clock every deadline is kept on: {@link System#nanoTime()}, optionally shifted by a constant.
 *
 * <p>The shift is a test seam. {@code System.nanoTime()} may start anywhere in the {@code long} range and wrap around,
 * so all deadline arithmetic compares differences, never raw values. To test that on a real clock, a JVM started with
 * {@code -Ddev.ctx4j.test.nanoTimeStart=<value>} makes this clock read {@code <value>} when ctx4j initialises (for
 * example a second before {@code Long.MAX_VALUE}, so it wraps during the test). Without the property the shift is a
 * constant zero, which the JIT folds away: the production path pays nothing for the seam.
 */
final class Nanos {
  private static final long SHIFT = shift();

  private Nanos() {}

  /** The current time on ctx4j's monotonic clock, in nanoseconds. Only differences between readings mean anything. */
  static long now() {
    return System.nanoTime() + SHIFT;
  }

  /** The {@link System#nanoTime()} value at which this clock reads {@code nanos}. */
  static long toNanoTime(long nanos) {
    return nanos - SHIFT;
  }

  private static long shift() {
    String start = System.getProperty("dev.ctx4j.test.nanoTimeStart");
    if (start == null) {
      return 0;
    }
    try {
      return Long.parseLong(start.trim()) - System.nanoTime(); // wraps around on purpose
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "dev.ctx4j.test.nanoTimeStart must be a whole number of nanoseconds, was '" + start + "'", e);
    }
  }
}
