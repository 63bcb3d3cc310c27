package dev.ctx4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * One golden per output shape, compared on the AST ({@code hasSourceEquivalentTo}: member order and bodies count,
 * formatting and comments do not), plus one exact-text test of header, imports and layout, determinism and lint.
 * Behaviour is tested by running the wrappers ({@link WrapperBehaviourTest}), not here.
 *
 * <p>A missing golden fails with the path to create; the processor's output is then under
 * {@code target/goldens-actual/}.
 */
class GoldenTest {

  private static void assertGolden(TestInfo test, String inputCase, String fqcn) {
    Compilation compilation = TestSupport.compileCase(inputCase);
    assertThat(compilation).succeededWithoutWarnings();
    String actual = TestSupport.generatedSource(compilation, fqcn);
    JavaFileObject golden = TestSupport.golden(test, fqcn, actual);
    try {
      assertThat(compilation).generatedSourceFile(fqcn).hasSourceEquivalentTo(golden);
    } catch (AssertionError e) {
      TestSupport.writeActual(TestSupport.goldenPath(test, fqcn), actual);
      throw e;
    }
  }

  @Test
  @DisplayName("P1 golden: a class gets a final subclass mirroring its non-private constructors, calling super")
  void classWithConstructors(TestInfo test) {
    assertGolden(test, "class_constructors", "shop.Ctx4j_Inventory");
  }

  @Test
  @DisplayName("P9 golden: type parameters and method type parameters keep their bounds and wildcards")
  void genericMethodWithBounds(TestInfo test) {
    assertGolden(test, "generic_method", "shop.Ctx4j_Repository");
  }

  @Test
  @DisplayName("P9 golden: varargs, checked exceptions, final and annotated parameters are preserved")
  void varargsAndCheckedExceptions(TestInfo test) {
    assertGolden(test, "varargs_checked", "shop.Ctx4j_Mailer");
  }

  @Test
  @DisplayName("P9 golden: overloads keep their own signatures and policies")
  void overloads(TestInfo test) {
    assertGolden(test, "overloads", "shop.Ctx4j_Search");
  }

  @Test
  @DisplayName("P8 golden: CompletionStage and CompletableFuture returns go through call.async")
  void completionStage(TestInfo test) {
    assertGolden(test, "completion_stage", "shop.Ctx4j_Fetcher");
  }

  @Test
  @DisplayName("P2 golden: without a Context parameter the call starts from Context.current() and attaches")
  void methodWithoutContext(TestInfo test) {
    assertGolden(test, "no_context", "shop.Ctx4j_Clock");
  }

  @Test
  @DisplayName("P1 golden: a nested type Outer.Inner gets the top-level Ctx4j_Outer_Inner")
  void nestedType(TestInfo test) {
    assertGolden(test, "nested_type", "shop.Ctx4j_Outer_Inner");
  }

  @Test
  @DisplayName("P1 P11 exact text of an interface's delegating wrapper (wrapped, default and untouched methods): file comment, imports, @Generated, Javadoc, layout")
  void exactText(TestInfo test) {
    Compilation compilation = TestSupport.compileCase("interface");
    assertThat(compilation).succeededWithoutWarnings();
    String fqcn = "shop.Ctx4j_OrderService";
    String actual = TestSupport.generatedSource(compilation, fqcn);
    String golden = TestSupport.goldenText(test, fqcn, actual);
    if (!actual.equals(golden)) {
      TestSupport.writeActual(TestSupport.goldenPath(test, fqcn), actual);
    }
    assertThat(compilation).generatedSourceFile(fqcn).contentsAsUtf8String().isEqualTo(golden);
  }

  @Test
  @DisplayName("P11 deterministic: compiling the same input twice gives byte-identical sources")
  void deterministic() {
    List<String> cases =
        List.of(
            "interface",
            "class_constructors",
            "generic_method",
            "varargs_checked",
            "overloads",
            "completion_stage",
            "no_context",
            "nested_type");
    for (String inputCase : cases) {
      Map<String, String> first = TestSupport.generatedSources(TestSupport.compileCase(inputCase));
      Map<String, String> second = TestSupport.generatedSources(TestSupport.compileCase(inputCase));
      assertWithMessage("case %s", inputCase).that(first).isNotEmpty();
      assertWithMessage("case %s", inputCase).that(second).isEqualTo(first);
    }
  }

  @Test
  @DisplayName("P11 -Xlint:all: the generated sources compile without a single warning")
  void lintClean() {
    List<String> cases =
        List.of(
            "interface",
            "class_constructors",
            "generic_method",
            "varargs_checked",
            "overloads",
            "completion_stage",
            "no_context",
            "nested_type",
            "edge_cases");
    List<JavaFileObject> sources = new ArrayList<>();
    for (String inputCase : cases) {
      List<JavaFileObject> inputs = TestSupport.inputs(inputCase);
      Compilation compilation = TestSupport.compiler().compile(inputs);
      assertThat(compilation).succeededWithoutWarnings();
      sources.addAll(inputs);
      for (Map.Entry<String, String> generated : TestSupport.generatedSources(compilation).entrySet()) {
        String uri = generated.getKey();
        String name = uri.substring(uri.indexOf("SOURCE_OUTPUT/") + "SOURCE_OUTPUT/".length());
        sources.add(JavaFileObjects.forSourceString(name.replace(".java", "").replace('/', '.'), generated.getValue()));
      }
    }
    // Without the processor, so that javac's "no processor claimed" lint (category "processing") cannot apply: what
    // remains is about the code itself, inputs and wrappers, under every other lint category.
    Compilation plain = Compiler.javac().withOptions("-Xlint:all", "-proc:none").compile(sources);
    assertThat(plain).succeededWithoutWarnings();
  }

