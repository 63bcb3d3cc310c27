package dev.ctx4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ctx4j.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The packaged {@code ctx4j-processor.jar} (shaded) as a consumer's build uses it, with the {@code javac} of the JDK
 * running the build: alone with {@code ctx4j-runtime.jar} on the plain class path, under {@code -Xlint:all -Werror}.
 * Run by failsafe after {@code package}; the jar's path comes from the system property {@code ctx4j.processor.jar}.
 */
@DisplayName("The packaged processor jar in a consumer's build")
class PackagedJarIT {
  private static Path jar;
  private static Path runtime;

  @TempDir Path dir;

  @BeforeAll
  static void locate() {
    String property = System.getProperty("ctx4j.processor.jar");
    assertWithMessage("system property ctx4j.processor.jar (set by failsafe in processor/pom.xml)")
        .that(property)
        .isNotNull();
    jar = Path.of(property);
    assertWithMessage("%s must exist: run after package", jar).that(Files.isRegularFile(jar)).isTrue();
    runtime = JavacProcess.locationOf(Context.class);
  }

  private JavacProcess.Result compile(String... options) throws IOException {
    Files.createDirectories(dir.resolve("classes"));
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("-Xlint:all", "-Werror", "-d", dir.resolve("classes").toString()));
    args.addAll(JavacProcess.consumerSources(dir.resolve("src")));
    return JavacProcess.run(args);
  }

  private boolean wrapperCompiled() {
    return Files.exists(dir.resolve("classes/demo/Ctx4j_Foo.class"));
  }

  @Test
  @DisplayName(
      "the jar carries JavaPoet relocated, the processor's and the vet plugin's service files and an"
          + " Automatic-Module-Name")
  void jarIsSelfContained() throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      List<String> names = new ArrayList<>();
      for (JarEntry entry : Collections.list(file.entries())) {
        names.add(entry.getName());
      }
      assertThat(names).contains("dev/ctx4j/processor/shaded/com/palantir/javapoet/JavaFile.class");
      assertThat(names.stream().filter(n -> n.startsWith("com/")).toList()).isEmpty();
      assertThat(names).doesNotContain("module-info.class");
      String services =
          new String(
              file.getInputStream(file.getEntry("META-INF/services/javax.annotation.processing.Processor"))
                  .readAllBytes(),
              UTF_8);
      assertThat(services.trim()).isEqualTo(GeneratedNames.PROCESSOR);
      String plugins =
          new String(
              file.getInputStream(file.getEntry("META-INF/services/com.sun.source.util.Plugin")).readAllBytes(),
              UTF_8);
      assertThat(plugins.trim()).isEqualTo("dev.ctx4j.processor.vet.Ctx4jVet");
      assertThat(names).contains("META-INF/gradle/incremental.annotation.processors");
      assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
          .isEqualTo("dev.ctx4j.processor");
    }
  }

  @Test
  @DisplayName("the dependency-reduced POM lists no JavaPoet: the jar needs nothing else at run time")
  void reducedPomHasNoJavaPoet() throws Exception {
    Path pom = Path.of(System.getProperty("ctx4j.processor.reducedPom"));
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    NodeList dependencies = doc.getElementsByTagName("dependency");
    List<String> runtimeDependencies = new ArrayList<>();
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      NodeList scope = dependency.getElementsByTagName("scope");
      String s = scope.getLength() == 0 ? "compile" : scope.item(0).getTextContent().trim();
      if (s.equals("compile") || s.equals("runtime")) {
        runtimeDependencies.add(dependency.getElementsByTagName("artifactId").item(0).getTextContent().trim());
      }
    }
    assertThat(runtimeDependencies).isEmpty();
  }

  @Test
  @DisplayName("on the processor path it runs on every JDK, strict-clean")
  void processorPathWorks() throws IOException {
    JavacProcess.Result result = compile("-cp", runtime.toString(), "-processorpath", jar.toString());

    assertWithMessage(result.output()).that(result.succeeded()).isTrue();
    assertThat(wrapperCompiled()).isTrue();
  }

  @Test
  @DisplayName("on the plain class path alone: JDK 17-22 run it; JDK 23+ do not (cannot find symbol Ctx4j_Foo)")
  void plainClassPath() throws IOException {
    JavacProcess.Result result = compile("-cp", JavacProcess.path(runtime, jar));

    assertThat(result.output()).doesNotContain("NoClassDefFoundError");
    if (JavacProcess.feature() < 23) {
      assertWithMessage(result.output()).that(result.succeeded()).isTrue();
      assertThat(wrapperCompiled()).isTrue();
    } else {
      // the documented JDK 23+ behaviour: the processor is silently not run; the README's troubleshooting entry
      assertThat(result.succeeded()).isFalse();
      assertThat(result.output()).contains("cannot find symbol");
      assertThat(result.output()).contains("Ctx4j_Foo");
      assertThat(wrapperCompiled()).isFalse();
    }
  }

  @Test
  @DisplayName("on the plain class path with -proc:full it runs on JDK 23+ too (the README's fix)")
  void plainClassPathWithProcFull() throws IOException {
    // -proc:full exists since JDK 21; before it, the class path alone works (plainClassPath)
    assumeTrue(JavacProcess.feature() >= 21, "javac before JDK 21 has no -proc:full");
    JavacProcess.Result result = compile("-proc:full", "-cp", JavacProcess.path(runtime, jar));

    assertWithMessage(result.output()).that(result.succeeded()).isTrue();
    assertThat(wrapperCompiled()).isTrue();
  }

  /** A consumer source with one vet finding of each kind that needs no wrapper, and one bypass of Foo's wrapper. */
  private static final String VETTED =
      """
      package demo;

      import dev.ctx4j.CancellableContext;
      import dev.ctx4j.Context;

      /** Code that vet reports. */
      public final class Vetted {
        private Vetted() {}

        /**
         * Leaks a context.
         *
         * @param parent the parent
         */
        public static void leak(Context parent) {
          CancellableContext ctx = parent.withCancel();
          ctx.done();
        }

        /**
         * Suppressed: reports nothing.
         *
         * @param parent the parent
         */
        @SuppressWarnings("ctx4j:lostcancel")
        public static void suppressed(Context parent) {
          parent.withCancel();
        }
      }
      """;

  private JavacProcess.Result compileVetted(String... options) throws IOException {
    Files.createDirectories(dir.resolve("classes"));
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("-Xlint:all", "-d", dir.resolve("classes").toString()));
    args.addAll(JavacProcess.consumerSources(dir.resolve("src")));
    args.add(JavacProcess.write(dir.resolve("src"), "demo/Vetted.java", VETTED).toString());
    return JavacProcess.run(args);
  }

  @Test
  @DisplayName("on the processor path, ctx4j vet starts with no flag and reports as a javac warning")
  void vetStartsWithoutAFlag() throws IOException {
    JavacProcess.Result result = compileVetted("-cp", runtime.toString(), "-processorpath", jar.toString());

    assertWithMessage(result.output()).that(result.succeeded()).isTrue();
    assertThat(wrapperCompiled()).isTrue();
    assertThat(result.output()).contains("Vetted.java:16: warning: [ctx4j:lostcancel]");
    assertThat(result.output()).contains("1 warning");
  }

  @Test
  @DisplayName("-Xplugin:\"Ctx4jVet off\" replaces the automatic start and turns it off")
  void vetOff() throws IOException {
    JavacProcess.Result result =
        compileVetted("-cp", runtime.toString(), "-processorpath", jar.toString(), "-Xplugin:Ctx4jVet off", "-Werror");

    assertWithMessage(result.output()).that(result.succeeded()).isTrue();
    assertThat(result.output()).doesNotContain("[ctx4j:");
  }

  @Test
  @DisplayName("-Xplugin:\"Ctx4jVet errors\" fails the build on a finding")
  void vetErrors() throws IOException {
    JavacProcess.Result result =
        compileVetted("-cp", runtime.toString(), "-processorpath", jar.toString(), "-Xplugin:Ctx4jVet errors");

    assertThat(result.succeeded()).isFalse();
    assertThat(result.output()).contains("Vetted.java:16: error: [ctx4j:lostcancel]");
  }
}
