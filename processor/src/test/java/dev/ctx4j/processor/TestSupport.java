package dev.ctx4j.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.TestInfo;

/** Shared test plumbing: the compiler with ctx4j's processor, input cases, goldens and in-memory class loading. */
final class TestSupport {
  /** Where test resources live in the source tree, relative to the module (surefire's working directory). */
  static final Path RESOURCES = Paths.get("src", "test", "resources");
  /** Where a missing or differing golden's actual content is written, for review and copying. */
  static final Path ACTUAL_GOLDENS = Paths.get("target", "goldens-actual");

  private TestSupport() {}

  /** javac with ctx4j's processor; {@code -processing} because javac's lint warns whenever no processor claims. */
  static Compiler compiler() {
    return Compiler.javac().withProcessors(new Ctx4jProcessor()).withOptions("-Xlint:all,-processing");
  }

  /** Compiles the sources of {@code inputs/<name>/}. */
  static Compilation compileCase(String name) {
    return compiler().compile(inputs(name));
  }

  /** Returns every {@code .java} file under {@code inputs/<name>/}, in path order. */
  static List<JavaFileObject> inputs(String name) {
    String root = "inputs/" + name;
    URL url = TestSupport.class.getClassLoader().getResource(root);
    assertWithMessage("missing input case %s", RESOURCES.resolve(root)).that(url).isNotNull();
    try (Stream<Path> files = Files.walk(Paths.get(url.toURI()))) {
      Path base = Paths.get(url.toURI());
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .sorted()
          .map(p -> JavaFileObjects.forResource(root + "/" + base.relativize(p).toString().replace('\\', '/')))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Returns one file of {@code inputs/<name>/}, for {@code inFile(...)}. */
  static JavaFileObject input(String name, String path) {
    return JavaFileObjects.forResource("inputs/" + name + "/" + path);
  }

  /**
   * Returns the golden file {@code goldens/<TestClass>/<testMethod>/<fqcn>.java} for the running test. If it is
   * missing, writes {@code actual} under {@link #ACTUAL_GOLDENS} and fails with the path to create (Dagger's
   * {@code GoldenFileRule}).
   */
  static JavaFileObject golden(TestInfo test, String fqcn, String actual) {
    String relative = goldenPath(test, fqcn);
    URL url = TestSupport.class.getClassLoader().getResource(relative);
    if (url == null) {
      Path written = writeActual(relative, actual);
      throw new AssertionError(
          "Missing golden file: create "
              + RESOURCES.resolve(relative)
              + " (the processor's output for it was written to "
              + written
              + ")");
    }
    return JavaFileObjects.forResource(url);
  }

  /** Reads a golden's exact text, failing with the path to create when it is missing. */
  static String goldenText(TestInfo test, String fqcn, String actual) {
    JavaFileObject golden = golden(test, fqcn, actual);
    try (InputStream in = golden.openInputStream()) {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String goldenPath(TestInfo test, String fqcn) {
    return "goldens/"
        + test.getTestClass().orElseThrow().getSimpleName()
        + "/"
        + test.getTestMethod().orElseThrow().getName()
        + "/"
        + fqcn
        + ".java";
  }

  /** Writes {@code content} under {@link #ACTUAL_GOLDENS}; returns where. */
  static Path writeActual(String relative, String content) {
    Path path = ACTUAL_GOLDENS.resolve(relative);
    try {
      Files.createDirectories(path.getParent());
      Files.writeString(path, content, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return path.toAbsolutePath();
  }

  /** Returns the text of the generated source {@code fqcn}, failing if it was not generated. */
  static String generatedSource(Compilation compilation, String fqcn) {
    JavaFileObject file =
        compilation
            .generatedSourceFile(fqcn)
            .orElseThrow(() -> new AssertionError("no generated source " + fqcn + " in " + compilation.generatedSourceFiles()));
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns every generated source, by name, in name order. */
  static Map<String, String> generatedSources(Compilation compilation) {
    Map<String, String> sources = new TreeMap<>();
    for (JavaFileObject file : compilation.generatedSourceFiles()) {
      try {
        sources.put(file.toUri().toString(), file.getCharContent(true).toString());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return sources;
  }

  /** Returns the class files {@code compilation} produced (inputs and generated wrappers), by binary name. */
  static Map<String, byte[]> classFiles(Compilation compilation) {
    Map<String, byte[]> classes = new TreeMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      int start = path.indexOf("CLASS_OUTPUT/");
      String name = path.substring(start + "CLASS_OUTPUT/".length(), path.length() - ".class".length());
      try (InputStream in = file.openInputStream()) {
        classes.put(name.replace('/', '.'), in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return classes;
  }

  /**
   * Returns a class loader over the class files {@code compilation} produced, whose parent is the test class path, so
   * the runtime and the test's own API types are shared with the test.
   */
  static ClassLoader classLoader(Compilation compilation) {
    return classLoader(compilation, Map.of());
  }

  /**
   * Returns a class loader as {@link #classLoader(Compilation)} does that also serves {@code resources} (resource
   * name to where it is), for example a {@code META-INF/services} file.
   */
  static ClassLoader classLoader(Compilation compilation, Map<String, URL> resources) {
    Map<String, byte[]> classes = classFiles(compilation);
    return new ClassLoader(TestSupport.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, bytes, 0, bytes.length);
      }

      @Override
      protected Enumeration<URL> findResources(String name) {
        URL url = resources.get(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(url));
      }
    };
  }
}
