package dev.ctx4j.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the wrapper the annotation processor generated and cuts one method out of it, so that {@link Main} can show
 * the reader the code that runs.
 */
public final class GeneratedSource {
  /**
   * The system property naming the generated-sources directory; the {@code exec:exec} configuration in
   * {@code sample/pom.xml} sets it to {@code ${project.build.directory}/generated-sources/annotations}.
   */
  public static final String DIRECTORY_PROPERTY = "ctx4j.sample.generatedSources";

  /** Where Maven's compiler plugin writes generated sources, relative to the project root. */
  public static final String MAVEN_LOCATION = "sample/target/generated-sources/annotations/";

  private GeneratedSource() {}

  /**
   * Returns the generated source file of {@code Ctx4j_<simpleName>} in this package, under {@code directory}.
   *
   * @param directory the generated-sources root
   * @param simpleName the annotated type's simple name, for example {@code OrderService}
   * @return the file's path (which may not exist)
   */
  public static Path wrapperFile(Path directory, String simpleName) {
    return directory.resolve(GeneratedSource.class.getPackageName().replace('.', '/'))
        .resolve("Ctx4j_" + simpleName + ".java");
  }

  /**
   * Returns the source of the first method named {@code method} in {@code file}, with its Javadoc and annotations:
   * from the comment or annotation lines just above the signature to the brace that closes the body.
   *
   * @param file the Java source file
   * @param method the method's name
   * @return the method's source, or empty when the file has no such method
   * @throws IOException if the file cannot be read
   */
  public static Optional<String> methodSource(Path file, String method) throws IOException {
    return methodSource(Files.readAllLines(file, StandardCharsets.UTF_8), method);
  }

  /**
   * Returns the source of the first method named {@code method} in {@code lines}; see
   * {@link #methodSource(Path, String)}.
   *
   * @param lines the source, line by line
   * @param method the method's name
   * @return the method's source, or empty when there is no such method
   */
  public static Optional<String> methodSource(List<String> lines, String method) {
    int signature = -1;
    for (int i = 0; i < lines.size() && signature < 0; i++) {
      String line = lines.get(i).strip();
      boolean declaration = !line.startsWith("*") && !line.startsWith("/") && !line.contains("=")
          && !line.contains("delegate.");
      if (declaration && line.matches(".*[\\s>]" + method + "\\(.*")) {
        signature = i;
      }
    }
    if (signature < 0) {
      return Optional.empty();
    }
    int first = signature;
    while (first > 0 && isPreamble(lines.get(first - 1).strip())) {
      first--;
    }
    int depth = 0;
    boolean opened = false;
    StringBuilder out = new StringBuilder();
    for (int i = first; i < lines.size(); i++) {
      String line = lines.get(i);
      out.append(line).append('\n');
      if (i >= signature) {
        for (char c : line.toCharArray()) {
          if (c == '{') {
            depth++;
            opened = true;
          } else if (c == '}') {
            depth--;
          }
        }
        if (opened && depth == 0) {
          return Optional.of(out.toString());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the declaration of the first field named {@code field} in {@code lines}, with its Javadoc: from the
   * comment lines just above it to the line that ends with {@code ;}. The wrapper describes each wrapped method in
   * such a field ({@code FIND} for {@code find}), which holds the annotation's limit.
   *
   * @param lines the source, line by line
   * @param field the field's name
   * @return the field's source, or empty when there is no such field
   */
  public static Optional<String> fieldSource(List<String> lines, String field) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.startsWith("*") && !line.startsWith("/") && line.matches(".*\\s" + field + "\\s*=.*")) {
        int first = i;
        while (first > 0 && isPreamble(lines.get(first - 1).strip())) {
          first--;
        }
        StringBuilder out = new StringBuilder();
        for (int j = first; j < lines.size(); j++) {
          out.append(lines.get(j)).append('\n');
          if (j >= i && lines.get(j).strip().endsWith(";")) {
            return Optional.of(out.toString());
          }
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Javadoc, comment and annotation lines that belong to the declaration below them. */
  private static boolean isPreamble(String line) {
    return line.startsWith("/**") || line.startsWith("*") || line.startsWith("@") || line.startsWith("//");
  }
}
