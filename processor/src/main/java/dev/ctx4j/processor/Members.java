package dev.ctx4j.processor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Finds the methods a wrapper has, each as a member of the annotated type: for an interface, every abstract and
 * default method it declares or inherits; for a class, the methods it declares and the inherited ones that carry
 * their own ctx4j annotation. Where several inherited declarations are one method (the {@code AutoCloseable} and
 * {@code Closeable} shape, a covariant return), the wrapper gets the most specific: a declaration overridden by
 * another is dropped ({@code Elements.overrides}), and of unrelated override-equivalent ones
 * ({@code Types.isSubsignature}) the one whose return type is a subtype of the others', with the exceptions every
 * declaration allows. It also finds a method's own annotation, which may sit on a declaration it overrides.
 */
final class Members {

  /**
   * One method of the wrapper.
   *
   * @param element the declaration the wrapper's method is written from (the most specific one)
   * @param overridden every declaration in the annotated type's hierarchy that the method overrides, {@code element}
   *     first
   * @param resolved {@code element} as a member of the annotated type
   * @param thrown the exceptions every inherited declaration allows, as members of the annotated type; null to use
   *     {@code element}'s own
   * @param annotated the declaration whose ctx4j annotation is the method's own (itself or one it overrides); null
   *     when there is none
   * @param declaredByType whether the annotated type declares the method itself (a type-level annotation applies)
   * @param raw whether the method is inherited through a raw supertype (its signature is erased)
   */
  record Member(
      ExecutableElement element,
      List<ExecutableElement> overridden,
      ExecutableType resolved,
      List<? extends TypeMirror> thrown,
      ExecutableElement annotated,
      boolean declaredByType,
      boolean raw) {}

  private final Elements elements;
  private final Types types;
  private final Signatures signatures;

  Members(Elements elements, Types types, Signatures signatures) {
    this.elements = elements;
    this.types = types;
    this.signatures = signatures;
  }

  /** Every method a delegating wrapper of the interface {@code type} implements, in source order, inherited last. */
  List<Member> ofInterface(TypeElement type) {
    List<ExecutableElement> all = candidates(type);
    List<ExecutableElement> remaining = new ArrayList<>();
    for (ExecutableElement method : all) {
      if (isObject(method.getEnclosingElement())) {
        continue;
      }
      Set<Modifier> modifiers = method.getModifiers();
      if (modifiers.contains(Modifier.STATIC) || modifiers.contains(Modifier.PRIVATE)) {
        continue;
      }
      if (!overriddenByAnother(method, all, type)) {
        remaining.add(method);
      }
    }
    List<Member> members = new ArrayList<>();
    Set<ExecutableElement> grouped = new LinkedHashSet<>();
    for (ExecutableElement method : remaining) {
      if (grouped.contains(method)) {
        continue;
      }
      List<ExecutableElement> group = new ArrayList<>();
      ExecutableType resolved = asMember(type, method);
      for (ExecutableElement other : remaining) {
        if (other.getSimpleName().equals(method.getSimpleName())
            && (other == method || overrideEquivalent(resolved, asMember(type, other)))) {
          group.add(other);
        }
      }
      grouped.addAll(group);
      ExecutableElement chosen = mostSpecific(type, group);
      ExecutableElement annotated = annotated(chosen, all, type);
      if (annotated == null && redeclaresObjectMethod(chosen)) {
        continue; // Object implements it; a type-level annotation never wraps equals, hashCode or toString
      }
      members.add(
          new Member(
              chosen,
              overridden(chosen, group, all, type),
              asMember(type, chosen),
              group.size() > 1 ? commonThrows(type, group) : null,
              annotated,
              chosen.getEnclosingElement().equals(type),
              signatures.bindings(type, (TypeElement) chosen.getEnclosingElement()) == null));
    }
    return members;
  }

