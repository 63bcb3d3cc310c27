package dev.ctx4j.processor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Which annotations the processor declares, and whether it claims a round's annotations (the value
 * {@code Processor.process} returns).
 *
 * <p>Why claim at all: with {@code -Xlint:all}, javac warns "No processor claimed any of these annotations" about
 * every annotation of a round that no processor claimed, so a {@code -Xlint:all -Werror} build would fail on ctx4j's
 * own {@code @Timeout} and {@code @Cancellable} and on the {@code @Generated} and {@code @Ctx4jGenerated} of its
 * wrappers.
 *
 * <p>Why claiming is usually wrong (Error Prone's {@code DoNotClaimAnnotations}): javac offers each annotation of a
 * round to the processors in the order it discovered them, and stops offering one as soon as a processor claims it.
 * A processor discovered after the claimer that supports the annotation, or supports {@code *}, is not called for it
 * in that round (not at all, if nothing else is left for it). That hiding happens only to processors that run
 * <em>after</em> the claimer.
 *
 * <p>So ctx4j claims only when it can tell that it is the last processor javac runs: it lists the processors the way
 * javac does when no {@code -processor} option names them ({@link ServiceLoader} over the class loader that loaded
 * ctx4j, which is the loader javac or Gradle made for the processor path) and claims only if its own class comes
 * last. Then a claim hides nothing from anyone. When ctx4j was loaded by the application class loader instead (the
 * processor handed to javac as an object through the {@code javax.tools} API, as compile-testing does), that list says
 * nothing about the processors javac runs, so ctx4j claims nothing. The option {@code -Actx4j.claim=true} or
 * {@code false} overrides the decision, for builds that name processors with {@code -processor} or hand them over
 * as objects. And it claims only annotations that nothing but ctx4j reads: its own ({@code @Timeout},
 * {@code @Cancellable}, {@code @Ctx4jGenerated}), and {@code javax.annotation.processing.Generated} only in a round
 * where every element carrying it is a ctx4j wrapper (another tool's {@code @Generated} is left unclaimed, so javac's
 * warning about it stays true). A round offering ctx4j any other {@code @Generated} is not claimed at all, since javac
 * takes a claim as covering every annotation it offered to the processor.
 *
 * <p>What remains: when another processor runs after ctx4j, ctx4j claims nothing (list ctx4j's processor last); and
 * javac's lint still reports other libraries' annotations that no processor claims. Both are documented in the
 * processor's README.
 */
final class Claims {
  /** The annotation every ctx4j wrapper carries, and other generators use too. */
  static final String GENERATED = "javax.annotation.processing.Generated";
  /** ctx4j's CLASS-retained marker on its wrappers. */
  static final String CTX4J_GENERATED = "dev.ctx4j.internal.Ctx4jGenerated";

  /** The annotations that call for a wrapper. */
  static final Set<String> TRIGGERS = Set.of(GeneratedNames.CANCELLABLE, GeneratedNames.TIMEOUT);

  /** The option that overrides the decision: {@code true} (always claim), {@code false} (never), {@code auto}. */
  static final String OPTION = "ctx4j.claim";

  /** Every annotation type the processor declares support for: the triggers, and what its wrappers carry. */
  static final Set<String> SUPPORTED =
      Set.of(GeneratedNames.CANCELLABLE, GeneratedNames.TIMEOUT, CTX4J_GENERATED, GENERATED);

  /** Whether ctx4j is the last processor javac discovers; computed once per class loader, on first use. */
  private static volatile Boolean last;

  private Claims() {}

  /**
   * Returns the annotations among {@code annotations} that call for a wrapper ({@code @Cancellable}, {@code @Timeout}):
   * the processor also declares {@code @Generated} and {@code @Ctx4jGenerated}, only to be able to claim them.
   */
  static Set<TypeElement> triggers(Set<? extends TypeElement> annotations) {
    Set<TypeElement> out = new LinkedHashSet<>();
    for (TypeElement annotation : annotations) {
      if (TRIGGERS.contains(annotation.getQualifiedName().toString())) {
        out.add(annotation);
      }
    }
    return out;
  }

  /**
   * Returns whether to claim {@code annotations} (what {@code process} returns): only when ctx4j is the last
   * processor javac runs, or {@code -Actx4j.claim=true} says to, and every annotation offered is one only ctx4j reads
   * (see the class comment).
   *
   * @param options the processor options ({@code -A}), for {@link #OPTION}
   */
  static boolean claim(Set<? extends TypeElement> annotations, RoundEnvironment round, Map<String, String> options) {
    if (annotations.isEmpty()) {
      return false;
    }
    String option = options.getOrDefault(OPTION, "auto");
    boolean allowed = option.equals("true") || (!option.equals("false") && isLastProcessor());
    return allowed && onlyCtx4jReads(annotations, round);
  }

  /** Whether each annotation offered is ctx4j's own, or a {@code @Generated} carried only by ctx4j's wrappers. */
  static boolean onlyCtx4jReads(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      String name = annotation.getQualifiedName().toString();
      if (name.equals(GENERATED)) {
        for (Element element : round.getElementsAnnotatedWith(annotation)) {
          if (!generatedByCtx4j(element)) {
            return false;
          }
        }
      } else if (!SUPPORTED.contains(name)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code element} carries {@code @Generated} whose value names ctx4j's processor. */
  static boolean generatedByCtx4j(Element element) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (!type.getQualifiedName().contentEquals(GENERATED)) {
        continue;
      }
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
          mirror.getElementValues().entrySet()) {
        if (entry.getKey().getSimpleName().contentEquals("value")
            && entry.getValue().getValue() instanceof List<?> values) {
          for (Object value : values) {
            if (value instanceof AnnotationValue v && GeneratedNames.PROCESSOR.equals(v.getValue())) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }

  /**
   * Whether ctx4j's processor is the last processor javac discovers on the processor path; false when ctx4j was
   * loaded by the application class loader, whose processors javac does not necessarily run.
   */
  static boolean isLastProcessor() {
    Boolean known = last;
    if (known == null) {
      ClassLoader loader = Claims.class.getClassLoader();
      known =
          loader != null
              && loader != ClassLoader.getSystemClassLoader()
              && isLast(discoveredProcessors(loader), GeneratedNames.PROCESSOR);
      last = known;
    }
    return known;
  }

  /** Whether {@code self} is the last of {@code processors}; false when it is not among them. */
  static boolean isLast(List<String> processors, String self) {
    return !processors.isEmpty() && processors.get(processors.size() - 1).equals(self);
  }

  /**
   * The processors javac discovers through {@code loader} when no {@code -processor} option names them, by class
   * name, in javac's order; empty when the list cannot be read (then ctx4j never claims).
   */
  static List<String> discoveredProcessors(ClassLoader loader) {
    List<String> names = new ArrayList<>();
    try {
      ServiceLoader.load(Processor.class, loader).stream().forEach(p -> names.add(p.type().getName()));
    } catch (ServiceConfigurationError | RuntimeException e) {
      return List.of();
    }
    return names;
  }
}
