package dev.ctx4j.processor;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;

/**
 * Plain data about one wrapper to generate: what {@link MethodValidator} found valid, and all that
 * {@link WrapperGenerator} needs. Lists keep source order.
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

  /**
   * What one annotation asks for.
   *
   * @param kind which annotation
   * @param timeout the limit in {@code unit}; 0 for {@code @Cancellable}
   * @param unit the limit's unit; null for {@code @Cancellable}
   * @param interrupt whether to interrupt the thread running the body
   * @param onType whether the annotation is on the type rather than the method
   */
  record Policy(Kind kind, long timeout, TimeUnit unit, boolean interrupt, boolean onType) {}

  /**
   * One method of the wrapper.
   *
   * @param element the method as declared (in the type or, for a delegating wrapper, in a supertype)
   * @param type the method as a member of the wrapped type (type arguments of supertypes resolved)
   * @param policy what to do around the call; null to delegate unchanged
   * @param contextIndex the position of the {@code Context} parameter, or -1 when there is none
   * @param async whether the method returns {@code CompletionStage} or {@code CompletableFuture}
   */
  record Method(ExecutableElement element, ExecutableType type, Policy policy, int contextIndex, boolean async) {}

  final TypeElement type;
  final DeclaredType declaredType;
  final ClassName wrapperName;
  final Shape shape;
  final boolean isPublic;
  final boolean deprecated;
  final boolean serializable;
  final boolean generatedAvailable;
  final List<ExecutableElement> constructors;
  final List<Method> methods;

  WrapperModel(
      TypeElement type,
      DeclaredType declaredType,
      Shape shape,
      boolean isPublic,
      boolean deprecated,
      boolean serializable,
      boolean generatedAvailable,
      List<ExecutableElement> constructors,
      List<Method> methods) {
    this.type = type;
    this.declaredType = declaredType;
    this.wrapperName = GeneratedNames.wrapperName(type);
    this.shape = shape;
    this.isPublic = isPublic;
    this.deprecated = deprecated;
    this.serializable = serializable;
    this.generatedAvailable = generatedAvailable;
    this.constructors = List.copyOf(constructors);
    this.methods = List.copyOf(methods);
  }

  /** Returns the element every generated file comes from, for incremental builds. */
  Element originatingElement() {
    return type;
  }
}
