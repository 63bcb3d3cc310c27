package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listeners named in {@code META-INF/services/dev.ctx4j.spi.Ctx4jListener} are found the first time ctx4j reports
 * anything, and a listener that throws is logged once (in a JVM of its own: discovery happens once per JVM).
 */
class ListenerDiscoveryTest {
  @TempDir
  Path dir;

  @Test
  void providerFilesAreReadAtFirstUseAndAFailingListenerIsLoggedOnce() throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve("dev.ctx4j.spi.Ctx4jListener"),
        "# a comment\n" + ListenerDiscoveryMain.Discovered.class.getName() + "\n");
    ForkedJvm run = ForkedJvm.run(ListenerDiscoveryMain.class, 60, List.of(dir.toString()));
    assertEquals(0, run.exitCode, run::toString);
    String out = run.output;
    assertTrue(out.indexOf("before first use") < out.indexOf("discovered"), run::toString);
    assertTrue(out.contains("registered: 2"), run::toString);
    assertEquals(3, count(out, "discovered saw ListenerDiscoveryMain.m RETURNED"), run::toString);
    assertEquals(1, count(out, "ctx4j: listener dev.ctx4j.ListenerDiscoveryMain$Broken."), run::toString);
    assertEquals(1, count(out, "IllegalStateException: broken listener"), run::toString);
    assertTrue(out.contains("done"), run::toString);
  }

  private static int count(String output, String needle) {
    int n = 0;
    for (int i = output.indexOf(needle); i >= 0; i = output.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
