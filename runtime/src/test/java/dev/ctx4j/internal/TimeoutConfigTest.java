package dev.ctx4j.internal;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.spi.ConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Timeouts from configuration ({@code docs/configuration.md}): MicroProfile Fault Tolerance's keys and precedence, the
 * sources and their order, environment variable names, and invalid values. Each test builds its configuration from
 * maps and fake sources, except the one that goes through real system properties.
 */
class TimeoutConfigTest {
  /** The annotated type of the tests: its keys start with {@code dev.ctx4j.internal.TimeoutConfigTest$Orders/}. */
  interface Orders {}

  private static final String TYPE = Orders.class.getName();
  private static final String METHOD = TYPE + "/find/Timeout/";
  private static final String CLASS = TYPE + "/Timeout/";
  private static final String GLOBAL = "Timeout/";

  private final Map<String, String> properties = new HashMap<>();
  private final Map<String, String> environment = new HashMap<>();

  /** {@code @Timeout(200)} on the method {@code find}, under the test's configuration. */
  private WrappedMethod onMethod(ConfigSource... loaded) {
    return WrappedMethod.timeout(config(loaded), Orders.class, "find", "Orders.find", 200, MILLISECONDS, false, true);
  }

  /** {@code @Timeout(200)} on the type, as it applies to {@code find}. */
  private WrappedMethod onType(ConfigSource... loaded) {
    return WrappedMethod.timeout(config(loaded), Orders.class, "find", "Orders.find", 200, MILLISECONDS, true, true);
  }

  private ConfigLookup config(ConfigSource... loaded) {
    return ConfigLookup.of(properties::get, environment, List.of(loaded));
  }

