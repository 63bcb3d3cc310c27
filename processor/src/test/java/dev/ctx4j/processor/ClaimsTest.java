package dev.ctx4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.CompilationSubject;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import com.palantir.javapoet.JavaFile;
import dev.ctx4j.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Claims} in real {@code javac} processes: a ctx4j-only build passes {@code -Xlint:all -Werror}, and a second
 * processor that reads {@code @Generated} and {@code @Timeout} still sees them, in either order.
 */
@DisplayName("Claims: strict builds pass, other processors still see the annotations")
class ClaimsTest {
  /** The lint's message, as javac prints it. */
  private static final String UNCLAIMED = "No processor claimed any of these annotations";

  /** A processor that records every element it is offered under the two annotations ctx4j may claim. */
  private static final String SECOND =
      """
      package second;

      import java.io.IOException;
      import java.io.UncheckedIOException;
      import java.nio.file.Files;
      import java.nio.file.Path;
      import java.util.Set;
      import java.util.TreeSet;
      import javax.annotation.processing.AbstractProcessor;
      import javax.annotation.processing.RoundEnvironment;
      import javax.annotation.processing.SupportedAnnotationTypes;
      import javax.annotation.processing.SupportedOptions;
      import javax.lang.model.SourceVersion;
      import javax.lang.model.element.Element;
      import javax.lang.model.element.TypeElement;

      /** Records what it is offered; claims nothing. */
      @SupportedAnnotationTypes({"javax.annotation.processing.Generated", "dev.ctx4j.Timeout"})
      @SupportedOptions("second.log")
      public final class SecondProcessor extends AbstractProcessor {
        private final Set<String> seen = new TreeSet<>();

        /** Creates it. */
        public SecondProcessor() {}

        @Override
        public SourceVersion getSupportedSourceVersion() {
          return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
          for (TypeElement annotation : annotations) {
            for (Element element : round.getElementsAnnotatedWith(annotation)) {
              seen.add(annotation.getSimpleName() + " " + element.getSimpleName());
            }
          }
          if (round.processingOver()) {
            try {
              Files.write(Path.of(processingEnv.getOptions().get("second.log")), seen);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
          return false;
        }
      }
      """;

  private static Path runtime;
  private static Path ctx4j;
  private static Path javapoet;

  @TempDir static Path shared;
  private static Path second;

  @TempDir Path dir;

  @BeforeAll
  static void compileSecondProcessor() throws IOException {
    runtime = JavacProcess.locationOf(Context.class);
    ctx4j = JavacProcess.locationOf(Ctx4jProcessor.class);
    javapoet = JavacProcess.locationOf(JavaFile.class);
    second = shared.resolve("second");
    Path source = JavacProcess.write(shared.resolve("second-src"), "second/SecondProcessor.java", SECOND);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int exit = javac.run(null, null, null, "-proc:none", "-d", second.toString(), source.toString());
    assertThat(exit).isEqualTo(0);
    JavacProcess.write(
        second, "META-INF/services/javax.annotation.processing.Processor", "second.SecondProcessor\n");
  }

