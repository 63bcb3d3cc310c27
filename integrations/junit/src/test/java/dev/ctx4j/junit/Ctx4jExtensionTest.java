package dev.ctx4j.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.ctx4j.Context;
import dev.ctx4j.internal.Introspection;
import dev.ctx4j.junit.fixtures.ExtendWithFixture;
import dev.ctx4j.junit.fixtures.LeakFixtures;
import dev.ctx4j.junit.fixtures.ParallelFixtures;
import dev.ctx4j.junit.fixtures.TimeoutFixtures;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs the fixtures (deliberately leaking tests among them) through the JUnit Platform test kit. */
class Ctx4jExtensionTest {

  private static EngineExecutionResults run(DiscoverySelector selector, String... config) {
    EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter").selectors(selector);
    for (int i = 0; i < config.length; i += 2) {
      kit = kit.configurationParameter(config[i], config[i + 1]);
    }
    return kit.execute();
  }

  private static EngineExecutionResults runLeak(String method, String... config) {
    String params = method.equals("leaksFromBackgroundOnTheTestThread") || method.equals("leaksThroughCurrent")
        ? "" : Context.class.getName();
    return run(selectMethod(LeakFixtures.class.getName() + "#" + method + "(" + params + ")"), config);
  }

  /** The failure of the one test that ran, asserting that it failed. */
  private static Throwable failure(EngineExecutionResults results) {
    List<Event> failed = results.testEvents().failed().list();
    assertEquals(1, failed.size(), () -> "expected one failed test, got " + results.testEvents().list());
    return failed.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
  }

  private static void assertSucceeded(EngineExecutionResults results) {
    results.testEvents().assertStatistics(s -> s.started(1).succeeded(1).failed(0));
  }

  private static String site(int line) {
    return "LeakFixtures.java:" + line + ")";
  }

  @Test
  void aLeakedChildFailsTheTestNamingTheLineThatCreatedIt() {
    Throwable t = failure(runLeak("leaksAChild"));
    String m = t.getMessage();
    assertTrue(m.contains("leaksAChild(Context) left 1 leak behind"), m);
    assertTrue(m.contains("still live"), m);
    assertTrue(m.contains("registered with its parent"), m);
    assertTrue(m.contains("at " + LeakFixtures.class.getName() + ".leaksAChild(" + site(LeakFixtures.leakLine)), m);
    assertEquals(1, t.getSuppressed().length);
    assertEquals(LeakFixtures.leakLine, t.getSuppressed()[0].getStackTrace()[0].getLineNumber());
    assertTrue(LeakFixtures.leaked.done().isDone(), "the test's context is cancelled after the check");
  }

  @Test
  void aTestThatCancelsEverythingPassesAndSeesItsContextBound() {
    assertSucceeded(runLeak("cancelsWhatItMakes"));
    assertSame(LeakFixtures.injected, LeakFixtures.current);
    assertSame(LeakFixtures.injected, LeakFixtures.beforeEach, "@BeforeEach gets the test's context too");
    assertNotSame(Context.background(), LeakFixtures.injected);
    assertTrue(LeakFixtures.injected.done().isDone(), "the test's context is cancelled when the test ends");
    assertEquals(0, Introspection.RUNTIME.registrations(LeakFixtures.injected));
    assertSame(Context.background(), Context.current(), "the binding is restored on the thread");
  }

  @Test
  void anArmedTimerAndAnAfterFuncAreLeaks() {
    long timersBefore = Introspection.RUNTIME.pendingTimers();
    String m = failure(runLeak("leaksATimerAndAnAfterFunc")).getMessage();
    assertTrue(m.contains("left 2 leaks behind"), m);
    assertTrue(m.contains("with an armed timer entry"), m);
    assertTrue(m.contains(site(LeakFixtures.leakLine)), m);
    assertTrue(m.contains("an afterFunc registration that has neither run nor been stopped"), m);
    assertTrue(m.contains(site(LeakFixtures.leakLine + 1)), m);
    assertTrue(Introspection.RUNTIME.pendingTimers() <= timersBefore, "cancelling the root removed the entry");
  }

  @Test
  void aContextDerivedOnAnotherThreadBelongsToTheTest() {
    String m = failure(runLeak("leaksOnAnotherThread")).getMessage();
    assertTrue(m.contains("left 1 leak behind"), m);
    assertTrue(m.contains(site(LeakFixtures.leakLine)), m);
  }

