package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Reads the coverage of docs/semantics.md off the display names: every G and J id that applies to Java has a test
 * whose display name starts with it.
 *
 * <p>The ids that do not apply to Java, and why:
 *
 * <ul>
 *   <li>G33 and G72: allocation budgets. The JVM offers no allocation counter to a portable test, and escape
 *       analysis makes per-call counts meaningless; costs are measured by the benchmarks (docs/benchmarks.md). G3's
 *       Java sense, one shared {@code background()} instance, is tested in {@link RootContextTest}.
 *   <li>G73: Go's benchmarks; their Java counterparts are JMH workloads of the benchmarks module.
 * </ul>
 *
 * Parts of ids that do not apply (the rest of each id is tested): G1 and G17's nil Done channel (Java's
 * {@code done()} is never null; the signal of a root never closes); G32's panic for a non-comparable key (keys compare
 * by identity); G69's nil parent and {@code AfterFunc(nil, f)} (the parent is the receiver); G71's
 * {@code net.Error.Temporary()} (no such interface; {@code isTimeout()} is tested).
 */
class CoverageTest {

  static final Map<String, String> NOT_APPLICABLE =
      Map.of(
          "G33", "allocation budget of WithValue+Value: no portable allocation counter on the JVM",
          "G72", "allocation budgets (TestAllocs): no portable allocation counter on the JVM",
          "G73", "Go's benchmarks: ported by the benchmark issue, not unit tests");

  static final List<Class<?>> TEST_CLASSES =
      List.of(
          AfterFuncTest.class,
          ArgumentValidationTest.class,
          BindingTest.class,
          BlockingTest.class,
          CallTest.class,
          CauseTest.class,
          ConcurrencyTest.class,
          DeadlineTest.class,
          DepthTest.class,
          ErrorsTest.class,
          ForeignContextTest.class,
          GoExamplesTest.class,
          LeakDetectorTest.class,
          ListenersTest.class,
          RootContextTest.class,
          TimerTest.class,
          ToStringTest.class,
          ValueTest.class,
          WithCancelTest.class,
          WithoutCancelTest.class);

  private static final Pattern ID = Pattern.compile("^([GJ]\\d+) ");

  @Test
  @DisplayName("every applicable G and J id of docs/semantics.md has a test whose display name starts with it")
  void everyApplicableIdHasATest() {
    Map<String, Set<String>> covered = new TreeMap<>();
    for (Class<?> c : TEST_CLASSES) {
      for (Method m : c.getDeclaredMethods()) {
        DisplayName name = m.getAnnotation(DisplayName.class);
        if (name == null) {
          continue;
        }
        Matcher id = ID.matcher(name.value());
        assertTrue(id.find(), () -> c.getSimpleName() + "." + m.getName() + " has no id: " + name.value());
        covered.computeIfAbsent(id.group(1), k -> new TreeSet<>()).add(c.getSimpleName() + "." + m.getName());
      }
    }
    Set<String> missing = new TreeSet<>();
    for (int i = 1; i <= 73; i++) {
      String g = "G" + i;
      if (!covered.containsKey(g) && !NOT_APPLICABLE.containsKey(g)) {
        missing.add(g);
      }
      assertTrue(!(covered.containsKey(g) && NOT_APPLICABLE.containsKey(g)), g + " is both tested and not applicable");
    }
    for (int i = 1; i <= 12; i++) {
      if (!covered.containsKey("J" + i)) {
        missing.add("J" + i);
      }
    }
    assertTrue(missing.isEmpty(), () -> "ids without a test: " + missing);
    Set<String> unknown = new TreeSet<>(covered.keySet());
    unknown.removeIf(id -> id.matches("G([1-9]|[1-6]\\d|7[0-3])|J([1-9]|1[012])"));
    assertTrue(unknown.isEmpty(), () -> "display names start with unknown ids: " + unknown);
  }
}
