package dev.ctx4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the test class path in a JVM of its own (flags a test must not impose on the suite's JVM). */
final class ForkedJvm {
  final int exitCode;
  final String output;

  private ForkedJvm(int exitCode, String output) {
    this.exitCode = exitCode;
    this.output = output;
  }

  static ForkedJvm run(Class<?> main, long timeoutSeconds, String... jvmArgs) throws IOException, InterruptedException {
    return run(main, timeoutSeconds, List.of(), jvmArgs);
  }

  /** As {@link #run(Class, long, String...)}, with {@code extraClassPath} before the usual class path. */
  static ForkedJvm run(Class<?> main, long timeoutSeconds, List<String> extraClassPath, String... jvmArgs)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmArgs));
    command.add("-cp");
    List<String> cp = new ArrayList<>(extraClassPath);
    cp.add(classPath(main));
    command.add(String.join(java.io.File.pathSeparator, cp));
    command.add(main.getName());
    Path log = Files.createTempFile("ctx4j-forked-", ".log");
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor();
        return new ForkedJvm(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log));
      }
      return new ForkedJvm(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** The runtime's classes, the test classes and the test class path (the suite may run them on the module path). */
  private static String classPath(Class<?> main) {
    List<String> entries = new ArrayList<>();
    for (Class<?> c : List.of(Context.class, main)) {
      try {
        entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
      } catch (java.net.URISyntaxException | RuntimeException e) {
        // fall back to the class path alone
      }
    }
    entries.add(System.getProperty("java.class.path"));
    return String.join(java.io.File.pathSeparator, entries);
  }

  @Override
  public String toString() {
    return "exit " + exitCode + ":\n" + output;
  }
}
