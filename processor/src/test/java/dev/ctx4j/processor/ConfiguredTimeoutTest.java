package dev.ctx4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.ctx4j.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real generated wrapper reads the configuration keys that override its {@code @Timeout} (docs/configuration.md)
 * when its class initialises: each test sets system properties (or fills {@link FakeConfigSource}), then loads the
 * wrappers of {@code inputs/configured/} in a class loader of its own, so that their classes initialise afresh.
 *
 * <p>The limits are an hour by annotation and minutes by configuration; a test reads the deadline the body sees, so
 * nothing depends on timing.
 */
class ConfiguredTimeoutTest {
  private static Compilation compilation;

  private final Map<String, String> set = new HashMap<>();

  @TempDir Path services;

  @BeforeAll
  static void compile() {
    compilation = TestSupport.compileCase("configured");
    assertThat(compilation).succeededWithoutWarnings();
  }

  @AfterEach
  void clear() {
    set.keySet().forEach(System::clearProperty);
    FakeConfigSource.VALUES.clear();
  }

  private void property(String key, String value) {
    set.put(key, value);
    System.setProperty(key, value);
  }

  /** The time left, as the body sees it, on a call of {@code cfg.<type>}'s wrapper loaded by {@code loader}. */
  private static Optional<Duration> leftInBody(ClassLoader loader, String type) throws Exception {
    Class<?> api = loader.loadClass("cfg." + type);
    Object delegate = loader.loadClass("cfg." + type + "$Impl").getConstructor().newInstance();
    Object wrapper = Class.forName("cfg.Ctx4j_" + type, true, loader).getConstructor(api).newInstance(delegate);
    @SuppressWarnings("unchecked")
    Optional<Instant> deadline =
        (Optional<Instant>) api.getMethod("deadline", Context.class).invoke(wrapper, Context.background());
    return deadline.map(d -> Duration.between(Instant.now(), d));
  }

  private static void assertMinutes(Optional<Duration> left, long minutes) {
    assertThat(left).isPresent();
    assertThat(left.get()).isAtMost(Duration.ofMinutes(minutes));
    assertThat(left.get()).isGreaterThan(Duration.ofMinutes(minutes).minusSeconds(30));
  }

  @Test
  @DisplayName("without keys the annotation is the limit; the generated Javadoc names the key that overrides it")
  void annotationIsTheDefault() throws Exception {
    assertMinutes(leftInBody(TestSupport.classLoader(compilation), "Lookup"), 60);
    assertMinutes(leftInBody(TestSupport.classLoader(compilation), "Batch"), 60);
    assertThat(TestSupport.generatedSource(compilation, "cfg.Ctx4j_Lookup"))
        .contains("unless the configuration key {@code cfg.Lookup/deadline/Timeout/value} overrides it");
    assertThat(TestSupport.generatedSource(compilation, "cfg.Ctx4j_Batch"))
        .contains("unless the configuration key {@code cfg.Batch/Timeout/value} overrides it");
  }

  @Test
  @DisplayName("system properties set before the wrapper class initialises override a method-level @Timeout")
  void methodKeys() throws Exception {
    property("cfg.Lookup/deadline/Timeout/value", "5");
    property("cfg.Lookup/deadline/Timeout/unit", "MINUTES");
    property("cfg.Lookup/Timeout/value", "7"); // a class key: ignored for a method-level annotation
    assertMinutes(leftInBody(TestSupport.classLoader(compilation), "Lookup"), 5);
  }

  @Test
  @DisplayName("a class key overrides a type-level @Timeout")
  void classKeys() throws Exception {
    property("cfg.Batch/Timeout/value", "2");
    property("cfg.Batch/Timeout/unit", "minutes");
    assertMinutes(leftInBody(TestSupport.classLoader(compilation), "Batch"), 2);
  }

  @Test
  @DisplayName("enabled=false: the call runs under a cancellable child with no deadline of its own")
  void disabled() throws Exception {
    property("cfg.Lookup/Timeout/enabled", "false");
    assertThat(leftInBody(TestSupport.classLoader(compilation), "Lookup")).isEmpty();
  }

  @Test
  @DisplayName("an invalid value fails the wrapper's class initialisation, naming the key and quoting the value")
  void invalidValue() {
    property("cfg.Lookup/deadline/Timeout/value", "soon");
    ClassLoader loader = TestSupport.classLoader(compilation);
    ExceptionInInitializerError e =
        assertThrows(ExceptionInInitializerError.class, () -> Class.forName("cfg.Ctx4j_Lookup", true, loader));
    assertThat(e).hasCauseThat().isInstanceOf(IllegalArgumentException.class);
    assertThat(e).hasCauseThat().hasMessageThat().isEqualTo("Lookup.deadline: invalid @Timeout configuration"
        + " cfg.Lookup/deadline/Timeout/value=\"soon\" (from system property): expected a positive whole number");
  }

  @Test
  @DisplayName("a ConfigSource registered in META-INF/services of the annotated type's class loader is read")
  void loadedSource() throws Exception {
    FakeConfigSource.VALUES.put("cfg.Lookup/deadline/Timeout/value", "3");
    FakeConfigSource.VALUES.put("cfg.Lookup/deadline/Timeout/unit", "MINUTES");
    assertMinutes(leftInBody(withService(), "Lookup"), 3);
    // a system property comes first
    property("cfg.Lookup/deadline/Timeout/value", "4");
    assertMinutes(leftInBody(withService(), "Lookup"), 4);
    // and a class loader without the registration does not see the source
    System.clearProperty("cfg.Lookup/deadline/Timeout/value");
    assertMinutes(leftInBody(TestSupport.classLoader(compilation), "Lookup"), 60);
  }

  /**
   * A class loader like {@link TestSupport#classLoader}, over the compilation's class files, that also registers
   * {@link FakeConfigSource} as a service.
   */
  private ClassLoader withService() {
    Path file = services.resolve("dev.ctx4j.spi.ConfigSource");
    try {
      Files.writeString(file, FakeConfigSource.class.getName() + "\n", StandardCharsets.UTF_8);
      return TestSupport.classLoader(
          compilation, Map.of("META-INF/services/dev.ctx4j.spi.ConfigSource", file.toUri().toURL()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
