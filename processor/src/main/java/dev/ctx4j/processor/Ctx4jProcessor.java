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
 * type's package (SEMANTICS.md Part P).
 *
 * <p>Each round it:
 *
 * <ol>
 *   <li>collects the types to handle: the types enclosing the annotated elements of the round, plus the types deferred
 *       in an earlier round, keyed by qualified name so that the order never depends on the round;
 *   <li>for each type, defers it to the next round if a type its wrapper depends on does not resolve yet (another
 *       processor may generate it);
 *   <li>otherwise validates the type and all its methods ({@link MethodValidator}), reporting every error;
 *   <li>and, if the type has no error, generates its wrapper ({@link WrapperGenerator}) and writes it with the type as
 *       its only originating element (Gradle: ISOLATING).
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

  /** Deferred types, by qualified name, with the type that did not resolve. */
  private final Map<String, String> deferred = new TreeMap<>();
  /** Types whose wrapper was written (or failed), never handled again. */
  private final Set<String> handled = new TreeSet<>();

  private Diagnostics diagnostics;
  private MethodValidator validator;
  private WrapperGenerator generator;
  private boolean debug;

  /** Creates the processor; javac finds it through {@code META-INF/services}. */
  public Ctx4jProcessor() {}

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    diagnostics = new Diagnostics(processingEnv.getMessager());
    validator =
        new MethodValidator(
            processingEnv.getElementUtils(),
            processingEnv.getTypeUtils(),
            diagnostics,
            processingEnv.getSourceVersion());
    generator = new WrapperGenerator(processingEnv.getElementUtils(), processingEnv.getTypeUtils());
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
    if (roundEnv.processingOver()) {
      for (Map.Entry<String, String> entry : deferred.entrySet()) {
        TypeElement type = processingEnv.getElementUtils().getTypeElement(entry.getKey());
        diagnostics.report(
            Message.UNDEFINED,
            type,
            type == null ? entry.getKey() : GeneratedNames.wrapperName(type).simpleName(),
            entry.getValue());
      }
      deferred.clear();
      return;
    }

    Map<String, TypeElement> types = new TreeMap<>();
    for (String name : deferred.keySet()) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        types.put(name, type);
      }
    }
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
        String missing = validator.missingType(type);
        if (missing != null) {
          deferred.put(name, missing);
          continue;
        }
        deferred.remove(name);
        handled.add(name);
        WrapperModel model = validator.validate(type);
        if (model != null) {
          write(generator.generate(model), type);
        }
      } catch (RuntimeException e) {
        deferred.remove(name);
        handled.add(name);
        diagnostics.report(Message.EXCEPTION, type, stackTrace(e));
      }
    }
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
