package dev.ctx4j.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import dev.ctx4j.processor.Signatures.Signature;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Plain data about one wrapper to generate: what {@link MethodValidator} found valid, with every signature already
 * resolved by {@link Signatures}, so that {@link WrapperGenerator} only writes. Lists keep source order.
 */
final class WrapperModel {

  /** How the wrapper reaches the wrapped code. */
  enum Shape {
    /** The type is an interface: the wrapper implements it and calls an instance given to its constructor. */
    DELEGATE,
    /** The type is a class: the wrapper extends it, mirrors its constructors and calls {@code super}. */
    SUBCLASS
  }

  /** Which annotation a policy comes from. */
  enum Kind {
    CANCELLABLE("Cancellable"),
    TIMEOUT("Timeout");

    private final String simpleName;

    Kind(String simpleName) {
      this.simpleName = simpleName;
    }

    /** Returns the annotation's simple name, {@code Cancellable} or {@code Timeout}. */
    String simpleName() {
      return simpleName;
    }
  }

  /** Where a method's policy comes from, for the generated Javadoc. */
  enum Origin {
    /** The method's own annotation. */
    METHOD,
    /** The annotation of a declaration the method overrides. */
    OVERRIDDEN,
    /** The annotated type's annotation. */
    TYPE
  }

  /**
   * What one annotation asks for.
   *
   * @param kind which annotation
   * @param timeout the limit in {@code unit}; 0 for {@code @Cancellable}
   * @param unit the limit's unit; null for {@code @Cancellable}
   * @param interrupt whether to interrupt the thread running the body
   * @param origin where the annotation is
   */
  record Policy(Kind kind, long timeout, TimeUnit unit, boolean interrupt, Origin origin) {}

  /**
   * One method of the wrapper.
   *
   * @param element the declaration the method is written from
   * @param signature its signature as a member of the wrapped type
   * @param policy what to do around the call; null to delegate unchanged
   * @param contextIndex the position of the {@code Context} parameter, or -1 when there is none
   * @param async whether the method returns {@code CompletionStage} or {@code CompletableFuture}
   * @param modifiers the access to write ({@code public}, {@code protected} or none)
   * @param deprecated the {@code @Deprecated} to write, or null
   * @param warnings the {@code @SuppressWarnings} values to write (sorted; empty for none)
   */
  record Method(
      ExecutableElement element,
      Signature signature,
      Policy policy,
      int contextIndex,
      boolean async,
      Set<Modifier> modifiers,
      AnnotationSpec deprecated,
      Set<String> warnings) {}

  /**
   * One mirrored constructor of a subclass wrapper.
   *
   * @param element the constructor of the wrapped class
   * @param signature its signature
   * @param modifiers its own access
   * @param deprecated the {@code @Deprecated} to write, or null
   * @param safeVarargs whether to write {@code @SafeVarargs}
   * @param warnings the {@code @SuppressWarnings} values to write
   */
  record Constructor(
      ExecutableElement element,
      Signature signature,
      Set<Modifier> modifiers,
      AnnotationSpec deprecated,
      boolean safeVarargs,
      Set<String> warnings) {}

  final TypeElement type;
  final ClassName wrapperName;
  final Shape shape;
  final boolean isPublic;
  final AnnotationSpec deprecated;
  final Set<String> warnings;
  final boolean generatedAvailable;
  final List<TypeVariableName> typeVariables;
  final TypeName wrappedType;
  final List<Constructor> constructors;
  final List<Method> methods;

  WrapperModel(
      TypeElement type,
      Shape shape,
      boolean isPublic,
      AnnotationSpec deprecated,
      Set<String> warnings,
      boolean generatedAvailable,
      List<TypeVariableName> typeVariables,
      TypeName wrappedType,
      List<Constructor> constructors,
      List<Method> methods) {
    this.type = type;
    this.wrapperName = GeneratedNames.wrapperName(type);
    this.shape = shape;
    this.isPublic = isPublic;
    this.deprecated = deprecated;
    this.warnings = java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(warnings));
    this.generatedAvailable = generatedAvailable;
    this.typeVariables = List.copyOf(typeVariables);
    this.wrappedType = wrappedType;
    this.constructors = List.copyOf(constructors);
    this.methods = List.copyOf(methods);
  }

  /** Returns the element every generated file comes from, for incremental builds. */
  Element originatingElement() {
    return type;
  }
}