  private JavacProcess.Result compile(String processorPath, List<String> sources, String... options) {
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(
        List.of(
            "-cp", runtime.toString(),
            "-processorpath", processorPath,
            "-d", dir.resolve("classes").toString(),
            "-s", dir.resolve("generated").toString()));
    if (processorPath.contains(second.toString())) {
      args.add("-Asecond.log=" + dir.resolve("second.log"));
    }
    args.addAll(sources);
    try {
      Files.createDirectories(dir.resolve("classes"));
      Files.createDirectories(dir.resolve("generated"));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return JavacProcess.run(args);
  }

  private List<String> secondSaw() throws IOException {
    return Files.readAllLines(dir.resolve("second.log"), UTF_8);
  }

  @Test
  @DisplayName("a ctx4j-only build passes -Xlint:all -Werror and generates the wrapper")
  void ctx4jOnlyBuildIsStrictClean() {
    JavacProcess.Result result =
        compile(
            JavacProcess.path(ctx4j, javapoet),
            JavacProcess.consumerSources(dir.resolve("src")),
            "-Xlint:all",
            "-Werror");

    assertWithMessage(result.output()).that(result.succeeded()).isTrue();
    assertThat(result.output()).doesNotContain(UNCLAIMED);
    assertThat(Files.exists(dir.resolve("classes/demo/Ctx4j_Foo.class"))).isTrue();
  }

  @Test
  @DisplayName("a processor that runs before ctx4j sees @Timeout and @Generated, and the build stays strict-clean")
  void processorBeforeCtx4jSeesEverything() throws IOException {
    JavacProcess.Result result =
        compile(
            JavacProcess.path(second, ctx4j, javapoet),
            JavacProcess.consumerSources(dir.resolve("src")),
            "-Xlint:all",
            "-Werror");

    assertWithMessage(result.output()).that(result.succeeded()).isTrue();
    assertThat(secondSaw()).containsExactly("Generated Ctx4j_Foo", "Timeout find");
  }

  @Test
  @DisplayName("a processor that runs after ctx4j still sees @Timeout and @Generated: ctx4j then claims nothing")
  void processorAfterCtx4jSeesEverything() throws IOException {
    JavacProcess.Result result =
        compile(
            JavacProcess.path(ctx4j, javapoet, second),
            JavacProcess.consumerSources(dir.resolve("src")),
            "-Xlint:all");

    assertWithMessage(result.output()).that(result.succeeded()).isTrue();
    assertThat(secondSaw()).containsExactly("Generated Ctx4j_Foo", "Timeout find");
    // the documented cost: nobody claims, so javac's lint speaks (list ctx4j's processor last to avoid it)
    assertThat(result.output()).contains(UNCLAIMED);
  }

  @Test
  @DisplayName("another tool's @Generated is never claimed, nor wrapped")
  void foreignGeneratedIsLeftAlone() {
    List<String> sources = new ArrayList<>(JavacProcess.consumerSources(dir.resolve("src")));
    sources.add(
        JavacProcess.write(
                dir.resolve("src"),
                "demo/Other.java",
                """
                package demo;

                import javax.annotation.processing.Generated;

                /** Written by another tool. */
                @Generated("other.Tool")
                public final class Other {
                  private Other() {}
                }
                """)
            .toString());

    JavacProcess.Result result = compile(JavacProcess.path(ctx4j, javapoet), sources, "-Xlint:all");

    assertWithMessage(result.output()).that(result.succeeded()).isTrue();
    assertThat(result.output()).contains(UNCLAIMED);
    assertThat(result.output()).contains("javax.annotation.processing.Generated");
    assertThat(result.output()).doesNotContain("Ctx4j_Other");
    assertThat(Files.exists(dir.resolve("classes/demo/Ctx4j_Foo.class"))).isTrue();
    assertThat(Files.exists(dir.resolve("generated/demo/Ctx4j_Other.java"))).isFalse();
  }

  @Test
  @DisplayName("handed to javac as an object (the javax.tools API), ctx4j claims only when -Actx4j.claim=true says so")
  void apiUseClaimsOnlyWhenTold() {
    JavaFileObject foo = JavaFileObjects.forSourceString("demo.Foo", JavacProcess.FOO);
    Compilation auto = Compiler.javac().withProcessors(new Ctx4jProcessor()).withOptions("-Xlint:all").compile(foo);
    Compilation told =
        Compiler.javac()
            .withProcessors(new Ctx4jProcessor())
            .withOptions("-Xlint:all", "-Werror", "-A" + Claims.OPTION + "=true")
            .compile(foo);
    Compilation never =
        Compiler.javac()
            .withProcessors(new Ctx4jProcessor())
            .withOptions("-Xlint:all", "-A" + Claims.OPTION + "=false")
            .compile(foo);

    CompilationSubject.assertThat(auto).hadWarningContaining(UNCLAIMED);
    CompilationSubject.assertThat(told).succeededWithoutWarnings();
    CompilationSubject.assertThat(told).generatedSourceFile("demo.Ctx4j_Foo");
    CompilationSubject.assertThat(never).hadWarningContaining(UNCLAIMED);
  }

  @Test
  @DisplayName("ctx4j is last only when its class ends javac's list of discovered processors")
  void lastMeansLastInDiscoveryOrder() {
    String self = GeneratedNames.PROCESSOR;
    assertThat(Claims.isLast(List.of(self), self)).isTrue();
    assertThat(Claims.isLast(List.of("a.Other", self), self)).isTrue();
    assertThat(Claims.isLast(List.of(self, "a.Other"), self)).isFalse();
    assertThat(Claims.isLast(List.of(), self)).isFalse();
    assertThat(Claims.isLast(List.of("a.Other"), self)).isFalse();
  }
}
