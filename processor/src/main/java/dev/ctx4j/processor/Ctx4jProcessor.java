package dev.ctx4j.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import dev.ctx4j.processor.Diagnostics.Message;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * ctx4j's annotation processor: for each type that declares methods annotated with {@code @dev.ctx4j.Cancellable} or
 * {@code @dev.ctx4j.Timeout}, or that carries one of them itself, it generates the wrapper {@code Ctx4j_Foo} in the
 * type's package (the P rules of docs/semantics.md).
 *
 * <p>Each round it:
 *
 * <ol>
 *   <li>collects the types to handle: the types enclosing the annotated elements of the round, plus the types deferred
 *       in an earlier round, keyed by qualified name so that the order never depends on the round;
 *   <li>for each type, defers it to the next round if something its wrapper depends on does not resolve yet
 *       ({@link Deferral}: another processor may generate it);
 *   <li>otherwise validates the type and all its methods ({@link MethodValidator}, with {@link Members} and
 *       {@link Signatures} resolving each method as a member of the type), reporting every error;
 *   <li>and, if the type has no error and no other type maps to the same wrapper name, writes its wrapper
 *       ({@link WrapperGenerator}) with the type as its only originating element (Gradle: ISOLATING).
 * </ol>
 *
 * <p>In the last round each type still deferred gets a {@code [Ctx4jUndefined]} error naming the missing type. An
 * unexpected exception while handling a type becomes one {@code [Ctx4jException]} error on that type; the processor
 * never throws into javac. Whether it claims a round's annotations is {@link Claims}'s decision.
 *
 * <p>Options:
 *
 * <ul>
 *   <li>{@code -Actx4j.debug=true}: print a note for every wrapper generated. Without it the processor prints only
 *       errors and warnings.
 *   <li>{@code -Actx4j.claim=true|false|auto}: whether the processor claims its annotations; {@code auto} (the
 *       default) claims only when it is the last processor javac runs ({@link Claims}).
 * </ul>
 */
@AutoService(Processor.class)
public final class Ctx4jProcessor extends AbstractProcessor {
  /** The option that turns on debug notes. */
  static final String DEBUG_OPTION = "ctx4j.debug";

  /** Types whose wrapper was written (or failed), never handled again. */
  private final Set<String> handled = new TreeSet<>();
  /** Each wrapper written or about to be, by qualified name, with the type it wraps: two types must not share one. */
  private final Map<String, String> wrappers = new TreeMap<>();

  private Diagnostics diagnostics;
  private Sources sources;
  private Deferral deferral;
  private MethodValidator validator;
  private WrapperGenerator generator;
  private boolean debug;

  /** Creates the processor; javac finds it through {@code META-INF/services}. */
  public Ctx4jProcessor() {}

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    diagnostics = new Diagnostics(processingEnv.getMessager());
    sources = new Sources(processingEnv);
    deferral =
        new Deferral(processingEnv.getElementUtils(), processingEnv.getTypeUtils(), sources, diagnostics);
    validator =
        new MethodValidator(
            processingEnv.getElementUtils(),
            processingEnv.getTypeUtils(),
            diagnostics,
            processingEnv.getSourceVersion(),
            sources);
    generator = new WrapperGenerator(processingEnv.getTypeUtils());
    debug = Boolean.parseBoolean(processingEnv.getOptions().get(DEBUG_OPTION));
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Claims.SUPPORTED;
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(DEBUG_OPTION, Claims.OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    try {
      processRound(Claims.triggers(annotations), roundEnv);
    } catch (RuntimeException e) {
      // Only reached if the loop itself fails; each type has its own guard below.
      diagnostics.report(Message.EXCEPTION, null, stackTrace(e));
    }
    return Claims.claim(annotations, roundEnv, processingEnv.getOptions());
  }

  private void processRound(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    sources.round(roundEnv);
    if (roundEnv.processingOver()) {
      deferral.reportRemaining();
      return;
    }

    Map<String, TypeElement> types = new TreeMap<>(deferral.waiting());
    for (TypeElement annotation : annotations) {
      for (Element element : roundEnv.getElementsAnnotatedWith(annotation)) {
        TypeElement type =
            element instanceof TypeElement t
                ? t
                : element.getEnclosingElement() instanceof TypeElement enclosing ? enclosing : null;
        if (type != null) {
          types.put(type.getQualifiedName().toString(), type);
        }
      }
    }

    for (Map.Entry<String, TypeElement> entry : types.entrySet()) {
      String name = entry.getKey();
      TypeElement type = entry.getValue();
      if (handled.contains(name)) {
        continue;
      }
      try {
        if (deferral.defer(type)) {
          continue; // another processor may generate what is missing; retried next round
        }
        handled.add(name);
        WrapperModel model = validator.validate(type);
        if (model != null && claimWrapperName(model, type)) {
          write(generator.generate(model), type);
        }
      } catch (RuntimeException e) {
        deferral.forget(type);
        handled.add(name);
        diagnostics.report(Message.EXCEPTION, type, stackTrace(e));
      }
    }
  }

  /**
   * Records that {@code type}'s wrapper is being written; when another type already maps to the same wrapper name
   * ({@code a.Outer_Inner} and {@code a.Outer.Inner} both give {@code Ctx4j_Outer_Inner}), or a type of that name
   * exists, reports it on {@code type} and returns false.
   */
  private boolean claimWrapperName(WrapperModel model, TypeElement type) {
    String wrapper = model.wrapperName.canonicalName();
    String other = wrappers.get(wrapper);
    if (other == null) {
      TypeElement existing = processingEnv.getElementUtils().getTypeElement(wrapper);
      if (existing != null) {
        other = existing.getQualifiedName().toString();
      }
    }
    if (other != null) {
      String annotation =
          Members.mirror(type, GeneratedNames.TIMEOUT) != null ? "Timeout" : "Cancellable";
      diagnostics.report(Message.WRAPPER_NAME, type, annotation, wrapper, other, type.getQualifiedName());
      return false;
    }
    wrappers.put(wrapper, type.getQualifiedName().toString());
    return true;
  }

  private void write(JavaFile file, TypeElement type) {
    String name =
        file.packageName().isEmpty() ? file.typeSpec().name() : file.packageName() + "." + file.typeSpec().name();
    try {
      JavaFileObject source =
          processingEnv.getFiler().createSourceFile(name, file.typeSpec().originatingElements().toArray(new Element[0]));
      try (Writer writer = source.openWriter()) {
        writer.write(WrapperGenerator.source(file));
      }
    } catch (IOException e) {
      diagnostics.report(Message.WRITE, type, name, e.getMessage());
      return;
    }
    if (debug) {
      processingEnv.getMessager().printMessage(
          Diagnostic.Kind.NOTE, Message.DEBUG_GENERATED.format(name, type.getQualifiedName()), type);
    }
  }

  private static String stackTrace(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