  private static void assertLimit(long timeout, TimeUnit unit, WrappedMethod method) {
    assertTrue(method.timed(), method::toString);
    assertEquals(timeout + " " + unit, method.timeout() + " " + method.unit(), method::toString);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Precedence

  @Test
  @DisplayName("no key: the annotation stands as written, and toString says nothing of configuration")
  void annotationIsTheDefault() {
    WrappedMethod method = onMethod();
    assertLimit(200, MILLISECONDS, method);
    assertEquals("Orders.find @Timeout(200 MILLISECONDS)", method.toString());
  }

  @Test
  @DisplayName("annotation on the method: <class>/<method>/Timeout/value wins over Timeout/value; <class>/Timeout/value is ignored")
  void methodAnnotationValue() {
    properties.put(CLASS + "value", "111");
    assertLimit(200, MILLISECONDS, onMethod());
    properties.put(GLOBAL + "value", "222");
    assertLimit(222, MILLISECONDS, onMethod());
    properties.put(METHOD + "value", "333");
    assertLimit(333, MILLISECONDS, onMethod());
  }

  @Test
  @DisplayName("annotation on the type: <class>/Timeout/value wins over Timeout/value; <class>/<method>/Timeout/value is ignored")
  void typeAnnotationValue() {
    properties.put(METHOD + "value", "111");
    assertLimit(200, MILLISECONDS, onType());
    properties.put(GLOBAL + "value", "222");
    assertLimit(222, MILLISECONDS, onType());
    properties.put(CLASS + "value", "333");
    assertLimit(333, MILLISECONDS, onType());
  }

  @Test
  @DisplayName("unit follows the same levels as value, independently of it: a unit alone rescales the annotation's value")
  void unitLevels() {
    properties.put(CLASS + "unit", "HOURS");
    assertLimit(200, MILLISECONDS, onMethod());
    properties.put(GLOBAL + "unit", "SECONDS");
    assertLimit(200, SECONDS, onMethod());
    assertLimit(200, TimeUnit.HOURS, onType());
    properties.put(METHOD + "unit", "MINUTES");
    assertLimit(200, TimeUnit.MINUTES, onMethod());
    assertLimit(200, TimeUnit.HOURS, onType());
    properties.put(METHOD + "value", "3");
    assertLimit(3, TimeUnit.MINUTES, onMethod());
  }

  @Test
  @DisplayName("unit takes every ChronoUnit name from NANOS to DAYS, in any case, as the TimeUnit of the same length")
  void unitNames() {
    Map<String, TimeUnit> expected = Map.of(
        "NANOS", TimeUnit.NANOSECONDS, "MICROS", TimeUnit.MICROSECONDS, "MILLIS", MILLISECONDS, "SECONDS", SECONDS,
        "MINUTES", TimeUnit.MINUTES, "HOURS", TimeUnit.HOURS, "days", TimeUnit.DAYS);
    expected.forEach((name, unit) -> {
      properties.put(GLOBAL + "unit", " " + name + " ");
      assertLimit(200, unit, onMethod());
    });
  }

  @Test
  @DisplayName("enabled: method key > class key > Timeout/enabled > MP_Fault_Tolerance_NonFallback_Enabled, wherever the annotation is")
  void enabledPrecedence() {
    properties.put("MP_Fault_Tolerance_NonFallback_Enabled", "false");
    assertFalse(onMethod().timed());
    assertFalse(onType().timed());
    properties.put(GLOBAL + "enabled", "true");
    assertTrue(onMethod().timed());
    properties.put(CLASS + "enabled", "false");
    assertFalse(onMethod().timed(), "a class key applies to a method-level annotation too");
    assertFalse(onType().timed());
    properties.put(METHOD + "enabled", "TRUE");
    assertTrue(onMethod().timed());
    assertTrue(onType().timed(), "a method key applies to a type-level annotation too");
    properties.put(METHOD + "enabled", "false");
    properties.put(CLASS + "enabled", "true");
    assertFalse(onType().timed());
  }

  @Test
  @DisplayName("enabled=false: the call gets no limit of its own, keeps interrupt, and toString says why")
  void disabledRunsAsCancellable() {
    properties.put(METHOD + "enabled", "false");
    WrappedMethod method =
        WrappedMethod.timeout(config(), Orders.class, "find", "Orders.find", 200, MILLISECONDS, false, false);
    assertFalse(method.timed());
    assertEquals(0, method.timeout());
    assertNull(method.unit());
    assertFalse(method.interrupt());
    assertEquals("Orders.find @Timeout disabled, runs as @Cancellable [configured: " + METHOD
        + "enabled=false (system property)]", method.toString());
  }

  @Test
  @DisplayName("@Cancellable has no keys: Timeout keys do not touch it")
  void cancellableHasNoKeys() {
    System.setProperty(GLOBAL + "enabled", "false");
    try {
      WrappedMethod method = WrappedMethod.cancellable(Orders.class, "find", "Orders.find", true);
      assertEquals("Orders.find @Cancellable", method.toString());
    } finally {
      System.clearProperty(GLOBAL + "enabled");
    }
  }

  @Test
  @DisplayName("an empty or blank value means the key is not set: the next level applies, and lower sources are not read")
  void emptyValueIsNotSet() {
    properties.put(METHOD + "value", "");
    environment.put(METHOD + "value", "999");
    properties.put(GLOBAL + "value", "222");
    assertLimit(222, MILLISECONDS, onMethod());
    properties.put(METHOD + "value", " ");
    assertLimit(222, MILLISECONDS, onMethod());
    properties.remove(GLOBAL + "value");
    assertLimit(200, MILLISECONDS, onMethod());
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Sources

  @Test
  @DisplayName("environment variables: the exact key, then non-alphanumerics as _, then that upper-cased, in that order")
  void environmentNames() {
    assertEquals(
        List.of("a.b-c/Timeout/value", "a_b_c_Timeout_value", "A_B_C_TIMEOUT_VALUE"),
        ConfigLookup.environmentNames("a.b-c/Timeout/value"));
    String upper = "DEV_CTX4J_INTERNAL_TIMEOUTCONFIGTEST_ORDERS_FIND_TIMEOUT_VALUE";
    environment.put(upper, "30");
    assertLimit(30, MILLISECONDS, onMethod());
    environment.put("dev_ctx4j_internal_TimeoutConfigTest_Orders_find_Timeout_value", "20");
    assertLimit(20, MILLISECONDS, onMethod());
    environment.put(METHOD + "value", "10");
    WrappedMethod method = onMethod();
    assertLimit(10, MILLISECONDS, method);
    assertTrue(method.toString().endsWith("(environment variable " + METHOD + "value)]"), method::toString);
    environment.put("TIMEOUT_ENABLED", "false");
    assertFalse(onMethod().timed());
  }

  @Test
  @DisplayName("a system property wins over an environment variable, which wins over a loaded source of default ordinal")
  void systemPropertyBeatsEnvironmentBeatsLoaded() {
    FakeSource loaded = new FakeSource("fake", 100, Map.of(METHOD + "value", "3"));
    assertLimit(3, MILLISECONDS, onMethod(loaded));
    environment.put("TIMEOUT_VALUE", "2"); // a global key: still a lower level than the loaded method key
    assertLimit(3, MILLISECONDS, onMethod(loaded));
    environment.put(METHOD + "value", "2");
    assertLimit(2, MILLISECONDS, onMethod(loaded));
    properties.put(METHOD + "value", "1");
    WrappedMethod method = onMethod(loaded);
    assertLimit(1, MILLISECONDS, method);
    assertEquals("Orders.find @Timeout(1 MILLISECONDS) [configured: " + METHOD + "value=1 (system property)]",
        method.toString());
  }

  @Test
  @DisplayName("loaded sources: the higher ordinal first (above 400 it beats system properties), equal ordinals by name")
  void loadedSourcesOrder() {
    properties.put(METHOD + "value", "1");
    FakeSource b = new FakeSource("b", 500, Map.of(METHOD + "value", "5"));
    FakeSource a = new FakeSource("a", 500, Map.of(METHOD + "value", "4"));
    WrappedMethod method = onMethod(b, a);
    assertLimit(4, MILLISECONDS, method);
    assertTrue(method.toString().endsWith("value=4 (config source a)]"), method::toString);
    assertLimit(1, MILLISECONDS, onMethod(new FakeSource("c", 400, Map.of(METHOD + "value", "6"))));
  }

  @Test
  @DisplayName("the production path reads real system properties, under the annotated type's name")
  void realSystemProperties() {
    String key = Real.class.getName() + "/find/Timeout/value";
    System.setProperty(key, "7");
    try {
      WrappedMethod method = WrappedMethod.timeout(Real.class, "find", "Real.find", 200, MILLISECONDS, false, true);
      assertLimit(7, MILLISECONDS, method);
    } finally {
      System.clearProperty(key);
    }
    assertLimit(200, MILLISECONDS, WrappedMethod.timeout(Real.class, "find", "Real.find", 200, MILLISECONDS, false, true));
  }

  /** A type of its own, so that no other test's keys can reach it. */
  interface Real {}

  // ---------------------------------------------------------------------------------------------------------------
  // Invalid values

  @Test
  @DisplayName("an invalid value fails with the key named, the value quoted and its origin")
  void invalidValues() {
    assertInvalid(METHOD + "value", "abc", "Orders.find: invalid @Timeout configuration " + METHOD
        + "value=\"abc\" (from system property): expected a positive whole number");
    assertInvalid(METHOD + "value", "0", "expected a positive whole number");
    assertInvalid(GLOBAL + "value", "-5", "Timeout/value=\"-5\"");
    assertInvalid(GLOBAL + "value", "1.5", "Timeout/value=\"1.5\"");
    assertInvalid(METHOD + "unit", "FORTNIGHTS", METHOD + "unit=\"FORTNIGHTS\" (from system property): expected one"
        + " of NANOS, MICROS, MILLIS, SECONDS, MINUTES, HOURS, DAYS");
    assertInvalid(GLOBAL + "unit", "MILLISECONDS",
        "MILLISECONDS is a TimeUnit name, the key takes the ChronoUnit name MILLIS");
    assertInvalid(GLOBAL + "unit", "WEEKS", "Timeout/unit=\"WEEKS\"");
    assertInvalid(CLASS + "enabled", "yes", CLASS + "enabled=\"yes\" (from system property): expected true or false");
    assertInvalid("MP_Fault_Tolerance_NonFallback_Enabled", "0", "MP_Fault_Tolerance_NonFallback_Enabled=\"0\"");
  }

  private void assertInvalid(String key, String value, String message) {
    properties.clear();
    properties.put(key, value);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::onMethod);
    assertTrue(e.getMessage().contains(message), e::getMessage);
    assertTrue(e.getMessage().contains(key + "=\"" + value + "\""), e::getMessage);
  }

  @Test
  @DisplayName("a configured limit longer than 100 years fails, naming the keys that give it")
  void tooLong() {
    environment.put("TIMEOUT_UNIT", "DAYS");
    properties.put(METHOD + "value", "36526");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::onMethod);
    assertEquals("Orders.find: the configured @Timeout of 36526 Days (" + METHOD + "value=36526 (system property), "
        + "Timeout/unit=DAYS (environment variable TIMEOUT_UNIT)) is longer than 100 years", e.getMessage());
    properties.put(METHOD + "value", "36525");
    assertLimit(36525, TimeUnit.DAYS, onMethod());
  }

  @Test
  @DisplayName("a key of the other level is not read, so an invalid value there does no harm")
  void ignoredKeysAreNotRead() {
    properties.put(CLASS + "value", "abc");
    assertLimit(200, MILLISECONDS, onMethod());
    properties.clear();
    properties.put(METHOD + "unit", "abc");
    assertLimit(200, MILLISECONDS, onType());
  }

  /** A loaded source over a map. */
  private static final class FakeSource implements ConfigSource {
    private final String name;
    private final int ordinal;
    private final Map<String, String> values;

    FakeSource(String name, int ordinal, Map<String, String> values) {
      this.name = name;
      this.ordinal = ordinal;
      this.values = values;
    }

    @Override
    public Optional<String> value(String key) {
      return Optional.ofNullable(values.get(key));
    }

    @Override
    public int ordinal() {
      return ordinal;
    }

    @Override
    public String name() {
      return name;
    }
  }
}
