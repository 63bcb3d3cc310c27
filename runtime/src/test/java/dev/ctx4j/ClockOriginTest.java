package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * J4: deadline arithmetic holds wherever the monotonic clock starts, including across its wrap-around. Each case runs
 * in a JVM whose ctx4j clock ({@code Nanos}) starts at an extreme value: just before {@code Long.MAX_VALUE} (it wraps
 * to {@code Long.MIN_VALUE} during the run), just after {@code Long.MIN_VALUE}, and just before zero.
 */
class ClockOriginTest extends ContextTestBase {

  @ParameterizedTest(name = "J4 clock starting at {0}")
  @ValueSource(longs = {Long.MAX_VALUE - 500_000_000L, Long.MIN_VALUE + 1, -500_000_000L})
  void deadlinesHoldAcrossExtremeClockOrigins(long start) throws Exception {
    ForkedJvm jvm = ForkedJvm.run(ClockOriginMain.class, 120, "-Ddev.ctx4j.test.nanoTimeStart=" + start);
    assertEquals(0, jvm.exitCode, () -> "forked JVM " + jvm);
    if (start == Long.MAX_VALUE - 500_000_000L) {
      assertTrue(jvm.output.contains("(wrapped)"), () -> "the clock was meant to wrap during the run: " + jvm);
    }
  }
}
