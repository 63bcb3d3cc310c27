package dev.ctx4j.processor;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A whole {@code javac} process of the JDK running the tests, as a user's build runs it: for what only a real javac
 * shows (how it finds processors on the class path or processor path, and its {@code processing} lint).
 */
final class JavacProcess {
  /** How long one javac may take on a slow shared machine before the test fails. */
  private static final long TIMEOUT_MINUTES = 5;

  private JavacProcess() {}

  /** The outcome of one javac run. */
  record Result(int exitCode, String output) {
    /** Whether javac succeeded. */
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  /** The {@code javac} of the JDK running the tests. */
  static Path javac() {
    return Path.of(System.getProperty("java.home"), "bin", "javac");
  }

  /** The major version of the JDK running the tests (and so of {@link #javac()}). */
  static int feature() {
    return Runtime.version().feature();
  }

  /** Runs {@code javac args...}; returns its exit code and its merged output. */
  static Result run(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javac().toString());
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("javac did not finish in " + TIMEOUT_MINUTES + " min: " + command);
      }
      return new Result(process.exitValue(), new String(output, UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while running " + command, e);
    }
  }

  /** The class-path entry (jar or directory) that {@code type} was loaded from. */
  static Path locationOf(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null) {
      throw new AssertionError("no code source for " + type.getName());
    }
    try {
      return Path.of(source.getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Joins class-path entries with the platform's separator. */
  static String path(Path... entries) {
    List<String> parts = new ArrayList<>();
    for (Path entry : entries) {
      parts.add(entry.toString());
    }
    return String.join(File.pathSeparator, parts);
  }

  /** Writes {@code text} to {@code dir/relative}, creating directories; returns the file. */
  static Path write(Path dir, String relative, String text) {
    Path file = dir.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** A service interface used by the consumer sources below: one {@code @Timeout} method. */
  static final String FOO =
      """
      package demo;

      import dev.ctx4j.Context;
      import dev.ctx4j.Timeout;

      /** A service. */
      public interface Foo {
        /**
         * Finds a name.
         *
         * @param ctx the context
         * @param id the id
         * @return the name
         */
        @Timeout(100)
        String find(Context ctx, String id);
      }
      """;

  /** Uses the wrapper, so that the build fails with "cannot find symbol" if it was not generated. */
  static final String USE =
      """
      package demo;

      /** Uses the wrapper. */
      public final class Use {
        private Use() {}

        /**
         * Wraps a service.
         *
         * @param foo the service
         * @return the wrapper
         */
        public static Foo wrap(Foo foo) {
          return new Ctx4j_Foo(foo);
        }
      }
      """;

  /** Writes {@link #FOO} and {@link #USE} under {@code dir}; returns the two files. */
  static List<String> consumerSources(Path dir) {
    return List.of(
        write(dir, "demo/Foo.java", FOO).toString(), write(dir, "demo/Use.java", USE).toString());
  }
}