  @Test
  void aContextMadeFromBackgroundOnTheTestThreadIsALeakToo() {
    String m = failure(runLeak("leaksFromBackgroundOnTheTestThread")).getMessage();
    assertTrue(m.contains("left 1 leak behind"), m);
    assertTrue(m.contains(site(LeakFixtures.leakLine)), m);
    assertFalse(m.contains("registered with its parent"), m);
    LeakFixtures.leaked.cancel(); // not under the test's context: still live
  }

  @Test
  void aContextDerivedFromCurrentIsTheTests() {
    String m = failure(runLeak("leaksThroughCurrent")).getMessage();
    assertTrue(m.contains("registered with its parent"), m);
    assertTrue(m.contains(site(LeakFixtures.leakLine)), m);
  }

  @Test
  void aScopeLeftOpenIsALeakAndTheBindingIsRestored() {
    String m = failure(runLeak("leavesAScopeOpen")).getMessage();
    assertTrue(m.contains("a Scope still open when the test method returned"), m);
    assertTrue(m.contains(site(LeakFixtures.leakLine)), m);
    assertSame(Context.background(), Context.current());
  }

  @Test
  void allowLeaksSkipsTheCheckButStillCancels() {
    assertSucceeded(runLeak("allowedToLeak"));
    assertTrue(LeakFixtures.leaked.done().isDone());
  }

  @Test
  void warnModeReportsWithoutFailing() {
    EngineExecutionResults r = runLeak("leaksAChild", Ctx4jExtension.LEAKS_PARAMETER, "warn");
    assertSucceeded(r);
    List<String> entries = r.allEvents().reportingEntryPublished().stream()
        .map(e -> e.getPayload(ReportEntry.class).orElseThrow().getKeyValuePairs())
        .map(Map::toString)
        .collect(Collectors.toList());
    assertEquals(1, entries.size(), entries::toString);
    assertTrue(entries.get(0).contains(site(LeakFixtures.leakLine)), entries::toString);
  }

  @Test
  void aMisspeltModeFailsTheTestClearly() {
    String m = failure(runLeak("cancelsWhatItMakes", Ctx4jExtension.LEAKS_PARAMETER, "loud")).getMessage();
    assertTrue(m.contains("dev.ctx4j.junit.leaks must be fail or warn, was 'loud'"), m);
  }

  @Test
  void registeredWithExtendWith() {
    Throwable t = failure(run(selectClass(ExtendWithFixture.class)));
    assertTrue(t.getMessage().contains("ExtendWithFixture.java:" + LeakFixtures.leakLine + ")"), t.getMessage());
  }

