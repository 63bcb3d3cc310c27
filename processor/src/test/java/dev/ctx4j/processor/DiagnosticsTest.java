package dev.ctx4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.ctx4j.processor.Diagnostics.Message;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One test per diagnostic: compilation fails, with exactly one error (no cascade), whose text is the
 * constant from {@link Diagnostics}, in the right file, on the right line. Inputs are inline: each is a few lines and
 * reads best next to its assertion (AutoValue's style).
 */
class DiagnosticsTest {
  /** The second fix [Ctx4jAsyncType] names for a method-level annotation. */
  private static final String METHOD_FIX = "or annotate only the methods that should be bounded";

  private static JavaFileObject source(String fqcn, String... lines) {
    return JavaFileObjects.forSourceLines(fqcn, lines);
  }

  private static Compilation compile(JavaFileObject... sources) {
    return TestSupport.compiler().compile(sources);
  }

  private static void assertOneError(JavaFileObject source, String message, String line) {
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  @Test
  @DisplayName("P10 [Ctx4jPrivate]: an annotated private method is an error on its annotation")
  void privateMethod() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "class Foo {",
            "  @Timeout(100)",
            "  private void run(Context ctx) {}",
            "}");
    assertOneError(source, Message.PRIVATE_METHOD.format("Timeout"), "@Timeout(100)");
  }

  @Test
  @DisplayName("P10 [Ctx4jStatic]: an annotated static method is an error")
  void staticMethod() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "class Foo {",
            "  @Cancellable",
            "  static void run(Context ctx) {}",
            "}");
    assertOneError(source, Message.STATIC_METHOD.format("Cancellable"), "@Cancellable");
  }

  @Test
  @DisplayName("P10 [Ctx4jFinal]: an annotated final method is an error")
  void finalMethod() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "class Foo {",
            "  @Cancellable",
            "  public final void run(Context ctx) {}",
            "}");
    assertOneError(source, Message.FINAL_METHOD.format("Cancellable", "Ctx4j_Foo"), "@Cancellable");
  }

  @Test
  @DisplayName("P10 [Ctx4jAbstract]: an annotated abstract method of a class is an error (no super to call)")
  void abstractMethodInClass() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "abstract class Foo {",
            "  @Timeout(5)",
            "  abstract void run(Context ctx);",
            "}");
    assertOneError(source, Message.ABSTRACT_METHOD.format("Timeout"), "@Timeout(5)");
  }

  @Test
  @DisplayName("P10 [Ctx4jFinalType]: a final class with an annotated method is an error on the class")
  void finalClass() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "final class Foo {",
            "  @Cancellable",
            "  void run(Context ctx) {}",
            "}");
    assertOneError(source, Message.FINAL_TYPE.format("Cancellable", "Ctx4j_Foo"), "final class Foo");
  }

  @Test
  @DisplayName("P10 [Ctx4jPrivateType]: a type nested privately is an error")
  void privateType() {
    JavaFileObject source =
        source(
            "test.Outer",
            "package test;",
            "import dev.ctx4j.*;",
            "class Outer {",
            "  private interface Inner {",
            "    @Cancellable",
            "    void run(Context ctx);",
            "  }",
            "}");
    assertOneError(source, Message.PRIVATE_TYPE.format("Cancellable", "Inner"), "private interface Inner");
  }

  @Test
  @DisplayName("P10 [Ctx4jInnerClass]: a non-static inner class is an error")
  void innerClass() {
    JavaFileObject source =
        source(
            "test.Outer",
            "package test;",
            "import dev.ctx4j.*;",
            "class Outer {",
            "  class Inner {",
            "    @Cancellable",
            "    void run(Context ctx) {}",
            "  }",
            "}");
    assertOneError(source, Message.INNER_CLASS.format("Cancellable", "Inner"), "class Inner");
  }

  @Test
  @DisplayName("P10 [Ctx4jRecord]: a record is an error")
  void record() {
    JavaFileObject source =
        source(
            "test.Point",
            "package test;",
            "import dev.ctx4j.*;",
            "@Timeout(10)",
            "record Point(int x) {",
            "  public void run(Context ctx) {}",
            "}");
    assertOneError(source, Message.RECORD.format("Timeout"), "@Timeout(10)");
  }

  @Test
  @DisplayName("P10 [Ctx4jEnum]: an enum is an error")
  void enumType() {
    JavaFileObject source =
        source(
            "test.Mode",
            "package test;",
            "import dev.ctx4j.*;",
            "enum Mode {",
            "  FAST;",
            "  @Cancellable",
            "  public void run(Context ctx) {}",
            "}");
    assertOneError(source, Message.ENUM.format("Cancellable"), "enum Mode");
  }

  @Test
  @DisplayName("P10 [Ctx4jAnnotationType]: an annotation type is an error")
  void annotationType() {
    JavaFileObject source =
        source(
            "test.Marker",
            "package test;",
            "import dev.ctx4j.*;",
            "@Cancellable",
            "@interface Marker {}");
    assertOneError(source, Message.ANNOTATION_TYPE.format("Cancellable"), "@Cancellable");
  }

  @Test
  @DisplayName("P10 [Ctx4jSealed]: a sealed type that does not permit its wrapper is an error")
  void sealedType() {
    JavaFileObject source =
        source(
            "test.Shape",
            "package test;",
            "import dev.ctx4j.*;",
            "sealed interface Shape permits Square {",
            "  @Cancellable",
            "  void draw(Context ctx);",
            "}",
            "final class Square implements Shape {",
            "  public void draw(Context ctx) {}",
            "}");
    assertOneError(source, Message.SEALED.format("Cancellable", "Ctx4j_Shape", "Ctx4j_Shape"), "sealed interface");
  }

  @Test
  @DisplayName("P1 a sealed type that permits Ctx4j_Foo gets its wrapper")
  void sealedTypePermittingWrapper() {
    JavaFileObject source =
        source(
            "test.Shape",
            "package test;",
            "import dev.ctx4j.*;",
            "sealed interface Shape permits Square, Ctx4j_Shape {",
            "  @Cancellable",
            "  void draw(Context ctx);",
            "}",
            "final class Square implements Shape {",
            "  public void draw(Context ctx) {}",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Ctx4j_Shape").isNotNull();
  }

  @Test
  @DisplayName("P10 [Ctx4jConstructor]: a class whose constructors are all private is an error")
  void noConstructor() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "class Foo {",
            "  private Foo() {}",
            "  @Cancellable",
            "  void run(Context ctx) {}",
            "}");
    assertOneError(source, Message.NO_CONSTRUCTOR.format("Cancellable", "Ctx4j_Foo"), "class Foo");
  }

  @Test
  @DisplayName("P10 [Ctx4jAbstractClass]: an abstract class that leaves a method unimplemented is an error")
  void abstractClass() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "abstract class Foo implements Runnable {",
            "  @Cancellable",
            "  void work(Context ctx) {}",
            "}");
    assertOneError(
        source,
        Message.ABSTRACT_CLASS.format("Cancellable", "Ctx4j_Foo", "Runnable.run()"),
        "abstract class Foo");
  }

  @Test
  @DisplayName("P10 [Ctx4jContextParameters]: two Context parameters are an error")
  void twoContexts() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Foo {",
            "  @Timeout(5)",
            "  void run(Context first, Context second);",
            "}");
    assertOneError(source, Message.CONTEXT_PARAMETERS.format("Timeout", 2), "@Timeout(5)");
  }

  @Test
  @DisplayName("P10 [Ctx4jContextType]: a parameter of a Context subtype is an error on that parameter")
  void contextSubtype() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Foo {",
            "  @Cancellable",
            "  void run(",
            "      CancellableContext ctx);",
            "}");
    assertOneError(
        source,
        Message.CONTEXT_TYPE.format("Cancellable", "ctx", "dev.ctx4j.CancellableContext"),
        "CancellableContext ctx");
  }

  @Test
  @DisplayName("P10 [Ctx4jContextNotFirst]: a Context that is not the first parameter is a warning")
  void contextNotFirst() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Foo {",
            "  @Cancellable",
            "  void run(String name,",
            "      Context ctx);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(Message.CONTEXT_NOT_FIRST.format("Cancellable", 2, "ctx"))
        .inFile(source)
        .onLineContaining("Context ctx");
    assertThat(Message.CONTEXT_NOT_FIRST.format("Cancellable", 2, "ctx")).contains("@SuppressWarnings(\"ctx4j\")");
    assertThat(compilation).generatedSourceFile("test.Ctx4j_Foo").isNotNull();
  }

  @Test
  @DisplayName("P10 [Ctx4jContextNotFirst]: @SuppressWarnings(\"ctx4j\") on the method or its type silences it")
  void contextNotFirstSuppressed() {
    JavaFileObject onMethod =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Foo {",
            "  @Cancellable",
            "  @SuppressWarnings(\"ctx4j\")",
            "  void run(String name, Context ctx);",
            "}");
    JavaFileObject onType =
        source(
            "test.Bar",
            "package test;",
            "import dev.ctx4j.*;",
            "@SuppressWarnings(\"ctx4j\")",
            "interface Bar {",
            "  @Cancellable",
            "  void run(String name, Context ctx);",
            "}");
    assertThat(compile(onMethod, onType)).succeededWithoutWarnings();
  }

  @Test
  @DisplayName("P10 [Ctx4jTimeoutValue]: @Timeout(0) is an error on the value")
  void timeoutNotPositive() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Foo {",
            "  @Timeout(0)",
            "  void run(Context ctx);",
            "}");
    assertOneError(source, Message.TIMEOUT_NOT_POSITIVE.format(0L), "@Timeout(0)");
  }

  @Test
  @DisplayName("P10 [Ctx4jTimeoutValue]: a negative @Timeout on a type is an error on the value")
  void timeoutNegativeOnType() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "@Timeout(value = -5)",
            "interface Foo {",
            "  void run(Context ctx);",
            "}");
    assertOneError(source, Message.TIMEOUT_NOT_POSITIVE.format(-5L), "@Timeout(value = -5)");
  }

  @Test
  @DisplayName("P10 [Ctx4jTimeoutTooLong]: a @Timeout longer than 100 years is an error on the value")
  void timeoutTooLong() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "import java.util.concurrent.TimeUnit;",
            "interface Foo {",
            "  @Timeout(value = 36526, unit = TimeUnit.DAYS)",
            "  void run(Context ctx);",
            "}");
    assertOneError(source, Message.TIMEOUT_TOO_LONG.format(36526L, "days"), "value = 36526");
  }

  @Test
  @DisplayName("P10 a @Timeout of exactly 100 years is accepted")
  void timeoutHundredYears() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "import java.util.concurrent.TimeUnit;",
            "interface Foo {",
            "  @Timeout(value = 36525, unit = TimeUnit.DAYS)",
            "  void run(Context ctx);",
            "}");
    assertThat(compile(source)).succeededWithoutWarnings();
  }

  @Test
  @DisplayName("P10 an annotation javac rejects (no value) gets javac's error only, and no wrapper")
  void timeoutWithoutValue() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Foo {",
            "  @Timeout",
            "  void run(Context ctx);",
            "  @Cancellable",
            "  void other(Context ctx);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("value").inFile(source).onLineContaining("@Timeout");
  }

  @Test
  @DisplayName("P10 [Ctx4jAsyncType]: a subclass of CompletableFuture cannot be honoured")
  void completableFutureSubclass() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "import java.util.concurrent.CompletableFuture;",
            "interface Foo {",
            "  final class Later<T> extends CompletableFuture<T> {}",
            "  @Timeout(5)",
            "  Later<String> fetch(Context ctx);",
            "}");
    assertOneError(source, Message.ASYNC_TYPE.format("Timeout", "test.Foo.Later<java.lang.String>", METHOD_FIX), "@Timeout(5)");
  }

  @Test
  @DisplayName("P10 [Ctx4jAsyncType]: a Future would be cancelled on return, so it is an error")
  void futureReturn() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "import java.util.concurrent.Future;",
            "interface Foo {",
            "  @Cancellable",
            "  Future<String> fetch(Context ctx);",
            "}");
    assertOneError(
        source, Message.ASYNC_TYPE.format("Cancellable", "java.util.concurrent.Future<java.lang.String>", METHOD_FIX), "@Cancellable");
  }

  @Test
  @DisplayName("P10 [Ctx4jAsyncType]: a raw CompletionStage is an error")
  void rawStage() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "import java.util.concurrent.CompletionStage;",
            "interface Foo {",
            "  @Cancellable",
            "  @SuppressWarnings(\"rawtypes\")",
            "  CompletionStage fetch(Context ctx);",
            "}");
    assertOneError(
        source, Message.ASYNC_TYPE.format("Cancellable", "java.util.concurrent.CompletionStage", METHOD_FIX), "@Cancellable");
  }

  @Test
  @DisplayName("P10 [Ctx4jBothAnnotations]: @Cancellable and @Timeout on one method is an error")
  void bothOnMethod() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Foo {",
            "  @Cancellable",
            "  @Timeout(5)",
            "  void run(Context ctx);",
            "}");
    assertOneError(source, Message.BOTH_ANNOTATIONS.format("method"), "@Timeout(5)");
  }

  @Test
  @DisplayName("P10 [Ctx4jBothAnnotations]: @Cancellable and @Timeout on one type is an error")
  void bothOnType() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "@Cancellable",
            "@Timeout(7)",
            "interface Foo {",
            "  void run(Context ctx);",
            "}");
    assertOneError(source, Message.BOTH_ANNOTATIONS.format("type"), "@Timeout(7)");
  }

  @Test
  @DisplayName("P10 every error in a type is reported, not only the first; other types still get wrappers")
  void allErrorsReported() {
    JavaFileObject bad =
        source(
            "test.Bad",
            "package test;",
            "import dev.ctx4j.*;",
            "class Bad {",
            "  @Timeout(0)",
            "  void zero(Context ctx) {}",
            "  @Cancellable",
            "  private void hidden(Context ctx) {}",
            "}");
    JavaFileObject good =
        source(
            "test.Good",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Good {",
            "  @Cancellable",
            "  void run(Context ctx);",
            "}");
    Compilation compilation =
        TestSupport.compiler().withOptions("-Xlint:all,-processing", "-Actx4j.debug=true").compile(bad, good);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining(Message.TIMEOUT_NOT_POSITIVE.format(0L)).inFile(bad).onLineContaining("@Timeout(0)");
    assertThat(compilation).hadErrorContaining(Message.PRIVATE_METHOD.format("Cancellable")).inFile(bad).onLineContaining("@Cancellable");
    // generated files are not available from a failed compilation; the debug note says what was written
    assertThat(compilation).hadNoteContaining(Message.DEBUG_GENERATED.format("test.Ctx4j_Good", "test.Good"));
    assertThat(compilation.notes()).hasSize(1);
  }

  @Test
  @DisplayName("P10 [Ctx4jUndefined]: a type that never resolves is reported in the last round")
  void undefinedType() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Foo {",
            "  @Cancellable",
            "  Missing run(Context ctx);",
            "}");
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    // javac reports the unknown symbol itself; ctx4j adds exactly one error of its own.
    assertThat(compilation).hadErrorContaining("cannot find symbol");
    assertThat(compilation).hadErrorContaining(Message.UNDEFINED.format("Ctx4j_Foo", "Missing")).inFile(source).onLineContaining("interface Foo");
    assertThat(compilation.errors().stream().filter(e -> e.getMessage(null).contains("[Ctx4j")).count()).isEqualTo(1);
  }

  @Test
  @DisplayName("P10 a type that another processor generates in a later round is waited for, not reported")
  void deferredUntilGenerated() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Foo {",
            "  @Cancellable",
            "  Later run(Context ctx);",
            "}");
    Compilation compilation =
        TestSupport.compiler()
            .withProcessors(new Ctx4jProcessor(), new GeneratesLater())
            .compile(source);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Ctx4j_Foo").contentsAsUtf8String().contains("Later result");
  }

  @Test
  @DisplayName("P10 [Ctx4jException]: an unexpected exception becomes one error on the type, never a javac crash")
  void unexpectedException() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Foo {",
            "  @Cancellable",
            "  void run(Context ctx);",
            "}");
    Compilation compilation =
        TestSupport.compiler().withProcessors(new BrokenFiler(new IllegalStateException("boom"))).compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(Message.EXCEPTION.format("java.lang.IllegalStateException: boom"))
        .inFile(source)
        .onLineContaining("interface Foo");
  }

  @Test
  @DisplayName("P10 [Ctx4jWrite]: a file that cannot be written is one error on the type")
  void writeFailure() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Foo {",
            "  @Cancellable",
            "  void run(Context ctx);",
            "}");
    Compilation compilation =
        TestSupport.compiler().withProcessors(new BrokenFiler(new FilerException("disk full"))).compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(Message.WRITE.format("test.Ctx4j_Foo", "disk full"))
        .inFile(source)
        .onLineContaining("interface Foo");
  }

  @Test
  @DisplayName("P11 no notes by default; -Actx4j.debug=true prints one per wrapper")
  void debugOption() {
    JavaFileObject source =
        source(
            "test.Foo",
            "package test;",
            "import dev.ctx4j.*;",
            "interface Foo {",
            "  @Cancellable",
            "  void run(Context ctx);",
            "}");
    Compilation quiet = compile(source);
    assertThat(quiet).succeededWithoutWarnings();
    assertThat(quiet.notes()).isEmpty();
    Compilation debug = TestSupport.compiler().withOptions("-Xlint:all,-processing", "-Actx4j.debug=true").compile(source);
    assertThat(debug).succeededWithoutWarnings();
    assertThat(debug).hadNoteContaining(Message.DEBUG_GENERATED.format("test.Ctx4j_Foo", "test.Foo"));
  }

  @Test
  @DisplayName("P8 the processor declares its annotations, its option and the latest source version")
  void declarations() {
    Ctx4jProcessor processor = new Ctx4jProcessor();
    assertThat(processor.getSupportedAnnotationTypes())
        .containsExactly(
            "dev.ctx4j.Cancellable",
            "dev.ctx4j.Timeout",
            "dev.ctx4j.internal.Ctx4jGenerated",
            "javax.annotation.processing.Generated");
    assertThat(processor.getSupportedOptions()).containsExactly("ctx4j.debug", "ctx4j.claim");
    assertThat(processor.getSupportedSourceVersion()).isEqualTo(SourceVersion.latestSupported());
  }

  /** Generates {@code test.Later} in the first round, after ctx4j has seen it unresolved; it exists from round two. */
  private static final class GeneratesLater extends AbstractProcessor {
    private int round;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
      if (round++ == 0) {
        try (var writer = processingEnv.getFiler().createSourceFile("test.Later").openWriter()) {
          writer.write("package test;\npublic final class Later {}\n");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  /** Runs ctx4j's processor with a Filer whose createSourceFile throws {@code failure}. */
  private static final class BrokenFiler extends AbstractProcessor {
    private final Ctx4jProcessor processor = new Ctx4jProcessor();
    private final Exception failure;

    BrokenFiler(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return processor.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return processor.getSupportedSourceVersion();
    }

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      Filer filer =
          proxy(
              Filer.class,
              (p, method, args) -> {
                if (method.getName().equals("createSourceFile")) {
                  throw failure;
                }
                return method.invoke(env.getFiler(), args);
              });
      processor.init(
          proxy(
              ProcessingEnvironment.class,
              (p, method, args) -> method.getName().equals("getFiler") ? filer : method.invoke(env, args)));
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
      return processor.process(annotations, roundEnv);
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
      return type.cast(
          Proxy.newProxyInstance(
              type.getClassLoader(),
              new Class<?>[] {type},
              (p, method, args) -> {
                try {
                  return handler.invoke(p, method, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              }));
    }
  }

  @Test
  void contextNotFirstStaysAWarning() {
    // Diagnostic kinds are part of the contract: a warning must stay a warning (a test, not a static assert that
    // would fail the whole class as an initialisation error)
    assertThat(Message.CONTEXT_NOT_FIRST.kind()).isEqualTo(Diagnostic.Kind.WARNING);
  }
}
