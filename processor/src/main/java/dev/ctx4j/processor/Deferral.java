package dev.ctx4j.processor;

import dev.ctx4j.processor.Diagnostics.Message;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Waits for types that other processors have not generated yet, so that a wrapper is never built from an unresolved
 * type. A type is deferred to the next round while anything its wrapper depends on does not resolve: a type in a
 * signature, a supertype, an annotation of the source whose type or value is generated ({@code @Timeout(Limits.FIND)}
 * where another processor writes {@code Limits}). In the last round each type still waiting gets a {@code
 * [Ctx4jUndefined]} error naming what never resolved: never a silent "no wrapper".
 */
final class Deferral {
  private final Elements elements;
  private final Types types;
  private final Sources sources;
  private final Diagnostics diagnostics;
  /** Deferred types, by qualified name, with what did not resolve. */
  private final Map<String, String> deferred = new TreeMap<>();

  Deferral(Elements elements, Types types, Sources sources, Diagnostics diagnostics) {
    this.elements = elements;
    this.types = types;
    this.sources = sources;
    this.diagnostics = diagnostics;
  }

  /** The types deferred in earlier rounds, as this round's elements, by qualified name. */
  Map<String, TypeElement> waiting() {
    Map<String, TypeElement> result = new TreeMap<>();
    for (String name : deferred.keySet()) {
      TypeElement type = elements.getTypeElement(name);
      if (type != null) {
        result.put(name, type);
      }
    }
    return result;
  }

  /**
   * Defers {@code type} and returns true when something its wrapper depends on does not resolve yet; otherwise
   * forgets any earlier deferral and returns false.
   */
  boolean defer(TypeElement type) {
    String missing = missing(type, new LinkedHashSet<>());
    String name = type.getQualifiedName().toString();
    if (missing == null) {
      deferred.remove(name);
      return false;
    }
    deferred.put(name, missing);
    return true;
  }

  /** Forgets {@code type} (it was handled). */
  void forget(TypeElement type) {
    deferred.remove(type.getQualifiedName().toString());
  }

  /** In the last round: reports each type still waiting. */
  void reportRemaining() {
    for (Map.Entry<String, String> entry : deferred.entrySet()) {
      TypeElement type = elements.getTypeElement(entry.getKey());
      diagnostics.report(
          Message.UNDEFINED,
          type,
          type == null ? entry.getKey() : GeneratedNames.wrapperName(type).simpleName(),
          entry.getValue());
    }
    deferred.clear();
  }

  private String missing(TypeElement type, Set<TypeElement> seen) {
    if (!seen.add(type)) {
      return null;
    }
    String unresolved = sources.unresolvedAnnotation(type);
    if (unresolved != null) {
      return unresolved;
    }
    List<TypeMirror> mirrors = new ArrayList<>();
    mirrors.add(type.getSuperclass());
    mirrors.addAll(type.getInterfaces());
    addBounds(type.getTypeParameters(), mirrors);
    for (Element member : type.getEnclosedElements()) {
      if (!(member instanceof ExecutableElement executable)) {
        continue;
      }
      mirrors.add(executable.getReturnType());
      for (VariableElement parameter : executable.getParameters()) {
        mirrors.add(parameter.asType());
      }
      mirrors.addAll(executable.getThrownTypes());
      addBounds(executable.getTypeParameters(), mirrors);
      String value = erroneousValue(executable);
      if (value != null) {
        return value;
      }
      unresolved = sources.unresolvedAnnotation(executable);
      if (unresolved != null) {
        return unresolved;
      }
    }
    for (TypeMirror mirror : mirrors) {
      String missing = errorIn(mirror);
      if (missing != null) {
        return missing;
      }
    }
    // The wrapper implements or overrides inherited methods too.
    List<TypeMirror> supertypes = new ArrayList<>(type.getInterfaces());
    supertypes.add(type.getSuperclass());
    for (TypeMirror supertype : supertypes) {
      if (supertype.getKind() == TypeKind.DECLARED) {
        String missing = missing((TypeElement) types.asElement(supertype), seen);
        if (missing != null) {
          return missing;
        }
      }
    }
    return null;
  }

  /**
   * A ctx4j annotation value javac could not attribute yet ({@code @Timeout(Limits.FIND)} before {@code Limits}
   * exists): javac gives such a value as the string {@code <error>}.
   */
  private String erroneousValue(ExecutableElement method) {
    for (AnnotationMirror mirror : method.getAnnotationMirrors()) {
      String name = ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
      if (!name.equals(GeneratedNames.TIMEOUT) && !name.equals(GeneratedNames.CANCELLABLE)) {
        continue;
      }
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
          mirror.getElementValues().entrySet()) {
        if (entry.getValue().getValue() instanceof String
            && entry.getKey().getReturnType().getKind() != TypeKind.DECLARED) {
          return "the " + entry.getKey().getSimpleName() + " of " + mirror + " on " + method.getSimpleName();
        }
      }
    }
    return null;
  }

  private static void addBounds(List<? extends TypeParameterElement> parameters, List<TypeMirror> out) {
    for (TypeParameterElement parameter : parameters) {
      out.addAll(parameter.getBounds());
    }
  }

  private static String errorIn(TypeMirror mirror) {
    switch (mirror.getKind()) {
      case ERROR:
        return mirror.toString();
      case DECLARED:
        for (TypeMirror argument : ((DeclaredType) mirror).getTypeArguments()) {
          String missing = errorIn(argument);
          if (missing != null) {
            return missing;
          }
        }
        return null;
      case ARRAY:
        return errorIn(((ArrayType) mirror).getComponentType());
      case WILDCARD:
        WildcardType wildcard = (WildcardType) mirror;
        if (wildcard.getExtendsBound() != null) {
          return errorIn(wildcard.getExtendsBound());
        }
        return wildcard.getSuperBound() == null ? null : errorIn(wildcard.getSuperBound());
      default:
        return null;
    }
  }
}
