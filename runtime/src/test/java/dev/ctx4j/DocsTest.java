package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The repository explains itself: every rule id that a test name or a source comment cites (G6, J5, P7, H2, ...) is
 * defined in {@code docs/semantics.md}, and no file points to documents outside the repository.
 */
class DocsTest {
  private static final Pattern CITED = Pattern.compile("\\b([GJPH])(\\d{1,3})\\b");
  private static final Pattern DEFINED = Pattern.compile("^\\| ([GJPH]\\d{1,3}) \\|", Pattern.MULTILINE);
  private static final Map<String, Integer> FAMILIES = Map.of("G", 73, "J", 12, "P", 11, "H", 10);
  private static final List<String> MODULES = List.of("runtime", "processor", "sample", "benchmarks");

  /** Documents that lived outside the repository; written in two parts so that this file does not match itself. */
  private static final Pattern OUTSIDE = Pattern.compile(
      "\\.\\./" + "shared|\\bshare" + "d/|\\b(SEMANTICS|BENCH|STYLE|DEPS)\\." + "md\\b|STYLE" + " rule \\d");

  /**
   * Processor files that still cite the old team documents: the processor is being rewritten on another branch, and
   * these go when that lands. Nothing may be added here.
   */
  private static final Set<String> PENDING = Set.of();

  @Test
  @DisplayName("docs/semantics.md defines each id of G1-G73, J1-J12, P1-P11 and H1-H10 exactly once, and no other")
  void everyIdIsDefinedOnce() {
    Map<String, Integer> defined = new TreeMap<>();
    Matcher m = DEFINED.matcher(read(root().resolve("docs/semantics.md")));
    while (m.find()) {
      defined.merge(m.group(1), 1, Integer::sum);
    }
    Set<String> expected = new TreeSet<>();
    FAMILIES.forEach((family, last) -> {
      for (int i = 1; i <= last; i++) {
        expected.add(family + i);
      }
    });
    assertEquals(expected, defined.keySet(), "the ids with a row in docs/semantics.md");
    defined.forEach((id, count) -> assertEquals(1, count, () -> id + " has " + count + " rows"));
  }

  @Test
  @DisplayName("every rule id cited in the sources, tests and READMEs has a row in docs/semantics.md")
  void everyCitedIdResolves() {
    Path root = root();
    Set<String> defined = new TreeSet<>();
    Matcher d = DEFINED.matcher(read(root.resolve("docs/semantics.md")));
    while (d.find()) {
      defined.add(d.group(1));
    }
    Map<String, Set<String>> unknown = new TreeMap<>();
    int cited = 0;
    for (Path file : sourcesAndReadmes(root)) {
      Matcher m = CITED.matcher(read(file));
      while (m.find()) {
        cited++;
        if (!defined.contains(m.group())) {
          unknown.computeIfAbsent(m.group(), k -> new TreeSet<>()).add(root.relativize(file).toString());
        }
      }
    }
    assertTrue(cited > 300, "found only " + cited + " citations: is the scan looking in the right place, " + root + "?");
    assertTrue(unknown.isEmpty(), () -> "ids cited but not defined in docs/semantics.md: " + unknown);
  }

  @Test
  @DisplayName("no file of the repository points to documents outside it (the team's old reference documents)")
  void nothingPointsOutside() {
    Path root = root();
    Set<String> offenders = new TreeSet<>();
    for (Path file : allTextFiles(root)) {
      String rel = root.relativize(file).toString().replace('\\', '/');
      if (rel.equals("runtime/src/test/java/dev/ctx4j/DocsTest.java")) {
        continue;
      }
      Matcher m = OUTSIDE.matcher(read(file));
      if (m.find() && !PENDING.contains(rel)) {
        offenders.add(rel + " (" + m.group() + ")");
      }
    }
    assertTrue(offenders.isEmpty(), () -> "files pointing outside the repository: " + offenders);
  }

  /** The repository root: the nearest directory, from the module up, that holds docs/semantics.md. */
  private static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("docs/semantics.md")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new AssertionError("no docs/semantics.md above " + Path.of("").toAbsolutePath());
  }

  private static List<Path> sourcesAndReadmes(Path root) {
    List<Path> files = new ArrayList<>();
    files.add(root.resolve("README.md"));
    for (String module : MODULES) {
      Path readme = root.resolve(module).resolve("README.md");
      if (Files.isRegularFile(readme)) {
        files.add(readme);
      }
      Path src = root.resolve(module).resolve("src");
      if (Files.isDirectory(src)) {
        try (Stream<Path> s = Files.walk(src)) {
          s.filter(p -> p.toString().endsWith(".java")).forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return files;
  }

  private static List<Path> allTextFiles(Path root) {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile)
          .filter(p -> {
            String rel = root.relativize(p).toString().replace('\\', '/');
            return !rel.startsWith(".git") && !rel.contains("/target/") && !rel.startsWith("target/")
                && rel.matches(".*\\.(java|md|xml|sh|properties|txt)$");
          })
          .forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
