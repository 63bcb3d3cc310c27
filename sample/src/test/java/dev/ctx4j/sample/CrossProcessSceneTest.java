package dev.ctx4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cross-process scene, run once over real loopback sockets (an HTTP edge, a gRPC inventory service, the generated
 * {@code Ctx4j_InventoryRepository}); each test reads one part of the story from what it printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.Timeout(60)
class CrossProcessSceneTest {
  private String text;
  private List<String> alive;

  @BeforeAll
  void runTheScene() throws Exception {
    Output output = new Output();
    CrossProcessScene.run(output.stream());
    alive = SampleThreads.awaitNoneAlive(Duration.ofSeconds(10));
    text = output.text();
    System.out.println(text);
  }

  @Test
  @DisplayName("x1, a fast item: 200 through both hops")
  void fastRequestAnswers200() {
    assertContains("[x1]          repository: query for coffee-beans takes 30 ms");
    assertContains("[x1]          inventory: OK, 12 in stock");
    assertContains("[x1]          edge: 200 {\"item\":\"coffee-beans\",\"inStock\":12}");
    assertContains("x1 <- 200 {\"item\":\"coffee-beans\",\"inStock\":12}");
  }

  @Test
  @DisplayName("every hop prints its budget: the client's 10 s, cut to the edge's 2 s, less what each hop spent")
  void eachHopSeesTheBudgetLeft() {
    for (String id : List.of("x1", "x2", "x3")) {
      double client = number("client +GET /stock/\\S+ as " + id + "\\b.*budget (\\S+) ms");
      double header = number("\\[" + id + "\\] +edge: .*budget from the ctx4j-timeout header (\\S+) ms");
      double edge = number("\\[" + id + "\\] +edge: .*the edge's own 2 s budget: (\\S+) ms left");
      double inventory = number("\\[" + id + "\\] +inventory: Stock\\(\\S+\\), budget from grpc-timeout (\\S+) ms");
      double repository = number("\\[" + id + "\\] +repository: query for .* budget left (\\S+) ms");
      String hops = id + ": client " + client + ", header " + header + ", edge " + edge + ", inventory " + inventory
          + ", repository " + repository;
      assertTrue(client <= 10_000 && client > 9_000, hops);
      assertTrue(header <= client && header > 5_000, hops); // the header carries the client's budget, less the trip
      assertTrue(edge <= 2_000 && edge > 1_000, hops); // the edge cuts it to 2 s
      assertTrue(inventory <= edge && inventory > 0, hops); // grpc-timeout: what the edge had left when it called
      assertTrue(repository <= inventory && repository > 0, hops); // the repository's 3 s limit is later: no change
    }
  }

  @Test
  @DisplayName("x2, a slow query: the edge's 2 s deadline interrupts the repository two hops away; 504 at the edge")
  void slowQueryIsCutAtTheEdgesDeadline() {
    long interruptedAfter = (long) number("\\[x2\\] +repository: query for party-hats interrupted after (\\d+) ms");
    // cut by the edge's 2 s, less what the hops before it spent: not by the repository's 3 s nor the query's 10 s
    assertTrue(interruptedAfter >= 1_000 && interruptedAfter < 2_500, "interrupted after " + interruptedAfter + " ms");
    assertContains("[x2]          inventory: the repository threw DeadlineExceededException: InventoryRepository.stock"
        + " timed out: its caller's deadline came before its 3 s limit");
    assertContains("[x2]          inventory: status DEADLINE_EXCEEDED");
    assertContains("[x2]          edge: gRPC status DEADLINE_EXCEEDED, caused by its context:"
        + " DeadlineExceededException; answers 504");
    assertContains("x2 <- 504 the request's context ended the inventory call: ");
    double seconds = number("x2 <- 504 .*\\((\\S+) s\\)");
    assertTrue(seconds >= 1.9 && seconds < 5, "x2 answered after " + seconds + " s");
  }

  @Test
  @DisplayName("x3, cancelled by the client mid-flight: the repository two hops away stops within milliseconds")
  void clientCancelStopsTheRepositoryTwoHopsAway() {
    assertContains("x3: the client gives up and cancels its context");
    assertContains("x3 <- CancelledException");
    assertContains("edge: POST /cancel/x3: its client has given up; cancelling x3's context");
    assertContains("[x3]          edge: gRPC status CANCELLED, caused by its context: CancelledException; answers 499");
    assertContains("[x3]          inventory: the repository threw CancelledException: InventoryRepository.stock"
        + " cancelled");
    assertContains("[x3]          inventory: status CANCELLED");
    long interruptedAfter = (long) number("\\[x3\\] +repository: query for party-hats interrupted after (\\d+) ms");
    assertTrue(interruptedAfter < 5_000, "interrupted after " + interruptedAfter + " ms, not at the 10 s end");
    double stopped = number("x3: the repository, two hops away, stopped (\\S+) ms after the client cancelled");
    double fromEdge = number("x3: the repository, .* \\((\\S+) ms after the edge cancelled x3's context");
    // a few ms on an idle machine; the bounds are generous for a loaded one, yet catch a cancel that arrives by
    // polling or by the deadline (about 1.7 s later); W12 in benchmarks/ measures the latency itself
    assertTrue(stopped >= 0 && stopped < 1_000, "stopped " + stopped + " ms after the cancel");
    assertTrue(fromEdge >= 0 && fromEdge <= stopped, "stopped " + fromEdge + " ms after the edge's cancel");
    assertTrue(fromEdge < 250, "stopped " + fromEdge + " ms after the edge's cancel: the cancel did not cross the"
        + " two hops at once");
  }

  @Test
  @DisplayName("the scene stops cleanly: servers, channel, event loops and handler threads all ended")
  void stopsCleanly() {
    assertContains("main          edge and inventory closed");
    assertContains("Summary: fast 200 in ");
    assertContains(" | slow 504 in ");
    assertContains(" | cancelled CancelledException, repository stopped after ");
    assertEquals(List.of(), alive);
  }

  private void assertContains(String expected) {
    assertTrue(text.contains(expected), () -> "expected \"" + expected + "\" in\n" + text);
  }

  /** The number the pattern's one group captures, in the first matching line. */
  private double number(String pattern) {
    Matcher m = Pattern.compile(pattern).matcher(text);
    assertTrue(m.find(), () -> "no line matches " + pattern + " in\n" + text);
    return Double.parseDouble(m.group(1));
  }
}
