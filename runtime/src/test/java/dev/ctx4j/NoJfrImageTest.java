package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.nojfr.NoJfrMain;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime works on a JDK image without {@code jdk.jfr}: links one with {@code jlink} (only {@code java.base}) and
 * runs {@link NoJfrMain} on it, with the runtime on the class path and on the module path. Fails, never skips, when
 * the running JDK has no {@code jlink}.
 */
class NoJfrImageTest {
  @TempDir
  Path dir;

  private static Path locationOf(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out;
    try (var in = p.getInputStream()) {
      out = in.readAllBytes();
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), () -> "still running: " + command);
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), () -> String.join(" ", command) + "\n" + text);
    return text;
  }

  @Test
  void runtimeRunsOnAnImageWithoutJdkJfr() throws Exception {
    Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
    assertTrue(Files.isExecutable(jlink), () -> "this test needs jlink, not found at " + jlink);
    Path image = dir.resolve("image");
    // java.base alone: all the runtime needs (System.Logger included); no option that costs time (--strip-debug)
    run(List.of(jlink.toString(), "--add-modules", "java.base", "--output", image.toString()));
    String java = image.resolve("bin").resolve("java").toString();
    String modules = run(List.of(java, "--list-modules"));
    assertFalse(modules.contains("jdk.jfr"), modules);

    String runtime = locationOf(Context.class).toString();
    String main = locationOf(NoJfrMain.class).toString();
    List<String> classPath = new ArrayList<>(List.of(java, "-cp", runtime + File.pathSeparator + main,
        NoJfrMain.class.getName()));
    List<String> modulePath = new ArrayList<>(List.of(java, "-p", runtime, "--add-modules", "dev.ctx4j", "-cp", main,
        NoJfrMain.class.getName()));
    for (List<String> command : List.of(classPath, modulePath)) {
      String out = run(command);
      String expected = String.join(System.lineSeparator(),
          "jdk.jfr present: false",
          "cancel: context canceled, cause boom",
          "deadline: context deadline exceeded",
          "call: NoJfrMain.slow timed out after 20 ms",
          "listener: dev.ctx4j.nojfr.NoJfrMain.slow TIMED_OUT, contexts ended 3") + System.lineSeparator();
      assertEquals(expected, out, () -> String.join(" ", command));
    }
  }
}
