package dev.ctx4j.processor;

import static com.google.common.truth.Truth.assertWithMessage;

import com.palantir.javapoet.JavaFile;
import dev.ctx4j.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A named module that uses ctx4j only inside its implementation ({@code requires dev.ctx4j}, not transitive) compiles
 * under {@code -Xlint:all -Werror} with the wrappers: a wrapper must not add an {@code [exports]} warning that the
 * source does not have (for example through an annotation of ctx4j's that javac counts as part of the module's API).
 */
@DisplayName("Named modules: the wrappers add no [exports] warning")
class ModuleExportsTest {
  @TempDir Path dir;

  @Test
  @DisplayName("a public class of an exported package with a package-private @Timeout method")
  void wrapperOfAnExportedClass() throws IOException {
    Path src = dir.resolve("src");
    List<String> sources = List.of(
        JavacProcess.write(src, "module-info.java", "module m {\n  requires dev.ctx4j;\n  exports a;\n}\n").toString(),
        JavacProcess.write(src, "a/Pub.java", String.join("\n",
            "package a;",
            "",
            "import dev.ctx4j.Timeout;",
            "",
            "/** Exported API; its bounded method is not API. */",
            "public class Pub {",
            "  /** Creates it. */",
            "  public Pub() {}",
            "",
            "  @Timeout(200)",
            "  String find(String id) {",
            "    return id;",
            "  }",
            "}",
            "")).toString());
    Files.createDirectories(dir.resolve("classes"));
    Files.createDirectories(dir.resolve("generated"));
    JavacProcess.Result result = JavacProcess.run(List.of(
        "-Xlint:all", "-Werror",
        "--module-path", JavacProcess.locationOf(Context.class).toString(),
        "-processorpath", JavacProcess.locationOf(Ctx4jProcessor.class) + java.io.File.pathSeparator
            + JavacProcess.locationOf(JavaFile.class),
        "-d", dir.resolve("classes").toString(),
        "-s", dir.resolve("generated").toString(),
        sources.get(0), sources.get(1)));
    assertWithMessage(result.output()).that(result.exitCode()).isEqualTo(0);
    assertWithMessage(result.output()).that(result.output()).doesNotContain("warning");
    assertWithMessage("the wrapper was generated")
        .that(Files.exists(dir.resolve("generated/a/Ctx4j_Pub.java"))).isTrue();
  }
}
