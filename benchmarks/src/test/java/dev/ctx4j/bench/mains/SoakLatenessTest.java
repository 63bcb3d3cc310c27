package dev.ctx4j.bench.mains;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak in a tiny size: one small round, so that a broken soak fails the build. Whether the timeouts are on time
 * is the runtime's stress test's business ({@code TimerLatenessStressTest}); here only that every group ran and was
 * counted.
 */
class SoakLatenessTest {

  @Test
  @Timeout(60)
  void oneSmallRoundCountsEveryGroup() throws Exception {
    Map<String, LatenessHistogram> groups = SoakLateness.run(0, 0.02);
    boolean virtual = SoakLateness.virtualThreads() != null;
    assertEquals(virtual ? 5 : 4, groups.size(), groups.keySet().toString()); // the groups and "all"
    long sum = 0;
    for (Map.Entry<String, LatenessHistogram> e : groups.entrySet()) {
      assertTrue(e.getValue().count() > 0, e.getKey() + " has no samples");
      if (!e.getKey().equals("all")) {
        sum += e.getValue().count();
      }
    }
    assertEquals(sum, groups.get("all").count(), "all is the sum of the groups");
  }
}
