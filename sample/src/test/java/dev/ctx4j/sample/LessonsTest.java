package dev.ctx4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.junit.Ctx4jTest;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Go's three classic lessons, run as tests on their printed output. {@code @Ctx4jTest} fails a lesson that leaves a
 * context it made uncancelled (or a scope open) on the test's thread.
 */
@Ctx4jTest
@org.junit.jupiter.api.Timeout(30)
class LessonsTest {

  @Test
  @DisplayName("manual cancel: the worker prints working... until main cancels, then reports context canceled")
  void manualCancelWorkerStopsWhenMainCancels() throws Exception {
    Output output = new Output();

    ManualCancelLesson.run(output.stream());

    List<String> lines = output.lines();
    System.out.println(output.text());
    long working = lines.stream().filter(line -> line.equals("working...")).count();
    // at 0, 200, 400 and 600 ms on an idle machine; fewer on a busy one, and one more at most if main is
    // descheduled between its line and cancel()
    assertTrue(working >= 1 && working <= 5, "working... lines: " + working + " in " + lines);
    assertTrue(lines.contains("main: 700 ms passed, calling cancel()"), lines::toString);
    assertEquals("worker: received the cancel signal: context canceled", lines.get(lines.size() - 1));
    assertEquals(working + 2, lines.size(), lines::toString);
  }

  @Test
  @DisplayName("timeout: a 3 s job under a 1 s timeout reports the deadline exceeded after about 1 s")
  void timeoutReportsDeadlineExceededAfterOneSecond() throws Exception {
    Output output = new Output();
    long start = System.nanoTime();

    TimeoutLesson.run(output.stream());

    Duration took = Duration.ofNanos(System.nanoTime() - start);
    List<String> lines = output.lines();
    System.out.println(output.text());
    assertEquals(2, lines.size(), lines::toString);
    assertEquals("worker: starting a job that takes 3 s, under a 1 s timeout", lines.get(0));
    Matcher m =
        Pattern.compile("worker: timeout: context deadline exceeded \\(after (\\d+\\.\\d) s; the job needed 3 s\\)")
            .matcher(lines.get(1));
    assertTrue(m.matches(), lines.get(1));
    assertTrue(Double.parseDouble(m.group(1)) >= 1.0, lines.get(1));
    assertTrue(took.compareTo(Duration.ofMillis(2500)) < 0, "took " + took + ", the job's 3 s were not cut short");
  }

  @Test
  @DisplayName("parent and child: cancelling a child leaves the parent live; cancelling the parent cancels the child")
  void parentAndChild() throws Exception {
    Output output = new Output();

    ParentChildLesson.run(output.stream());

    List<String> lines = output.lines();
    System.out.println(output.text());
    assertEquals(6, lines.size(), lines::toString);
    assertTrue(lines.get(0).startsWith("parent and two children: background.withCancel.withCancel"), lines.get(0));
    assertEquals(
        List.of(
            "main: cancel child A",
            "  child A: context canceled | parent: live | child B: live",
            "main: cancel parent",
            "worker on child B: stopped: context canceled",
            "  parent: context canceled | child B: context canceled"),
        lines.subList(1, 6));
  }
}
