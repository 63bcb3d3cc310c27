package dev.ctx4j.processor;

import java.util.Locale;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Every message the processor prints, and the reporter that prints them. Messages follow one form:
 * {@code [Ctx4jTag] @Annotation <subject> must/must not <rule>[, was <actual>][; <fix>]}. The tag is stable, so tests
 * and users can search for it. Tests use the constants of {@link Message}, never copies of the text.
 */
final class Diagnostics {

  /** The string that {@code @SuppressWarnings} takes to silence ctx4j's warnings. */
  static final String SUPPRESS = "ctx4j";

  /** Every message, with its kind. Arguments are filled in with {@link String#format}. */
  enum Message {
    /** Args: annotation. */
    PRIVATE_METHOD(
        Diagnostic.Kind.ERROR,
        "[Ctx4jPrivate] @%s method must not be private, since a wrapper cannot override it;"
            + " make it package-private, protected or public"),
    /** Args: annotation. */
    STATIC_METHOD(
        Diagnostic.Kind.ERROR,
        "[Ctx4jStatic] @%s method must not be static, since a wrapper can only override instance methods;"
            + " make it an instance method or remove the annotation"),
    /** Args: annotation, wrapper name. */
    FINAL_METHOD(
        Diagnostic.Kind.ERROR,
        "[Ctx4jFinal] @%s method must not be final; remove final so that %s can override it"),
    /** Args: annotation. */
    ABSTRACT_METHOD(
        Diagnostic.Kind.ERROR,
        "[Ctx4jAbstract] @%s method must not be abstract in a class, since its wrapper calls super;"
            + " implement it, or annotate the method in an interface instead"),
    /** Args: annotation, wrapper name. */
    FINAL_TYPE(
        Diagnostic.Kind.ERROR,
        "[Ctx4jFinalType] @%s class must not be final; remove final so that %s can extend it"),
    /** Args: annotation, private type's name. */
    PRIVATE_TYPE(
        Diagnostic.Kind.ERROR,
        "[Ctx4jPrivateType] @%s type must not be private or nested in a private type, was private %s;"
            + " make it package-private or public"),
    /** Args: annotation, type name. */
    INNER_CLASS(
        Diagnostic.Kind.ERROR,
        "[Ctx4jInnerClass] @%s class must not be an inner class, since its wrapper is a top-level class;"
            + " make %s static"),
    /** Args: annotation. */
    RECORD(
        Diagnostic.Kind.ERROR,
        "[Ctx4jRecord] @%s type must not be a record, since records cannot be extended;"
            + " annotate an interface that the record implements, and wrap the record with that interface's wrapper"),
    /** Args: annotation. */
    ENUM(
        Diagnostic.Kind.ERROR,
        "[Ctx4jEnum] @%s type must not be an enum, since enums cannot be extended;"
            + " annotate an interface that the enum implements, and wrap the constants with that interface's wrapper"),
    /** Args: annotation. */
    ANNOTATION_TYPE(
        Diagnostic.Kind.ERROR,
        "[Ctx4jAnnotationType] @%s type must not be an annotation type; annotate an interface or a class"),
    /** Args: annotation, wrapper name, wrapper name. */
    SEALED(
        Diagnostic.Kind.ERROR,
        "[Ctx4jSealed] @%s type must not be sealed unless it permits %s;"
            + " add %s to its permits clause, or make it non-sealed"),
    /** Args: annotation, wrapper name. */
    NO_CONSTRUCTOR(
        Diagnostic.Kind.ERROR,
        "[Ctx4jConstructor] @%s class must have a constructor that is not private, since %s calls super;"
            + " make one package-private, protected or public"),
    /** Args: annotation, wrapper name, method. */
    ABSTRACT_CLASS(
        Diagnostic.Kind.ERROR,
        "[Ctx4jAbstractClass] @%s class must implement every abstract method, since %s is a concrete subclass,"
            + " was abstract %s; implement it, or annotate an interface instead"),
    /** Args: annotation, count. */
    CONTEXT_PARAMETERS(
        Diagnostic.Kind.ERROR,
        "[Ctx4jContextParameters] @%s method must have at most one Context parameter, was %d;"
            + " pass one context and derive the others from it"),
    /** Args: annotation, parameter name, declared type. */
    CONTEXT_TYPE(
        Diagnostic.Kind.ERROR,
        "[Ctx4jContextType] @%s method parameter %s must be declared as Context, was %s,"
            + " since the wrapper passes the derived Context in its place; declare it as Context"),
    /** Args: annotation, parameter position (1-based), parameter name. */
    CONTEXT_NOT_FIRST(
        Diagnostic.Kind.WARNING,
        "[Ctx4jContextNotFirst] @%s method should take its Context as the first parameter, was parameter %d (%s);"
            + " move it first, or add @SuppressWarnings(\"" + SUPPRESS + "\") to keep this order"),
    /** Args: value. */
    TIMEOUT_NOT_POSITIVE(
        Diagnostic.Kind.ERROR,
        "[Ctx4jTimeoutValue] @Timeout value must be positive, was %d; give the limit in its unit,"
            + " for example @Timeout(200) for 200 milliseconds"),
    /** Args: value, unit. */
    TIMEOUT_TOO_LONG(
        Diagnostic.Kind.ERROR,
        "[Ctx4jTimeoutTooLong] @Timeout value must be at most 100 years, was %d %s;"
            + " use a shorter limit, or @Cancellable for no limit"),
    /** Args: annotation, return type, the second fix. */
    ASYNC_TYPE(
        Diagnostic.Kind.ERROR,
        "[Ctx4jAsyncType] @%s method must return CompletionStage<T> or CompletableFuture<T> to run asynchronously,"
            + " was %s, since the wrapper cannot end the call when a value of that type completes;"
            + " declare the return type as CompletionStage<T> or CompletableFuture<T>, %s"),
    /** Args: annotation, method, wrapper name, why ("private", ...), type, fix. */
    INACCESSIBLE_TYPE(
        Diagnostic.Kind.ERROR,
        "[Ctx4jInaccessibleType] @%s method %s must use only types that %s can name, was %s type %s; %s"),
    /** Args: annotation, method, wrapper name. */
    INACCESSIBLE_METHOD(
        Diagnostic.Kind.ERROR,
        "[Ctx4jInaccessibleMethod] @%s method %s must be overridable by %s, was package-private in another package;"
            + " make it protected or public"),
    /** Args: annotation, type, compact source file's class, type. */
    COMPACT_SOURCE(
        Diagnostic.Kind.ERROR,
        "[Ctx4jCompactSource] @%s type %s must be declared where another file can name it, was in the compact source"
            + " file of %s (a file with top-level methods); move %s to a file of its own"),
    /** Args: annotation, wrapper name, auxiliary class, its file, its simple name. */
    AUXILIARY_CLASS(
        Diagnostic.Kind.WARNING,
        "[Ctx4jAuxiliaryClass] @%s wrapper %s should name only types declared in files of their own, was %s in %s,"
            + " which javac's auxiliaryclass lint reports wherever another file names it (@SuppressWarnings does not"
            + " silence it); move %s to a file of its own, or add @SuppressWarnings(\"" + SUPPRESS + "\")"
            + " to the annotated type to accept the warning"),
    /** Args: annotation, wrapper's qualified name, the other type, this type. */
    WRAPPER_NAME(
        Diagnostic.Kind.ERROR,
        "[Ctx4jWrapperName] @%s types must map to different wrapper names, was %s for both %s and %s;"
            + " rename one of them"),
    /** Args: "method" or "type". */
    BOTH_ANNOTATIONS(
        Diagnostic.Kind.ERROR,
        "[Ctx4jBothAnnotations] @Cancellable and @Timeout must not both annotate one %s;"
            + " keep one (a @Timeout call can be cancelled too)"),
    /** Args: stack trace. */
    EXCEPTION(Diagnostic.Kind.ERROR, "[Ctx4jException] ctx4j processor threw an exception: %s"),
    /** Args: wrapper name, missing type. */
    UNDEFINED(
        Diagnostic.Kind.ERROR,
        "[Ctx4jUndefined] ctx4j could not generate %s because %s could not be resolved;"
            + " if another processor generates it, fix the errors reported above, otherwise add it to the classpath"),
    /** Args: file, reason. */
    WRITE(Diagnostic.Kind.ERROR, "[Ctx4jWrite] ctx4j could not write %s: %s"),
    /** Args: wrapper name, source type. Printed only with {@code -Actx4j.debug=true}. */
    DEBUG_GENERATED(Diagnostic.Kind.NOTE, "[Ctx4jDebug] generated %s for %s");

