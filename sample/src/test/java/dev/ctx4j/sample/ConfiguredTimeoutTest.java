package dev.ctx4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.Context;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The override that the sample prints, end to end: {@code OrderService.find}'s {@code @Timeout(1 s)} changed without
 * recompiling, by a system property or an environment variable given to a fresh JVM. The slow order's query takes
 * 3 s, so the call times out either way; the message says which limit applied.
 */
@org.junit.jupiter.api.Timeout(120)
class ConfiguredTimeoutTest {
  private static final String KEY = "dev.ctx4j.sample.OrderService/find/Timeout/";

  @Test
  @DisplayName("without configuration the annotation's 1 s applies")
  void annotation() throws Exception {
    assertEquals("RESULT: OrderService.find timed out after 1 s", run(List.of(), Map.of()));
  }

  @Test
  @DisplayName("-D<class>/find/Timeout/value and .../unit override it")
  void systemProperties() throws Exception {
    assertEquals("RESULT: OrderService.find timed out after 300 ms",
        run(List.of("-D" + KEY + "value=300", "-D" + KEY + "unit=MILLIS"), Map.of()));
  }

  @Test
  @DisplayName("the environment variable of the sample's hint overrides it, and a system property wins over it")
  void environmentVariable() throws Exception {
    Map<String, String> env = Map.of("DEV_CTX4J_SAMPLE_ORDERSERVICE_FIND_TIMEOUT_VALUE", "2");
    assertEquals("RESULT: OrderService.find timed out after 2 s", run(List.of(), env));
    assertEquals("RESULT: OrderService.find timed out after 300 ms",
        run(List.of("-D" + KEY + "value=300", "-D" + KEY + "unit=MILLIS"), env));
  }

  /** Runs {@link ConfiguredTimeoutMain} in a new JVM; returns its RESULT line. */
  private static String run(List<String> jvmArgs, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-classpath");
    command.add(classPath());
    command.add(ConfiguredTimeoutMain.class.getName());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    // the configuration of the machine that runs the build must not leak into the child: keep only what we set
    builder.environment().keySet().removeIf(name -> name.toUpperCase(java.util.Locale.ROOT).contains("TIMEOUT"));
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);
    assertEquals(0, process.exitValue(), output);
    return output.lines().filter(l -> l.startsWith("RESULT: ")).findFirst().orElse(output);
  }

  private static String classPath() {
    return ForkedClassPath.of(ConfiguredTimeoutMain.class, Main.class, Context.class);
  }

}
