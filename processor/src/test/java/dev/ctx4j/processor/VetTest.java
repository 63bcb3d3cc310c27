package dev.ctx4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ctx4j vet, the javac plugin {@code Ctx4jVet}, as compile-testing runs javac: each input under
 * {@code inputs/vet/<case>/} marks every line that must carry a finding with {@code // expect: <rule>}, and the
 * compilation must report exactly those (file, line, rule) and nothing else, so that each accepted case is a line
 * that must stay silent. The plugin is never named here unless an option is tested: it starts on its own, found on
 * the class path as javac finds it on a user's processor path.
 */
@DisplayName("ctx4j vet (the Ctx4jVet javac plugin)")
class VetTest {
  private static final Pattern EXPECT = Pattern.compile("// expect: ([a-z, ]+)");
  private static final Pattern TAG = Pattern.compile("^\\[ctx4j:([a-z]+)\\] ");

  /** javac with ctx4j's processor (for the wrappers bypass needs) and the given options. */
  static Compilation compile(List<String> options, List<JavaFileObject> files) {
    List<String> all = new ArrayList<>(List.of("-Xlint:all,-processing"));
    all.addAll(options);
    return Compiler.javac().withProcessors(new Ctx4jProcessor()).withOptions(all).compile(files);
  }

  /** Every vet finding of {@code compilation} as {@code File.java:line:rule}. */
  static TreeSet<String> findings(Compilation compilation) {
    TreeSet<String> found = new TreeSet<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      Matcher tag = TAG.matcher(d.getMessage(Locale.ROOT));
      if (tag.find()) {
        String file = d.getSource() == null ? "?" : simpleName(d.getSource());
        found.add(file + ":" + d.getLineNumber() + ":" + tag.group(1));
      }
    }
    return found;
  }

  /** The findings the inputs' {@code // expect:} comments ask for. */
  static TreeSet<String> expected(List<JavaFileObject> files) {
    TreeSet<String> expected = new TreeSet<>();
    for (JavaFileObject file : files) {
      String[] lines = text(file).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        Matcher m = EXPECT.matcher(lines[i]);
        if (m.find()) {
          for (String rule : m.group(1).split(",")) {
            expected.add(simpleName(file) + ":" + (i + 1) + ":" + rule.trim());
          }
        }
      }
    }
    return expected;
  }

  private static String simpleName(JavaFileObject file) {
    String name = file.toUri().getPath();
    return name.substring(name.lastIndexOf('/') + 1);
  }

  private static String text(JavaFileObject file) {
    try (InputStream in = file.openInputStream()) {
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertExactly(String name, List<String> options) {
    List<JavaFileObject> files = TestSupport.inputs("vet/" + name);
    Compilation compilation = compile(options, files);
    assertWithMessage("%s", compilation.diagnostics()).that(compilation.status()).isEqualTo(Compilation.Status.SUCCESS);
    TreeSet<String> expected = expected(files);
    assertWithMessage("the inputs must expect something").that(expected).isNotEmpty();
    assertWithMessage("every finding (file:line:rule) of inputs/vet/%s; diagnostics: %s", name, compilation.diagnostics())
        .that(findings(compilation))
        .containsExactlyElementsIn(expected);
  }

  @ParameterizedTest(name = "{0}: each reported case on its line, each accepted case silent")
  @ValueSource(
      strings = {
        "lostcancel", "ctxfirst", "containedctx", "contextcheck", "nilctx", "bypass", "swallowedinterrupt"
      })
  void rule(String name) {
    assertExactly(name, List.of());
  }

  @Test
  @DisplayName("@SuppressWarnings(\"ctx4j\") and (\"ctx4j:<rule>\") on a class, method, field, parameter or local")
  void suppression() {
    assertExactly("suppression", List.of());
  }

  @Test
  @DisplayName("each message starts with [ctx4j:<rule>] and ends with the fix")
  void messages() {
    Compilation compilation = compile(List.of(), TestSupport.inputs("vet/lostcancel"));
    List<String> messages = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      if (d.getMessage(Locale.ROOT).startsWith("[ctx4j:")) {
        messages.add(d.getMessage(Locale.ROOT));
        assertThat(d.getKind()).isEqualTo(Diagnostic.Kind.WARNING);
      }
    }
    assertThat(messages).isNotEmpty();
    for (String message : messages) {
      assertThat(message).containsMatch("; .*(try-with-resources|finally).*$");
    }
  }

  @Test
  @DisplayName("no option: it starts on its own, found where javac finds plugins")
  void startsWithoutAFlag() {
    assertExactly("options", List.of());
  }

  @Test
  @DisplayName("-Xplugin:\"Ctx4jVet off\" turns it off")
  void off() {
    Compilation compilation = compile(List.of("-Xplugin:Ctx4jVet off"), TestSupport.inputs("vet/options"));
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  @DisplayName("-Xplugin:\"Ctx4jVet -ctxfirst -nilctx\" turns those rules off, the others stay")
  void disableRules() {
    Compilation compilation =
        compile(List.of("-Xplugin:Ctx4jVet -ctxfirst -nilctx"), TestSupport.inputs("vet/options"));
    assertThat(findings(compilation)).containsExactly("Findings.java:6:containedctx", "Findings.java:12:lostcancel");
  }

  @Test
  @DisplayName("-Xplugin:\"Ctx4jVet errors\" makes the findings errors")
  void errors() {
    Compilation compilation = compile(List.of("-Xplugin:Ctx4jVet errors"), TestSupport.inputs("vet/options"));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation).hadErrorContaining("[ctx4j:lostcancel]").inFile(
        TestSupport.input("vet/options", "Findings.java")).onLine(12);
  }

  @Test
  @DisplayName("an unknown option is an error that lists the valid ones")
  void unknownOption() {
    Compilation compilation = compile(List.of("-Xplugin:Ctx4jVet -lostcancle"), TestSupport.inputs("vet/options"));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("[ctx4j:options] Ctx4jVet option must be off, errors or -<rule>");
    assertThat(compilation).hadErrorContaining("was \"-lostcancle\"");
    assertThat(compilation).hadErrorCount(1);
    assertThat(findings(compilation)).hasSize(1);
  }

  @Test
  @DisplayName("a class that does not compile reports only javac's errors")
  void brokenClass() {
    Compilation compilation = compile(List.of(), TestSupport.inputs("vet/broken"));
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol");
    assertThat(findings(compilation)).isEmpty();
  }

  @Test
  @DisplayName("it never changes what the processor generates")
  void generatedSourcesUnchanged() {
    List<JavaFileObject> files = TestSupport.inputs("vet/bypass");
    Compilation with = compile(List.of(), files);
    Compilation without = compile(List.of("-Xplugin:Ctx4jVet off"), files);
    assertThat(findings(with)).isNotEmpty();
    assertThat(TestSupport.generatedSources(with)).isEqualTo(TestSupport.generatedSources(without));
    assertThat(TestSupport.generatedSources(with)).isNotEmpty();
  }
}