  /**
   * The methods a subclass wrapper of the class {@code type} may override: those it declares, then the inherited
   * ones with their own ctx4j annotation (so that an annotation on an inherited method is honoured).
   */
  List<Member> ofClass(TypeElement type) {
    List<ExecutableElement> all = candidates(type);
    List<Member> members = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      members.add(
          new Member(
              method,
              overridden(method, List.of(method), all, type),
              asMember(type, method),
              null,
              annotated(method, all, type),
              true,
              false));
    }
    for (ExecutableElement method : all) {
      if (method.getEnclosingElement().equals(type)
          || isObject(method.getEnclosingElement())
          || method.getModifiers().contains(Modifier.STATIC)
          || method.getModifiers().contains(Modifier.PRIVATE)
          || method.getModifiers().contains(Modifier.ABSTRACT)
          || overriddenByAnother(method, all, type)) {
        continue;
      }
      ExecutableElement annotated = annotated(method, all, type);
      if (annotated != null) {
        members.add(
            new Member(
                method,
                overridden(method, List.of(method), all, type),
                asMember(type, method),
                null,
                annotated,
                false,
                signatures.bindings(type, (TypeElement) method.getEnclosingElement()) == null));
      }
    }
    return members;
  }

  /** Every method declared in {@code type} and its supertypes, nearest type first, each type's in source order. */
  private List<ExecutableElement> candidates(TypeElement type) {
    List<ExecutableElement> methods = new ArrayList<>();
    for (TypeElement t : hierarchy(type)) {
      methods.addAll(ElementFilter.methodsIn(t.getEnclosedElements()));
    }
    return methods;
  }

  /** {@code type} and its supertypes, breadth first (nearest first), each once. */
  List<TypeElement> hierarchy(TypeElement type) {
    Set<TypeElement> seen = new LinkedHashSet<>();
    List<TypeElement> queue = new ArrayList<>(List.of(type));
    for (int i = 0; i < queue.size(); i++) {
      TypeElement t = queue.get(i);
      if (!seen.add(t)) {
        continue;
      }
      List<TypeMirror> supertypes = new ArrayList<>();
      supertypes.add(t.getSuperclass());
      supertypes.addAll(t.getInterfaces());
      for (TypeMirror supertype : supertypes) {
        if (supertype.getKind() == TypeKind.DECLARED) {
          queue.add((TypeElement) ((DeclaredType) supertype).asElement());
        }
      }
    }
    return new ArrayList<>(seen);
  }

  private boolean overriddenByAnother(ExecutableElement method, List<ExecutableElement> all, TypeElement type) {
    for (ExecutableElement other : all) {
      if (other != method
          && other.getSimpleName().equals(method.getSimpleName())
          && !other.getModifiers().contains(Modifier.STATIC)
          && elements.overrides(other, method, type)) {
        return true;
      }
    }
    return false;
  }

  private boolean overrideEquivalent(ExecutableType a, ExecutableType b) {
    return types.isSubsignature(a, b) || types.isSubsignature(b, a);
  }

  /** Of override-equivalent declarations, the one whose return type is a subtype of every other's. */
  private ExecutableElement mostSpecific(TypeElement type, List<ExecutableElement> group) {
    for (ExecutableElement candidate : group) {
      TypeMirror returns = asMember(type, candidate).getReturnType();
      boolean specific = true;
      for (ExecutableElement other : group) {
        TypeMirror otherReturns = asMember(type, other).getReturnType();
        if (other != candidate
            && !types.isSameType(returns, otherReturns)
            && !(returns.getKind() != TypeKind.VOID && types.isSubtype(returns, otherReturns))) {
          specific = false;
          break;
        }
      }
      if (specific) {
        return candidate;
      }
    }
    return group.get(0);
  }

  /**
   * The exceptions an implementation of all of {@code group} may throw: each declared exception that is a subtype of
   * some exception every declaration throws (JLS 8.4.8.3), once.
   */
  private List<TypeMirror> commonThrows(TypeElement type, List<ExecutableElement> group) {
    List<TypeMirror> result = new ArrayList<>();
    for (ExecutableElement method : group) {
      for (TypeMirror thrown : asMember(type, method).getThrownTypes()) {
        boolean allowed = true;
        for (ExecutableElement other : group) {
          if (asMember(type, other).getThrownTypes().stream().noneMatch(t -> types.isSubtype(thrown, t))) {
            allowed = false;
            break;
          }
        }
        if (allowed && result.stream().noneMatch(t -> types.isSubtype(thrown, t))) {
          result.removeIf(t -> types.isSubtype(t, thrown));
          result.add(thrown);
        }
      }
    }
    return result;
  }

  /** {@code chosen}, then every other declaration it overrides or stands for. */
  private List<ExecutableElement> overridden(
      ExecutableElement chosen, List<ExecutableElement> group, List<ExecutableElement> all, TypeElement type) {
    Set<ExecutableElement> result = new LinkedHashSet<>();
    result.add(chosen);
    result.addAll(group);
    for (ExecutableElement other : all) {
      if (other != chosen
          && other.getSimpleName().equals(chosen.getSimpleName())
          && !other.getModifiers().contains(Modifier.STATIC)
          && !other.getModifiers().contains(Modifier.PRIVATE)
          && group.stream().anyMatch(g -> g == other || elements.overrides(g, other, type))) {
        result.add(other);
      }
    }
    return new ArrayList<>(result);
  }

  /**
   * The declaration whose ctx4j annotation is {@code method}'s own: {@code method} itself when annotated, else the
   * nearest annotated declaration it overrides; null when none is annotated.
   */
  private ExecutableElement annotated(ExecutableElement method, List<ExecutableElement> all, TypeElement type) {
    if (hasCtx4jAnnotation(method)) {
      return method;
    }
    for (ExecutableElement other : all) {
      if (other != method
          && hasCtx4jAnnotation(other)
          && other.getSimpleName().equals(method.getSimpleName())
          && !other.getModifiers().contains(Modifier.STATIC)
          && (elements.overrides(method, other, type)
              || overrideEquivalent(asMember(type, method), asMember(type, other)))) {
        return other;
      }
    }
    return null;
  }

  private ExecutableType asMember(TypeElement type, ExecutableElement method) {
    return (ExecutableType) types.asMemberOf((DeclaredType) type.asType(), method);
  }

  /** Whether {@code method} redeclares one of Object's public methods ({@code equals}, {@code hashCode}, ...). */
  boolean redeclaresObjectMethod(ExecutableElement method) {
    TypeElement object = elements.getTypeElement(Object.class.getName());
    for (ExecutableElement objectMethod : ElementFilter.methodsIn(object.getEnclosedElements())) {
      if (objectMethod.getModifiers().contains(Modifier.PUBLIC)
          && objectMethod.getSimpleName().contentEquals(method.getSimpleName())
          && types.isSubsignature((ExecutableType) method.asType(), (ExecutableType) objectMethod.asType())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isObject(Element element) {
    return element.getKind() == ElementKind.CLASS
        && ((TypeElement) element).getQualifiedName().contentEquals(Object.class.getName());
  }

  static boolean hasCtx4jAnnotation(Element element) {
    return mirror(element, GeneratedNames.CANCELLABLE) != null || mirror(element, GeneratedNames.TIMEOUT) != null;
  }

  /** Returns {@code element}'s annotation of the given type, or null. */
  static AnnotationMirror mirror(Element element, String annotationType) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotationType)) {
        return mirror;
      }
    }
    return null;
  }
}
