package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.internal.LeakTracking;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The garbage-collection-based leak detector (J12, {@code -Ddev.ctx4j.leakDetection}), run in JVMs of their own
 * since the mode is read once per JVM; and its absence in this JVM, where the property is not set.
 */
class LeakDetectorTest extends ContextTestBase {

  private static int value(String output, String name) {
    Matcher m = Pattern.compile(name + "=(\\d+)").matcher(output);
    assertTrue(m.find(), output);
    return Integer.parseInt(m.group(1));
  }

  private static int count(String output, String needle) {
    int n = 0;
    for (int i = output.indexOf(needle); i >= 0; i = output.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  @DisplayName("J12 strict reports an uncancelled, collected context once, with where it was created")
  void strictReportsAnUncancelledContextWithItsCreationSiteAndNothingElse() throws Exception {
    ForkedJvm run = ForkedJvm.run(LeakDetectorMain.class, 120, "-Ddev.ctx4j.leakDetection=strict");
    assertEquals(0, run.exitCode, run::toString);
    assertTrue(run.output.contains("collected=true"), run::toString);
    assertEquals(1, count(run.output, "ctx4j: LEAK: "), run::toString);
    int line = value(run.output, "leakLine");
    assertTrue(run.output.contains("(at dev.ctx4j.LeakDetectorMain.leak(LeakDetectorMain.java:" + line + "))"),
        run::toString);
    assertTrue(run.output.contains("a withCancel context was garbage-collected without being cancelled"),
        run::toString);
  }

  @Test
  @DisplayName("J12 sample reports about one leaked context in 128")
  void sampleReportsAboutOneInOneHundredTwentyEight() throws Exception {
    ForkedJvm run = ForkedJvm.run(LeakDetectorMain.class, 120, "-Ddev.ctx4j.leakDetection=sample");
    assertEquals(0, run.exitCode, run::toString);
    assertTrue(run.output.contains("collected=true"), run::toString);
    int reports = count(run.output, "ctx4j: LEAK: ");
    // 6400 leaks sampled 1 in 128: about 50; 0 has probability e^-50, and far more means no sampling at all
    assertTrue(reports > 0 && reports < 6400 / 4, run::toString);
  }

  @Test
  @DisplayName("J12 off by default: the hot paths read one false flag")
  void offByDefaultSoTheHooksAreSkipped() {
    assertEquals(Leaks.OFF, Leaks.MODE);
    assertFalse(Leaks.on, "no tracker open and detection off: the hot paths' flag must be false");
    assertEquals(0, LeakTracking.RUNTIME.reportCollectedLeaks());
  }

  @Test
  @DisplayName("J12 the modes parse in any case; an unknown value is rejected")
  void modesParse() {
    assertEquals(-1, Leaks.mode("sometimes"));
    assertEquals(Leaks.STRICT, Leaks.mode("STRICT"));
    assertEquals(Leaks.SAMPLE, Leaks.mode("sample"));
    assertEquals(Leaks.OFF, Leaks.mode(null));
  }
}
