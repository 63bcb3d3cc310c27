package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** J5 under memory pressure (issue 8, bug 3): the timer thread survives an OutOfMemoryError and goes on firing. */
class TimerSurvivesOomTest extends ContextTestBase {

  @Test
  @DisplayName("J5 after a burst of timeouts expires on a full heap, later deadlines still fire")
  void timerSurvivesABurstOnAFullHeap() throws Exception {
    ForkedJvm jvm = ForkedJvm.run(TimerOomMain.class, 120, "-Xmx96m", "-XX:+UseSerialGC");
    assertEquals(0, jvm.exitCode, () -> "forked JVM " + jvm);
  }
}