  @Test
  @DisplayName("P11 @Generated: javax.annotation.processing.Generated names the processor, with no date or version")
  void generatedAnnotation() {
    Compilation compilation = TestSupport.compileCase("nested_type");
    assertThat(compilation).succeeded();
    String source = TestSupport.generatedSource(compilation, "shop.Ctx4j_Outer_Inner");
    assertThat(source).contains("@Generated(\"dev.ctx4j.processor.Ctx4jProcessor\")");
    assertThat(source).contains("import javax.annotation.processing.Generated;");
    assertThat(source).contains("@Ctx4jGenerated");
    assertThat(source).startsWith("// Generated by ctx4j from shop.Outer.Inner. Do not edit.\n");
  }

  @Test
  @DisplayName("P11 @Generated falls back to the file comment alone when the annotation does not exist (--release 8)")
  void generatedFallback() {
    Compilation compilation =
        TestSupport.compiler()
            .withOptions("--release", "8", "-Xlint:all,-processing,-options")
            .compile(TestSupport.inputs("nested_type"));
    assertThat(compilation).succeededWithoutWarnings();
    String source = TestSupport.generatedSource(compilation, "shop.Ctx4j_Outer_Inner");
    assertThat(source).startsWith("// Generated by ctx4j from shop.Outer.Inner. Do not edit.\n");
    assertThat(source).doesNotContain("Generated(");
    assertThat(source).contains("@Ctx4jGenerated");
  }

  @Test
  @DisplayName("P9 type-use annotations are kept; names that clash with the wrapper's are qualified or renamed")
  void typeUseAnnotationsAndClashes() {
    Compilation compilation = TestSupport.compileCase("edge_cases");
    assertThat(compilation).succeededWithoutWarnings();
    String clashes = TestSupport.generatedSource(compilation, "edge.Ctx4j_Clashes");
    assertThat(clashes)
        .contains("public @Nullable String find(Context ctx, Clashes.Call call, @Nullable String result, Object t,");
    assertThat(clashes).contains("List<@Nullable String> names(Context ctx, @Nullable String @Nullable [] prefixes)");
    // the interface's own member types Call and TimeUnit would shadow imports: the runtime's are qualified
    assertThat(clashes).contains("dev.ctx4j.internal.Call call_ = dev.ctx4j.internal.Call.start(ctx, FIND);");
    assertThat(clashes).contains("java.util.concurrent.TimeUnit.MILLISECONDS");
    // a parameter named delegate shadows the field
    assertThat(clashes).contains("this.delegate.find(call_.context(), call, result, t, delegate)");
    assertThat(clashes).contains("catch (Throwable t_)");
    // a package-private type gets a package-private wrapper; deprecation and Serializable are honoured
    assertThat(TestSupport.generatedSource(compilation, "edge.Ctx4j_Pkg")).contains("\nfinal class Ctx4j_Pkg implements Pkg {");
    String legacy = TestSupport.generatedSource(compilation, "edge.Ctx4j_Legacy");
    assertThat(legacy).contains("@Deprecated\n@SuppressWarnings(\"serial\")\npublic final class Ctx4j_Legacy");
    String repo = TestSupport.generatedSource(compilation, "edge.Ctx4j_Repo");
    assertThat(repo).contains("public final class Ctx4j_Repo<T extends Comparable<T>> extends Repo<T> {");
    assertThat(repo).contains("@SafeVarargs\n  @SuppressWarnings(\"varargs\")\n  public <X extends T> Ctx4j_Repo(Class<X> type, T... seeds) {");
    assertThat(repo).contains("@SuppressWarnings(\"unchecked\")\n  Ctx4j_Repo(int capacity, T... seeds) {");
    assertThat(repo).contains("5000000000L, TimeUnit.NANOSECONDS, false, true);");
    assertThat(TestSupport.generatedSource(compilation, "edge.Ctx4j_Repo_Nested"))
        .contains("protected <E extends Exception> void run(Context ctx) throws E {");
    String raw = TestSupport.generatedSource(compilation, "edge.Ctx4j_Raw");
    assertThat(raw).contains("@SuppressWarnings(\"rawtypes\")\n  public List names(Context ctx, Comparable key) {");
    assertThat(raw).contains("@SuppressWarnings(\"deprecation\")\n  public void watch(Context ctx, Observable observable) {");
    assertThat(TestSupport.generatedSource(compilation, "edge.Ctx4j_Generic"))
        .contains("public Integer apply(String arg0) {\n    return delegate.apply(arg0);");
  }
}