  @Test
  void parallelTestsCountOnlyTheirOwnLeaks() {
    ParallelFixtures.allStarted = new CountDownLatch(4);
    ParallelFixtures.shared = Executors.newFixedThreadPool(2);
    EngineExecutionResults r;
    try {
      r = run(selectClass(ParallelFixtures.class),
          "junit.jupiter.execution.parallel.enabled", "true",
          "junit.jupiter.execution.parallel.mode.default", "concurrent",
          "junit.jupiter.execution.parallel.config.strategy", "fixed",
          "junit.jupiter.execution.parallel.config.fixed.parallelism", "4");
    } finally {
      ParallelFixtures.shared.shutdownNow();
    }
    r.testEvents().assertStatistics(s -> s.started(4).succeeded(1).failed(3));
    for (Event e : r.testEvents().failed().list()) {
      String name = e.getTestDescriptor().getDisplayName();
      int n = name.charAt("leaks".length()) - '0';
      String m = e.getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow().getMessage();
      assertTrue(m.contains("left " + n + (n == 1 ? " leak " : " leaks ") + "behind"), name + ": " + m);
    }
    assertEquals("leaks0(Context)", r.testEvents().succeeded().list().get(0).getTestDescriptor().getDisplayName());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The context's deadline is the test's timeout.

  private static Duration remainingAfter(String method, String... config) {
    TimeoutFixtures.remaining = null;
    String cls = TimeoutFixtures.class.getName();
    if (method.startsWith("ClassLevel.")) {
      cls = TimeoutFixtures.ClassLevel.class.getName();
      method = method.substring("ClassLevel.".length());
    }
    String params = method.equals("fifteenHundredMillis") ? "" : Context.class.getName();
    assertSucceeded(run(selectMethod(cls + "#" + method + "(" + params + ")"), config));
    Optional<Duration> d = TimeoutFixtures.remaining;
    return d.orElse(null);
  }

  /**
   * The remaining time is at most the timeout and more than half of it: generous for a slow machine, and still tells
   * each timeout these tests use from the next one (1.5, 3, 7, 9, 20, 30, 42, 90 s, 2 min).
   */
  private static void assertAbout(Duration expected, Duration actual) {
    assertTrue(actual != null && actual.compareTo(expected) <= 0 && actual.compareTo(expected.dividedBy(2)) > 0,
        () -> "expected a little under " + expected + ", was " + actual);
  }

  @Test
  void noTimeoutNoDeadline() {
    assertEquals(null, remainingAfter("noAnnotation"));
  }

  @Test
  void timeoutAnnotationOnTheMethod() {
    assertAbout(Duration.ofSeconds(7), remainingAfter("sevenSeconds"));
    assertAbout(Duration.ofMillis(1500), remainingAfter("fifteenHundredMillis"));
  }

  @Test
  void aSeparateThreadTimeoutBindsAndTracksOnThatThread() {
    TimeoutFixtures.remaining = null;
    Throwable t = failure(run(selectMethod(TimeoutFixtures.class.getName() + "#separateThread("
        + Context.class.getName() + ")")));
    assertAbout(Duration.ofSeconds(9), TimeoutFixtures.remaining.orElse(null));
    assertTrue(t.getMessage().contains("TimeoutFixtures.java:" + LeakFixtures.leakLine + ")"), t.getMessage());
    LeakFixtures.leaked.cancel();
  }

  @Test
  void timeoutAnnotationOnTheClassAndTheMethodWins() {
    assertAbout(Duration.ofSeconds(90), remainingAfter("ClassLevel.inherits"));
    assertAbout(Duration.ofSeconds(3), remainingAfter("ClassLevel.methodWins"));
  }

  @Test
  void timeoutConfigurationWithJUnitsPrecedence() {
    String p = "junit.jupiter.execution.timeout.";
    assertAbout(Duration.ofSeconds(42), remainingAfter("noAnnotation", p + "default", "42 s"));
    assertAbout(Duration.ofSeconds(30),
        remainingAfter("noAnnotation", p + "default", "42 s", p + "testable.method.default", "30s"));
    assertAbout(Duration.ofSeconds(20), remainingAfter("noAnnotation", p + "default", "42 s",
        p + "testable.method.default", "30s", p + "test.method.default", "20000 ms"));
    assertAbout(Duration.ofMinutes(2), remainingAfter("noAnnotation", p + "test.method.default", "2 m"));
    // a lifecycle method's default does not apply to the test
    assertEquals(null, remainingAfter("noAnnotation", p + "beforeeach.method.default", "5 s"));
    // an annotation beats every configuration parameter
    assertAbout(Duration.ofSeconds(7), remainingAfter("sevenSeconds", p + "test.method.default", "20 s"));
    assertAbout(Duration.ofSeconds(90), remainingAfter("ClassLevel.inherits", p + "default", "20 s"));
    // timeouts disabled: no deadline
    assertEquals(null, remainingAfter("sevenSeconds", p + "mode", "disabled"));
  }

  @Test
  void durationSyntax() {
    assertEquals(Optional.of(Duration.ofSeconds(5)), EffectiveTimeout.parse("5"));
    assertEquals(Optional.of(Duration.ofMillis(250)), EffectiveTimeout.parse("250ms"));
    assertEquals(Optional.of(Duration.ofNanos(10)), EffectiveTimeout.parse("10 NS"));
    assertEquals(Optional.of(Duration.ofHours(1)), EffectiveTimeout.parse("1 h"));
    assertEquals(Optional.of(Duration.ofDays(2)), EffectiveTimeout.parse("2d"));
    assertEquals(Optional.empty(), EffectiveTimeout.parse("soon"));
    assertEquals(Optional.empty(), EffectiveTimeout.parse("0 s"));
  }

  @Test
  void theKitsOwnTestLeavesNothing() throws InterruptedException {
    // this class is not an extension user: nothing is tracked, and the fixtures' contexts are all done
    assertTrue(Context.background().withTimeout(1, TimeUnit.MILLISECONDS).done().await(10, TimeUnit.SECONDS));
  }
}
