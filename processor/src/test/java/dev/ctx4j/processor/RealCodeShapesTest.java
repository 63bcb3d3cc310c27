package dev.ctx4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.ctx4j.Context;
import dev.ctx4j.processor.Diagnostics.Message;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shapes real code has (issue "processor on real code"): each compiles through its wrapper under
 * {@code -Xlint:all -Werror}, or gets one clear ctx4j error; where behaviour matters the wrapper is run. Real Guava,
 * JSpecify and JetBrains signatures are on the test class path.
 *
 * <p>The lint option is {@code -Xlint:all,-processing}: javac's "No processor claimed" warning is the subject of a
 * separate change (which annotations ctx4j claims), not of these shapes.
 */
class RealCodeShapesTest {

  /** javac with ctx4j's processor, every lint and warnings as errors. */
  private static Compiler strict() {
    return TestSupport.compiler().withOptions("-Xlint:all,-processing", "-Werror");
  }

  private static JavaFileObject source(String fqcn, String... lines) {
    return JavaFileObjects.forSourceLines(fqcn, lines);
  }

  /** Compiles strictly and requires success without a single warning. */
  private static Compilation compileClean(JavaFileObject... sources) {
    Compilation compilation = strict().compile(sources);
    try {
      assertThat(compilation).succeededWithoutWarnings();
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "\nGenerated:\n" + TestSupport.generatedSources(compilation), e);
    }
    return compilation;
  }

  /** Creates {@code impl} (public no-argument constructor) and wraps it in {@code wrapper}'s one constructor. */
  private static Object wrap(Compilation compilation, String wrapper, String impl) throws Exception {
    ClassLoader loader = TestSupport.classLoader(compilation);
    Object delegate = loader.loadClass(impl).getConstructor().newInstance();
    return loader.loadClass(wrapper).getConstructors()[0].newInstance(delegate);
  }

  /** Calls the public method {@code name} on {@code target}, unwrapping what it throws. */
  private static Object call(Object target, String name, Object... args) throws Throwable {
    for (Method method : target.getClass().getMethods()) {
      if (method.getName().equals(name) && method.getParameterCount() == args.length && !method.isBridge()) {
        try {
          return method.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + name + " on " + target.getClass());
  }

  private static Method declared(Class<?> type, String name) {
    return Arrays.stream(type.getDeclaredMethods())
        .filter(m -> m.getName().equals(name) && !m.isBridge())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no declared method " + name + " in " + type));
  }

  private static Object member(java.lang.annotation.Annotation annotation, String name) throws Exception {
    return annotation.annotationType().getMethod(name).invoke(annotation);
  }

  @AfterEach
  void noLeaks() {
    assertThat(Context.current()).isSameInstanceAs(Context.background());
    assertThat(Thread.interrupted()).isFalse();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Generics as seen from the annotated type

  /** A Spring-Data-like repository (Spring is not on the class path; the shape is what matters). */
  private static final JavaFileObject CRUD_REPOSITORY =
      source(
          "data.CrudRepository",
          "package data;",
          "import java.util.Optional;",
          "public interface CrudRepository<T, ID> {",
          "  <S extends T> S save(S entity);",
          "  <S extends T> Iterable<S> saveAll(Iterable<S> entities);",
          "  Optional<T> findById(ID id);",
          "  long count();",
          "  void deleteById(ID id);",
          "}");

  private static final JavaFileObject USER =
      source("data.User", "package data;", "public record User(String name) {}");

  @Test
  @DisplayName("P1 a Spring-Data-style UserRepo extends CrudRepository<User, String>: inherited generics as members of UserRepo")
  void repositoryExtendingGenericInterface() throws Throwable {
    JavaFileObject repo =
        source(
            "data.UserRepo",
            "package data;",
            "import dev.ctx4j.Timeout;",
            "import java.util.List;",
            "@Timeout(200)",
            "public interface UserRepo extends CrudRepository<User, String> {",
            "  List<User> findByName(String name);",
            "}");
    JavaFileObject impl =
        source(
            "data.UserRepoImpl",
            "package data;",
            "import java.util.*;",
            "public class UserRepoImpl implements UserRepo {",
            "  public <S extends User> S save(S entity) { return entity; }",
            "  public <S extends User> Iterable<S> saveAll(Iterable<S> entities) { return entities; }",
            "  public Optional<User> findById(String id) { return Optional.of(new User(id)); }",
            "  public long count() { return 7; }",
            "  public void deleteById(String id) {}",
            "  public List<User> findByName(String name) { return List.of(new User(name)); }",
            "}");
    Compilation compilation = compileClean(CRUD_REPOSITORY, USER, repo, impl);
    String wrapper = TestSupport.generatedSource(compilation, "data.Ctx4j_UserRepo");
    assertThat(wrapper).contains("public <S extends User> S save(S entity)");
    assertThat(wrapper).contains("public Optional<User> findById(String id)");

    Object repository = wrap(compilation, "data.Ctx4j_UserRepo", "data.UserRepoImpl");
    assertThat(call(repository, "count")).isEqualTo(7L);
    assertThat(call(repository, "findByName", "ana").toString()).isEqualTo("[User[name=ana]]");
  }

  @Test
  @DisplayName("P1 an inherited generic method's type variable named like the wrapper's own is renamed, not captured")
  void inheritedTypeVariableClash() throws Throwable {
    JavaFileObject box =
        source(
            "data.Box",
            "package data;",
            "import dev.ctx4j.Cancellable;",
            "@Cancellable",
            "public interface Box<S> extends CrudRepository<S, Long> {",
            "  S first();",
            "}");
    JavaFileObject impl =
        source(
            "data.BoxImpl",
            "package data;",
            "import java.util.*;",
            "public class BoxImpl implements Box<String> {",
            "  public <X extends String> X save(X entity) { return entity; }",
            "  public <X extends String> Iterable<X> saveAll(Iterable<X> entities) { return entities; }",
            "  public Optional<String> findById(Long id) { return Optional.empty(); }",
            "  public long count() { return 1; }",
            "  public void deleteById(Long id) {}",
            "  public String first() { return \"one\"; }",
            "}");
    Compilation compilation = compileClean(CRUD_REPOSITORY, box, impl);
    String wrapper = TestSupport.generatedSource(compilation, "data.Ctx4j_Box");
    assertThat(wrapper).contains("public <S1 extends S> S1 save(S1 entity)");
    Object wrapped = wrap(compilation, "data.Ctx4j_Box", "data.BoxImpl");
    assertThat(call(wrapped, "save", "kept")).isEqualTo("kept");
    assertThat(call(wrapped, "first")).isEqualTo("one");
  }

  @Test
  @DisplayName("P1 a method inherited from AutoCloseable and Closeable: the most specific (throws IOException), no [try]")
  void closeInheritedTwice() throws Throwable {
    JavaFileObject resource =
        source(
            "io.Resource",
            "package io;",
            "import dev.ctx4j.Cancellable;",
            "import java.io.Closeable;",
            "@Cancellable",
            "public interface Resource extends AutoCloseable, Closeable {",
            "  String read();",
            "}");
    JavaFileObject covariant =
        source(
            "io.Named",
            "package io;",
            "import dev.ctx4j.Cancellable;",
            "public interface Named {",
            "  interface Loose { Object name() throws Exception; }",
            "  interface Tight { @Cancellable CharSequence name() throws java.io.IOException; }",
            "  interface Both extends Loose, Tight {}",
            "}");
    Compilation compilation = compileClean(resource, covariant);
    ClassLoader loader = TestSupport.classLoader(compilation);
    Method close = declared(loader.loadClass("io.Ctx4j_Resource"), "close");
    assertThat(Arrays.asList(close.getExceptionTypes())).containsExactly(IOException.class);
    Method name = declared(loader.loadClass("io.Ctx4j_Named_Tight"), "name");
    assertThat(name.getReturnType()).isEqualTo(CharSequence.class);
  }

  @Test
  @DisplayName("P1 an interface with two unrelated override-equivalent declarations gets the most specific return")
  void covariantFromTwoInterfaces() throws Throwable {
    JavaFileObject both =
        source(
            "io.Both",
            "package io;",
            "import dev.ctx4j.Cancellable;",
            "interface Loose { Object name() throws Exception; }",
            "interface Tight { CharSequence name() throws java.io.IOException; }",
            "@Cancellable",
            "public interface Both extends Loose, Tight {",
            "  String other();",
            "}");
    Compilation compilation = compileClean(both);
    Method name = declared(TestSupport.classLoader(compilation).loadClass("io.Ctx4j_Both"), "name");
    assertThat(name.getReturnType()).isEqualTo(CharSequence.class);
    assertThat(Arrays.asList(name.getExceptionTypes())).containsExactly(IOException.class);
  }

  @Test
  @DisplayName("P1 a raw superinterface (legacy code extending raw Comparator) gives erased members")
  void rawSuperinterface() throws Throwable {
    JavaFileObject legacy =
        source(
            "old.Legacy",
            "package old;",
            "import dev.ctx4j.Cancellable;",
            "import java.util.Comparator;",
            "@SuppressWarnings(\"rawtypes\")",
            "@Cancellable",
            "public interface Legacy extends Comparator {",
            "  String name();",
            "}");
    JavaFileObject impl =
        source(
            "old.LegacyImpl",
            "package old;",
            "@SuppressWarnings(\"rawtypes\")",
            "public class LegacyImpl implements Legacy {",
            "  public String name() { return \"legacy\"; }",
            "  public int compare(Object a, Object b) { return a.toString().compareTo(b.toString()); }",
            "}");
    Compilation compilation = compileClean(legacy, impl);
    Object wrapped = wrap(compilation, "old.Ctx4j_Legacy", "old.LegacyImpl");
    assertThat(call(wrapped, "compare", "a", "b")).isEqualTo(-1);
    assertThat(call(wrapped, "name")).isEqualTo("legacy");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Annotations: type-use, declaration, accessible and resolvable

  @Test
  @DisplayName("P9 JetBrains @Nullable (PARAMETER and TYPE_USE) is written once on a parameter and on a return")
  void jetbrainsNullableOnce() throws Throwable {
    JavaFileObject api =
        source(
            "jb.Lookup",
            "package jb;",
            "import dev.ctx4j.Cancellable;",
            "import org.jetbrains.annotations.Nullable;",
            "@Cancellable",
            "public interface Lookup {",
            "  @Nullable String find(@Nullable String id, @Nullable String[] ids);",
            "}");
    JavaFileObject impl =
        source(
            "jb.LookupImpl",
            "package jb;",
            "public class LookupImpl implements Lookup {",
            "  public String find(String id, String[] ids) { return id; }",
            "}");
    Compilation compilation = compileClean(api, impl);
    String wrapper = TestSupport.generatedSource(compilation, "jb.Ctx4j_Lookup");
    assertThat(wrapper).contains("public @Nullable String find(@Nullable String id, @Nullable String[] ids)");
    assertThat(call(wrap(compilation, "jb.Ctx4j_Lookup", "jb.LookupImpl"), "find", null, null)).isNull();
  }

  @Test
  @DisplayName("P9 JSpecify type-use annotations on class type variables, bounds, wildcards and arrays are kept")
  void jspecifyTypeUse() throws Throwable {
    JavaFileObject cache =
        source(
            "js.Cache",
            "package js;",
            "import dev.ctx4j.Cancellable;",
            "import java.util.Map;",
            "import org.jspecify.annotations.NullMarked;",
            "import org.jspecify.annotations.Nullable;",
            "@NullMarked",
            "@Cancellable",
            "public interface Cache<K, V extends @Nullable Object> {",
            "  @Nullable V get(K key);",
            "  void putAll(Map<? extends K, ? extends @Nullable V> entries);",
            "  <T extends @Nullable Object> T[] toArray(T @Nullable [] into);",
            "}");
    JavaFileObject strings =
        source(
            "js.Strings",
            "package js;",
            "import org.jspecify.annotations.Nullable;",
            "public interface Strings<E extends @Nullable CharSequence> extends Cache<String, @Nullable E> {}");
    JavaFileObject named =
        source("js.Named", "package js;", "@dev.ctx4j.Cancellable", "public interface Named extends Strings<String> {}");
    Compilation compilation = compileClean(cache, strings, named);
    String wrapper = TestSupport.generatedSource(compilation, "js.Ctx4j_Cache");
    assertThat(wrapper).contains("Ctx4j_Cache<K, V extends @Nullable Object> implements Cache<K, V>");
    assertThat(wrapper).contains("public @Nullable V get(K key)");
    assertThat(wrapper).contains("Map<? extends K, ? extends @Nullable V> entries");
    assertThat(wrapper).contains("public <T extends @Nullable Object> T[] toArray(T @Nullable [] into)");
    // Cache's V is bound to @Nullable String through Strings<String>: the annotation of the binding is kept
    assertThat(TestSupport.generatedSource(compilation, "js.Ctx4j_Named"))
        .contains("public @Nullable String get(String key)");
  }

  @Test
  @DisplayName("P9 Guava's Function: its package-private @ParametricNullness is not copied; the wrapper runs")
  void guavaFunction() throws Throwable {
    JavaFileObject parse =
        source(
            "gv.Parse",
            "package gv;",
            "import com.google.common.base.Function;",
            "import dev.ctx4j.Cancellable;",
            "@Cancellable",
            "public interface Parse extends Function<String, Integer> {",
            "  @Override",
            "  Integer apply(String input);",
            "}");
    JavaFileObject plain =
        source(
            "gv.Length",
            "package gv;",
            "import com.google.common.base.Function;",
            "public interface Length extends Function<String, Integer> {",
            "  @dev.ctx4j.Cancellable int size(String s);",
            "}");
    JavaFileObject impl =
        source(
            "gv.ParseImpl",
            "package gv;",
            "public class ParseImpl implements Parse {",
            "  public Integer apply(String input) { return Integer.valueOf(input); }",
            "}");
    JavaFileObject lengthImpl =
        source(
            "gv.LengthImpl",
            "package gv;",
            "public class LengthImpl implements Length {",
            "  public Integer apply(String input) { return input.length(); }",
            "  public int size(String s) { return s.length(); }",
            "}");
    Compilation compilation = compileClean(parse, plain, impl, lengthImpl);
    assertThat(TestSupport.generatedSource(compilation, "gv.Ctx4j_Length")).doesNotContain("ParametricNullness");
    assertThat(call(wrap(compilation, "gv.Ctx4j_Parse", "gv.ParseImpl"), "apply", "42")).isEqualTo(42);
    assertThat(call(wrap(compilation, "gv.Ctx4j_Length", "gv.LengthImpl"), "apply", "four")).isEqualTo(4);
  }

  @Test
  @DisplayName("P9 an annotation whose class file is missing (an optional jar) is not copied; the wrapper compiles")
  void annotationClassFileMissing(@TempDir Path dir) throws Throwable {
    // compile the library against its annotation, then keep only the library's class file on the class path
    Compilation library =
        Compiler.javac()
            .compile(
                source(
                    "opt.Checked",
                    "package opt;",
                    "import java.lang.annotation.*;",
                    "@Retention(RetentionPolicy.CLASS) @Target(ElementType.PARAMETER)",
                    "public @interface Checked { String value() default \"x\"; }"),
                source(
                    "lib.Store",
                    "package lib;",
                    "public interface Store {",
                    "  String get(@opt.Checked String key);",
                    "}"));
    assertThat(library).succeeded();
    Path classes = dir.resolve("classes");
    byte[] store = TestSupport.classFiles(library).get("lib.Store");
    Files.createDirectories(classes.resolve("lib"));
    Files.write(classes.resolve("lib/Store.class"), store);

    JavaFileObject cached =
        source(
            "app.CachedStore",
            "package app;",
            "@dev.ctx4j.Cancellable",
            "public interface CachedStore extends lib.Store {",
            "  void clear();",
            "}");
    List<File> classPath = new ArrayList<>();
    classPath.add(classes.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classPath.add(new File(entry));
    }
    Compilation compilation = strict().withClasspath(classPath).compile(cached);
    assertThat(compilation).succeededWithoutWarnings();
    String wrapper = TestSupport.generatedSource(compilation, "app.Ctx4j_CachedStore");
    assertThat(wrapper).contains("public String get(String arg0)"); // a class file without -parameters
    assertThat(wrapper).doesNotContain("Checked");
  }

  @Test
  @DisplayName("P10 [Ctx4jInaccessibleType]: a private nested type in a signature is an error naming the type")
  void privateNestedType() {
    JavaFileObject source =
        source(
            "sv.Service",
            "package sv;",
            "import dev.ctx4j.*;",
            "public class Service {",
            "  private static final class Secret {}",
            "  @Cancellable",
            "  protected Object find(Secret secret) { return secret; }",
            "}");
    Compilation compilation = strict().compile(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            Message.INACCESSIBLE_TYPE.format(
                "Cancellable",
                "Service.find",
                "Ctx4j_Service",
                "private",
                "sv.Service.Secret",
                "make Secret package-private or public, or keep it out of the signature"))
        .inFile(source)
        .onLineContaining("protected Object find");
  }

  @Test
  @DisplayName("P10 [Ctx4jInaccessibleType]: an inherited method using a package-private type of another package")
  void packagePrivateTypeOfAnotherPackage() {
    JavaFileObject base =
        source(
            "a.Base",
            "package a;",
            "class Hidden {}",
            "public interface Base {",
            "  default Object take(Hidden hidden) { return hidden; }",
            "}");
    JavaFileObject mine =
        source(
            "b.Mine",
            "package b;",
            "@dev.ctx4j.Cancellable",
            "public interface Mine extends a.Base {",
            "  void run();",
            "}");
    Compilation compilation = strict().compile(base, mine);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            Message.INACCESSIBLE_TYPE.format(
                "Cancellable", "Base.take", "Ctx4j_Mine", "package-private", "a.Hidden",
                "make Hidden public, or keep it out of the signature"))
        .inFile(mine)
        .onLineContaining("public interface Mine");
  }

  @Test
  @DisplayName("P9 annotation values Double.NEGATIVE_INFINITY, Float.NaN, chars and longs are written as valid source")
  void annotationValues() throws Throwable {
    JavaFileObject range =
        source(
            "num.Range",
            "package num;",
            "import java.lang.annotation.*;",
            "@Retention(RetentionPolicy.RUNTIME) @Target(ElementType.PARAMETER)",
            "public @interface Range {",
            "  double min() default 0; double max() default 0; float step() default 0;",
            "  char sep() default 'x'; long big() default 0; Class<?>[] types() default {};",
            "  ElementType kind() default ElementType.FIELD;",
            "}");
    JavaFileObject meter =
        source(
            "num.Meter",
            "package num;",
            "import dev.ctx4j.Cancellable;",
            "@Cancellable",
            "public interface Meter {",
            "  double read(@Range(min = Double.NEGATIVE_INFINITY, max = Double.POSITIVE_INFINITY,"
                + " step = Float.NaN, sep = '\\'', big = Long.MAX_VALUE, types = {int[].class, String.class},"
                + " kind = java.lang.annotation.ElementType.TYPE_USE) double value);",
            "}");
    Compilation compilation = compileClean(range, meter);
    Method read = declared(TestSupport.classLoader(compilation).loadClass("num.Ctx4j_Meter"), "read");
    java.lang.annotation.Annotation written = read.getParameterAnnotations()[0][0];
    assertThat(member(written, "min")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(member(written, "max")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat((Float) member(written, "step")).isNaN();
    assertThat(member(written, "sep")).isEqualTo('\'');
    assertThat(member(written, "big")).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  @DisplayName("P9 a parameter named dev (or java, or Call) cannot obscure the packages and types the wrapper names")
  void parameterObscuringPackage() throws Throwable {
    JavaFileObject call = source("dev2.Call", "package dev2;", "public final class Call {}");
    JavaFileObject api =
        source(
            "dev2.Deploy",
            "package dev2;",
            "import dev.ctx4j.*;",
            "@Timeout(5000)",
            "public interface Deploy {",
            "  String run(String dev, String java, String Context);",
            "  Call make(Context ctx, String dev);",
            "}");
    JavaFileObject impl =
        source(
            "dev2.DeployImpl",
            "package dev2;",
            "public class DeployImpl implements Deploy {",
            "  public String run(String dev, String java, String Context) { return dev + java + Context; }",
            "  public Call make(dev.ctx4j.Context ctx, String dev) { return null; }",
            "}");
    Compilation compilation = compileClean(call, api, impl);
    Object wrapped = wrap(compilation, "dev2.Ctx4j_Deploy", "dev2.DeployImpl");
    assertThat(call(wrapped, "run", "a", "b", "c")).isEqualTo("abc");
    assertThat(call(wrapped, "make", Context.background(), "d")).isNull();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Warnings the source did not have

  @Test
  @DisplayName("P10 [Ctx4jAuxiliaryClass]: a wrapper of an auxiliary class gets a ctx4j warning saying to move it")
  void auxiliaryClass() {
    JavaFileObject file =
        source(
            "aux.Strings",
            "package aux;",
            "public interface Strings {}",
            "@dev.ctx4j.Cancellable",
            "interface Named { String name(); }");
    Compilation compilation = TestSupport.compiler().compile(file);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContaining(
            Message.AUXILIARY_CLASS.format("Cancellable", "Ctx4j_Named", "aux.Named", "Strings.java", "Named"))
        .inFile(file)
        .onLineContaining("interface Named");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Contracts and hierarchies of the JDK

  @Test
  @DisplayName("P7 a WebSocket.Listener-style method may return a null CompletionStage: the wrapper returns null")
  void nullCompletionStage() throws Throwable {
    JavaFileObject listener =
        source(
            "ws.Listener",
            "package ws;",
            "import dev.ctx4j.Cancellable;",
            "import java.util.concurrent.CompletionStage;",
            "/** Like java.net.http.WebSocket.Listener: null means the data may be reclaimed at once. */",
            "@Cancellable",
            "public interface Listener {",
            "  CompletionStage<?> onText(CharSequence data, boolean last);",
            "}");
    JavaFileObject impl =
        source(
            "ws.Immediate",
            "package ws;",
            "import java.util.concurrent.CompletionStage;",
            "public class Immediate implements Listener {",
            "  public CompletionStage<?> onText(CharSequence data, boolean last) { return null; }",
            "}");
    Compilation compilation = compileClean(listener, impl);
    Object wrapped = wrap(compilation, "ws.Ctx4j_Listener", "ws.Immediate");
    assertThat(call(wrapped, "onText", "hello", true)).isNull();
  }

  @Test
  @DisplayName("P1 an abstract class implementing java.util.Deque: Object implements the equals Collection redeclares")
  void abstractDeque() throws Throwable {
    JavaFileObject queue =
        source(
            "q.Jobs",
            "package q;",
            "import dev.ctx4j.Cancellable;",
            "import java.util.ArrayDeque;",
            "import java.util.Deque;",
            "@Cancellable",
            "public abstract class Jobs<E> extends ArrayDeque<E> implements Deque<E> {",
            "  private static final long serialVersionUID = 1L;",
            "  @Override public E pollFirst() { return super.pollFirst(); }",
            "  public abstract static class Plain<E> extends java.util.AbstractCollection<E> implements Deque<E> {}",
            "}");
    Compilation compilation = compileClean(queue);
    Class<?> wrapper = TestSupport.classLoader(compilation).loadClass("q.Ctx4j_Jobs");
    @SuppressWarnings("unchecked")
    java.util.Deque<String> jobs = (java.util.Deque<String>) wrapper.getConstructor().newInstance();
    jobs.add("a");
    assertThat(jobs.pollFirst()).isEqualTo("a");
    assertThat(declared(wrapper, "pollFirst")).isNotNull();
    // the type-level annotation never reaches equals, hashCode or toString
    assertThat(Arrays.stream(wrapper.getDeclaredMethods()).map(Method::getName))
        .containsNoneOf("equals", "hashCode", "toString");
  }

  @Test
  @DisplayName("P1 Object's methods: a type-level annotation never wraps them; a method-level one is honoured")
  void objectMethods() throws Throwable {
    JavaFileObject service =
        source(
            "ob.Service",
            "package ob;",
            "import dev.ctx4j.*;",
            "@Cancellable",
            "public class Service {",
            "  public String work() { return Context.current().toString(); }",
            "  @Override public String toString() { return \"service\"; }",
            "  @Override public int hashCode() { return 1; }",
            "  @Override public boolean equals(Object o) { return o == this; }",
            "}");
    JavaFileObject described =
        source(
            "ob.Described",
            "package ob;",
            "import dev.ctx4j.*;",
            "public interface Described {",
            "  @Cancellable @Override String toString();",
            "  @Cancellable @Override boolean equals(Object other);",
            "}");
    Compilation compilation = compileClean(service, described);
    ClassLoader loader = TestSupport.classLoader(compilation);
    Class<?> wrapper = loader.loadClass("ob.Ctx4j_Service");
    assertThat(Arrays.stream(wrapper.getDeclaredMethods()).map(Method::getName).toList()).containsExactly("work");
    Object wrapped = wrapper.getConstructor().newInstance();
    assertThat(String.valueOf(wrapped)).isEqualTo("service");
    // method-level: honoured (the wrapper overrides equals without hashCode, and says so to javac's lint)
    Class<?> describedWrapper = loader.loadClass("ob.Ctx4j_Described");
    assertThat(declared(describedWrapper, "toString")).isNotNull();
    assertThat(declared(describedWrapper, "equals")).isNotNull();
  }

  @Test
  @DisplayName("P1 an annotation on a method a class inherits is honoured by the subclass wrapper")
  void inheritedAnnotationInClassWrapper() throws Throwable {
    JavaFileObject base =
        source(
            "inh.Base",
            "package inh;",
            "import dev.ctx4j.*;",
            "public class Base {",
            "  @Timeout(60_000) public java.util.Optional<java.time.Instant> slow(Context ctx) { return ctx.deadline(); }",
            "}");
    JavaFileObject sub =
        source(
            "inh.Sub",
            "package inh;",
            "import dev.ctx4j.*;",
            "@Cancellable",
            "public class Sub extends Base {",
            "  public boolean other(Context ctx) { return ctx.deadline().isPresent(); }",
            "}");
    Compilation compilation = compileClean(base, sub);
    Object wrapped = TestSupport.classLoader(compilation).loadClass("inh.Ctx4j_Sub").getConstructor().newInstance();
    assertThat(((java.util.Optional<?>) call(wrapped, "slow", Context.background())).isPresent()).isTrue();
    assertThat(call(wrapped, "other", Context.background())).isEqualTo(false);
  }

  @Test
  @DisplayName("P11 [removal], [deprecation] and [try]: the wrapper carries what the source accepted, and no more")
  void warningsTheSourceAccepted() throws Throwable {
    JavaFileObject old =
        source(
            "w.Old",
            "package w;",
            "@Deprecated(since = \"2\", forRemoval = true)",
            "public class Old {}");
    JavaFileObject api =
        source(
            "w.Api",
            "package w;",
            "import dev.ctx4j.*;",
            "@Cancellable",
            "@SuppressWarnings(\"try\")",
            "public interface Api extends AutoCloseable {",
            "  @SuppressWarnings(\"removal\") Old make();",
            "  @Deprecated(forRemoval = true) void gone();",
            "}");
    JavaFileObject legacy =
        source(
            "w.Legacy",
            "package w;",
            "@SuppressWarnings(\"removal\")",
            "public interface Legacy {",
            "  @dev.ctx4j.Cancellable @Deprecated(forRemoval = true) void gone();",
            "}");
    JavaFileObject sub =
        source(
            "w.Sub",
            "package w;",
            "@dev.ctx4j.Cancellable",
            "@SuppressWarnings(\"removal\")",
            "public interface Sub extends Legacy { void more(); }");
    Compilation compilation = compileClean(old, api, legacy, sub);
    Method gone = declared(TestSupport.classLoader(compilation).loadClass("w.Ctx4j_Api"), "gone");
    assertThat(gone.getAnnotation(Deprecated.class).forRemoval()).isTrue();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Multi-round builds

  /** A second processor that writes {@code gen.Limits} and the annotation {@code gen.Audited} in its first round. */
  private static final class GeneratesLimits extends AbstractProcessor {
    private boolean done;

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
      if (!done) {
        done = true;
        write("gen.Limits", "package gen;\npublic final class Limits {\n  public static final long FIND = 60_000;\n"
            + "  private Limits() {}\n}\n");
        write("gen.Audited", "package gen;\nimport java.lang.annotation.*;\n@Retention(RetentionPolicy.RUNTIME)"
            + " @Target(ElementType.PARAMETER)\npublic @interface Audited {}\n");
      }
      return false;
    }

    private void write(String name, String text) {
      try (Writer writer = processingEnv.getFiler().createSourceFile(name).openWriter()) {
        writer.write(text);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  @DisplayName("P10 multi-round: @Timeout(Limits.FIND) and a parameter annotation of a generated type wait a round")
  void generatedConstantAndAnnotation() throws Throwable {
    JavaFileObject repo =
        source(
            "mr.Repo",
            "package mr;",
            "import dev.ctx4j.*;",
            "import gen.Audited;",
            "import gen.Limits;",
            "public interface Repo {",
            "  @Timeout(Limits.FIND) java.util.Optional<java.time.Instant> find(Context ctx, @Audited String id);",
            "}");
    JavaFileObject impl =
        source(
            "mr.RepoImpl",
            "package mr;",
            "public class RepoImpl implements Repo {",
            "  public java.util.Optional<java.time.Instant> find(dev.ctx4j.Context ctx, String id) {",
            "    return ctx.deadline();",
            "  }",
            "}");
    Compilation compilation =
        strict().withProcessors(new Ctx4jProcessor(), new GeneratesLimits()).compile(repo, impl);
    assertThat(compilation).succeededWithoutWarnings();
    Object wrapped = wrap(compilation, "mr.Ctx4j_Repo", "mr.RepoImpl");
    assertThat(((java.util.Optional<?>) call(wrapped, "find", Context.background(), "x")).isPresent()).isTrue();
    Method find = declared(wrapped.getClass(), "find");
    assertThat(find.getParameterAnnotations()[1][0].annotationType().getName()).isEqualTo("gen.Audited");
  }

  @Test
  @DisplayName("P10 [Ctx4jUndefined]: a generated annotation value that never appears is one ctx4j error, not silence")
  void generatedConstantNeverAppears() {
    JavaFileObject repo =
        source(
            "mr.Repo",
            "package mr;",
            "import dev.ctx4j.*;",
            "public interface Repo {",
            "  @Timeout(Missing.FIND) String find(Context ctx);",
            "}");
    Compilation compilation = strict().compile(repo);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("[Ctx4jUndefined] ctx4j could not generate Ctx4j_Repo");
    assertThat(compilation.errors().stream().filter(e -> e.getMessage(null).contains("[Ctx4j")).count())
        .isEqualTo(1);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // A new user's build

  @Test
  @DisplayName("P11 generated code is doclint-clean (-Xdoclint:all): constructors document @param and @throws")
  void doclintClean() {
    JavaFileObject store =
        source(
            "doc.Store",
            "package doc;",
            "import dev.ctx4j.*;",
            "/** A store. */",
            "@Timeout(100)",
            "public class Store {",
            "  /**",
            "   * Opens it.",
            "   *",
            "   * @param name the name",
            "   * @param size the size",
            "   * @throws java.io.IOException never",
            "   */",
            "  protected Store(String name, int size) throws java.io.IOException {}",
            "  /**",
            "   * Reads.",
            "   *",
            "   * @param ctx the context",
            "   * @param key the key",
            "   * @return the value",
            "   * @throws java.io.IOException never",
            "   */",
            "  public String read(Context ctx, String key) throws java.io.IOException { return key; }",
            "}");
    JavaFileObject api =
        source(
            "doc.Api",
            "package doc;",
            "import dev.ctx4j.*;",
            "/** An API. */",
            "public interface Api {",
            "  /**",
            "   * Finds.",
            "   *",
            "   * @param ctx the context",
            "   * @param id the id",
            "   * @return the value",
            "   */",
            "  @Cancellable String find(Context ctx, String id);",
            "  /**",
            "   * Counts.",
            "   *",
            "   * @return the count",
            "   */",
            "  int count();",
            "}");
    Compilation compilation = strict().withOptions("-Xlint:all,-processing", "-Werror", "-Xdoclint:all").compile(store, api);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(TestSupport.generatedSource(compilation, "doc.Ctx4j_Store"))
        .contains("protected Ctx4j_Store(String name, int size) throws IOException");
  }

  @Test
  @DisplayName("P10 [Ctx4jWrapperName]: two types mapping to one wrapper name get a ctx4j error naming both")
  void wrapperNameClash() {
    JavaFileObject nested =
        source(
            "nm.Outer",
            "package nm;",
            "public class Outer {",
            "  public interface Inner { @dev.ctx4j.Cancellable void run(); }",
            "}");
    JavaFileObject flat =
        source("nm.Outer_Inner", "package nm;", "public interface Outer_Inner { @dev.ctx4j.Cancellable void run(); }");
    Compilation compilation = strict().compile(nested, flat);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            Message.WRAPPER_NAME.format("Cancellable", "nm.Ctx4j_Outer_Inner", "nm.Outer.Inner", "nm.Outer_Inner"))
        .inFile(flat)
        .onLineContaining("public interface Outer_Inner");
  }

  @Test
  @DisplayName("P10 [Ctx4jAsyncType]: a Future under a type-level annotation names both fixes, on the method")
  void futureUnderTypeLevelAnnotation() {
    JavaFileObject jobs =
        source(
            "fu.Jobs",
            "package fu;",
            "import dev.ctx4j.*;",
            "@Timeout(100)",
            "public interface Jobs {",
            "  String now(Context ctx);",
            "  java.util.concurrent.Future<String> later(Context ctx);",
            "}");
    Compilation compilation = strict().compile(jobs);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            Message.ASYNC_TYPE.format(
                "Timeout",
                "java.util.concurrent.Future<java.lang.String>",
                "or move @Timeout from the type to the methods that should be bounded"))
        .inFile(jobs)
        .onLineContaining("Future<String> later");
  }

  @Test
  @DisplayName("P10 [Ctx4jCompactSource]: a type in a JDK 25 compact source file gets an error saying to move it")
  void compactSourceFile() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Runtime.version().feature() >= 25, "compact source files are final in JDK 25");
    JavaFileObject main =
        source(
            "Main",
            "interface Api { @dev.ctx4j.Cancellable String find(); }",
            "void main() { System.out.println(\"hi\"); }");
    Compilation compilation = strict().compile(main);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(Message.COMPACT_SOURCE.format("Cancellable", "Api", "Main", "Api"))
        .inFile(main)
        .onLineContaining("interface Api");
  }

  @Test
  @DisplayName("P10 [Ctx4jInaccessibleMethod]: an annotated inherited method the subclass wrapper cannot override")
  void inheritedPackagePrivateMethod() {
    JavaFileObject base =
        source(
            "pa.Base",
            "package pa;",
            "public class Base {",
            "  @dev.ctx4j.Cancellable void run() {}",
            "}");
    JavaFileObject sub =
        source(
            "pb.Sub",
            "package pb;",
            "@dev.ctx4j.Cancellable",
            "public class Sub extends pa.Base {",
            "  public void other() {}",
            "}");
    Compilation compilation = strict().compile(base, sub);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(Message.INACCESSIBLE_METHOD.format("Cancellable", "Base.run", "Ctx4j_Sub"))
        .inFile(sub)
        .onLineContaining("public class Sub");
  }
}
