package dev.ctx4j.sample;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The class path a test gives a JVM it starts: where the given classes come from, then the test's own class path. */
final class ForkedClassPath {
  private ForkedClassPath() {}

  /**
   * Returns the locations of {@code classes} (the sample's and the runtime's classes, which the test class path may
   * not name when the suite runs on the module path), followed by {@code java.class.path}.
   *
   * @param classes classes whose code sources must be on the path
   * @return the class path
   */
  static String of(Class<?>... classes) {
    List<String> entries = new ArrayList<>();
    for (Class<?> c : classes) {
      try {
        entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    entries.add(System.getProperty("java.class.path"));
    return String.join(File.pathSeparator, entries);
  }
}