    private final Diagnostic.Kind kind;
    private final String format;

    Message(Diagnostic.Kind kind, String format) {
      this.kind = kind;
      this.format = format;
    }

    Diagnostic.Kind kind() {
      return kind;
    }

    /** Returns the tag, such as {@code [Ctx4jPrivate]}. */
    String tag() {
      return format.substring(0, format.indexOf(']') + 1);
    }

    /** Returns the message text with {@code args} filled in. */
    String format(Object... args) {
      return String.format(Locale.ROOT, format, args);
    }
  }

  private final Messager messager;
  private int errors;

  Diagnostics(Messager messager) {
    this.messager = messager;
  }

  /** Reports {@code message} on {@code element}. Never throws: processing goes on to find more errors. */
  void report(Message message, Element element, Object... args) {
    print(message, element, null, null, args);
  }

  /** Reports {@code message} on {@code mirror}, an annotation of {@code element}. */
  void reportOnAnnotation(Message message, Element element, AnnotationMirror mirror, Object... args) {
    print(message, element, mirror, null, args);
  }

  /** Reports {@code message} on {@code value}, a member of {@code mirror}, an annotation of {@code element}. */
  void reportOnValue(
      Message message, Element element, AnnotationMirror mirror, AnnotationValue value, Object... args) {
    print(message, element, mirror, value, args);
  }

  private void print(
      Message message, Element element, AnnotationMirror mirror, AnnotationValue value, Object... args) {
    if (message.kind() == Diagnostic.Kind.ERROR) {
      errors++;
    }
    messager.printMessage(message.kind(), message.format(args), element, mirror, value);
  }

  /** Returns how many errors this reporter printed so far; compare two readings to learn whether a step failed. */
  int errorCount() {
    return errors;
  }
}
