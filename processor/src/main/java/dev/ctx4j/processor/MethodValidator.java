package dev.ctx4j.processor;

import dev.ctx4j.processor.Diagnostics.Message;
import dev.ctx4j.processor.WrapperModel.Kind;
import dev.ctx4j.processor.WrapperModel.Method;
import dev.ctx4j.processor.WrapperModel.Policy;
import dev.ctx4j.processor.WrapperModel.Shape;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one annotated type against the rules of SEMANTICS.md P1, P2, P8 and P10, reports every violation through
 * {@link Diagnostics} (it does not stop at the first), and returns the {@link WrapperModel} when there is none.
 */
final class MethodValidator {

  /** The longest {@code @Timeout} accepted: 100 years, the runtime's "no deadline" threshold. */
  static final long MAX_TIMEOUT_NANOS = TimeUnit.DAYS.toNanos(36_525);

  private final Elements elements;
  private final Types types;
  private final Diagnostics diagnostics;
  private final SourceVersion sourceVersion;

  MethodValidator(Elements elements, Types types, Diagnostics diagnostics, SourceVersion sourceVersion) {
    this.elements = elements;
    this.types = types;
    this.diagnostics = diagnostics;
    this.sourceVersion = sourceVersion;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Deferral (STYLE rule 7)

  /**
   * Returns the first type that the wrapper of {@code type} depends on and that javac could not resolve (yet), or
   * null when every such type resolves. A type another processor generates resolves in a later round.
   */
  String missingType(TypeElement type) {
    return missingType(type, new LinkedHashSet<>());
  }

  private String missingType(TypeElement type, Set<TypeElement> seen) {
    if (!seen.add(type)) {
      return null;
    }
    List<TypeMirror> mirrors = new ArrayList<>();
    mirrors.add(type.getSuperclass());
    mirrors.addAll(type.getInterfaces());
    addBounds(type.getTypeParameters(), mirrors);
    for (Element member : type.getEnclosedElements()) {
      if (member instanceof ExecutableElement executable) {
        mirrors.add(executable.getReturnType());
        for (VariableElement parameter : executable.getParameters()) {
          mirrors.add(parameter.asType());
        }
        mirrors.addAll(executable.getThrownTypes());
        addBounds(executable.getTypeParameters(), mirrors);
      }
    }
    for (TypeMirror mirror : mirrors) {
      String missing = errorIn(mirror);
      if (missing != null) {
        return missing;
      }
    }
    if (type.getKind() == ElementKind.INTERFACE) {
      // A delegating wrapper implements every inherited method too.
      for (TypeMirror superinterface : type.getInterfaces()) {
        String missing = missingType((TypeElement) types.asElement(superinterface), seen);
        if (missing != null) {
          return missing;
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
        return errorIn(((javax.lang.model.type.ArrayType) mirror).getComponentType());
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

  // ---------------------------------------------------------------------------------------------------------------
  // Validation

  /** Validates {@code type}; returns its model, or null after reporting at least one error. */
  WrapperModel validate(TypeElement type) {
    int errorsBefore = diagnostics.errorCount();
    String wrapper = GeneratedNames.wrapperName(type).simpleName();

    AnnotationMirror typeCancellable = mirror(type, GeneratedNames.CANCELLABLE);
    AnnotationMirror typeTimeout = mirror(type, GeneratedNames.TIMEOUT);
    AnnotationMirror typeMirror = typeTimeout != null ? typeTimeout : typeCancellable;
    Policy typePolicy = null;
    if (typeCancellable != null && typeTimeout != null) {
      diagnostics.reportOnAnnotation(Message.BOTH_ANNOTATIONS, type, typeTimeout, "type");
    } else if (typeMirror != null) {
      typePolicy = policy(type, typeMirror, true);
    }
    // An annotation javac itself rejects (a missing or ill-typed member) gives no policy and no message of ours: the
    // wrapper would then lack a method and add errors of its own, so it is not generated.
    boolean unreadable = typeMirror != null && typePolicy == null;
    String annotation = typeMirror != null ? simpleName(typeMirror) : firstMethodAnnotation(type);

    Shape shape = type.getKind() == ElementKind.INTERFACE ? Shape.DELEGATE : Shape.SUBCLASS;
    validateType(type, typeMirror, annotation, wrapper);

    DeclaredType declaredType = (DeclaredType) type.asType();
    List<Method> methods = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      AnnotationMirror cancellable = mirror(method, GeneratedNames.CANCELLABLE);
      AnnotationMirror timeout = mirror(method, GeneratedNames.TIMEOUT);
      Policy policy;
      AnnotationMirror own = timeout != null ? timeout : cancellable;
      if (cancellable != null && timeout != null) {
        diagnostics.reportOnAnnotation(Message.BOTH_ANNOTATIONS, method, timeout, "method");
        continue;
      } else if (own != null) {
        boolean overridable = checkOverridable(method, own, shape, wrapper);
        policy = policy(method, own, false);
        if (policy == null) {
          unreadable = true;
        }
        if (!overridable || policy == null) {
          continue;
        }
      } else if (typePolicy != null && overridable(method, shape)) {
        policy = typePolicy;
      } else {
        if (shape == Shape.DELEGATE && delegable(method) && !redeclaresObjectMethod(method)) {
          methods.add(plain(declaredType, method));
        }
        continue;
      }
      Method model = wrapped(declaredType, method, policy, own);
      if (model != null) {
        methods.add(model);
      }
    }

    List<ExecutableElement> constructors = new ArrayList<>();
    if (shape == Shape.DELEGATE) {
      addInherited(type, declaredType, methods, new LinkedHashSet<>());
    } else if (isClassLike(type)) {
      for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
        if (!constructor.getModifiers().contains(Modifier.PRIVATE)) {
          constructors.add(constructor);
        }
      }
      if (constructors.isEmpty()) {
        report(Message.NO_CONSTRUCTOR, type, typeMirror, annotation, wrapper);
      }
      checkAbstractMethods(type, typeMirror, annotation, wrapper);
    }

    if (diagnostics.errorCount() != errorsBefore || unreadable) {
      return null;
    }
    return new WrapperModel(
        type,
        declaredType,
        shape,
        isPublic(type),
        elements.isDeprecated(type),
        types.isAssignable(types.erasure(type.asType()), typeOf(Serializable.class.getName())),
        generatedAvailable(type),
        constructors,
        methods);
  }

  /** Reports what makes {@code type} impossible to wrap, whatever its methods. */
  private void validateType(TypeElement type, AnnotationMirror typeMirror, String annotation, String wrapper) {
    switch (type.getKind()) {
      case ENUM -> report(Message.ENUM, type, typeMirror, annotation);
      case RECORD -> report(Message.RECORD, type, typeMirror, annotation);
      case ANNOTATION_TYPE -> report(Message.ANNOTATION_TYPE, type, typeMirror, annotation);
      default -> {
        if (type.getKind() == ElementKind.CLASS && type.getModifiers().contains(Modifier.FINAL)) {
          report(Message.FINAL_TYPE, type, typeMirror, annotation, wrapper);
        }
      }
    }
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (t.getModifiers().contains(Modifier.PRIVATE)) {
        report(Message.PRIVATE_TYPE, type, typeMirror, annotation, t.getSimpleName());
        break;
      }
    }
    if (type.getKind() == ElementKind.CLASS
        && type.getNestingKind() == NestingKind.MEMBER
        && !type.getModifiers().contains(Modifier.STATIC)) {
      report(Message.INNER_CLASS, type, typeMirror, annotation, type.getSimpleName());
    }
    if (type.getModifiers().contains(Modifier.SEALED) && !permitsWrapper(type, wrapper)) {
      report(Message.SEALED, type, typeMirror, annotation, wrapper, wrapper);
    }
  }

  private static boolean permitsWrapper(TypeElement type, String wrapper) {
    for (TypeMirror permitted : type.getPermittedSubclasses()) {
      String name = permitted.toString();
      if (name.equals(wrapper) || name.endsWith("." + wrapper)) {
        return true;
      }
    }
    return false;
  }

  /** Reports why a method annotated itself cannot be overridden; returns whether it can. */
  private boolean checkOverridable(ExecutableElement method, AnnotationMirror own, Shape shape, String wrapper) {
    String annotation = simpleName(own);
    Set<Modifier> modifiers = method.getModifiers();
    boolean ok = true;
    if (modifiers.contains(Modifier.PRIVATE)) {
      diagnostics.reportOnAnnotation(Message.PRIVATE_METHOD, method, own, annotation);
      ok = false;
    }
    if (modifiers.contains(Modifier.STATIC)) {
      diagnostics.reportOnAnnotation(Message.STATIC_METHOD, method, own, annotation);
      ok = false;
    }
    if (modifiers.contains(Modifier.FINAL)) {
      diagnostics.reportOnAnnotation(Message.FINAL_METHOD, method, own, annotation, wrapper);
      ok = false;
    }
    if (shape == Shape.SUBCLASS && modifiers.contains(Modifier.ABSTRACT)) {
      diagnostics.reportOnAnnotation(Message.ABSTRACT_METHOD, method, own, annotation);
      ok = false;
    }
    return ok;
  }

  /** Whether a type-level annotation applies to {@code method} (P1: methods a wrapper can override). */
  private static boolean overridable(ExecutableElement method, Shape shape) {
    Set<Modifier> modifiers = method.getModifiers();
    return !modifiers.contains(Modifier.PRIVATE)
        && !modifiers.contains(Modifier.STATIC)
        && !modifiers.contains(Modifier.FINAL)
        && (shape == Shape.DELEGATE || !modifiers.contains(Modifier.ABSTRACT));
  }

  /** Whether a delegating wrapper must (or may) implement {@code method}: abstract and default interface methods. */
  private static boolean delegable(ExecutableElement method) {
    Set<Modifier> modifiers = method.getModifiers();
    return !modifiers.contains(Modifier.PRIVATE) && !modifiers.contains(Modifier.STATIC);
  }

  /** Whether {@code method} redeclares one of Object's public methods, which a class inherits anyway. */
  private boolean redeclaresObjectMethod(ExecutableElement method) {
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

  private Method plain(DeclaredType declaredType, ExecutableElement method) {
    return new Method(method, (ExecutableType) types.asMemberOf(declaredType, method), null, -1, false);
  }

  /**
   * Adds, for a delegating wrapper, every method the interface inherits and does not redeclare, so that the wrapper
   * implements it by delegation (P1: inherited methods are wrapped only where redeclared). Depth-first, in the order
   * of the {@code extends} clauses.
   */
  private void addInherited(
      TypeElement type, DeclaredType wrapped, List<Method> methods, Set<TypeElement> seen) {
    for (TypeMirror superinterface : type.getInterfaces()) {
      TypeElement element = (TypeElement) types.asElement(superinterface);
      if (!seen.add(element)) {
        continue;
      }
      for (ExecutableElement method : ElementFilter.methodsIn(element.getEnclosedElements())) {
        if (!delegable(method) || redeclaresObjectMethod(method)) {
          continue;
        }
        ExecutableType resolved = (ExecutableType) types.asMemberOf(wrapped, method);
        if (!alreadyImplemented(methods, method, resolved)) {
          methods.add(new Method(method, resolved, null, -1, false));
        }
      }
      addInherited(element, wrapped, methods, seen);
    }
  }

  private boolean alreadyImplemented(List<Method> methods, ExecutableElement method, ExecutableType resolved) {
    for (Method existing : methods) {
      if (existing.element().getSimpleName().contentEquals(method.getSimpleName())
          && (types.isSubsignature(existing.type(), resolved) || types.isSubsignature(resolved, existing.type()))) {
        return true;
      }
    }
    return false;
  }

  /** Builds the model of a wrapped method, reporting what the wrapper could not honour; null after an error. */
  private Method wrapped(DeclaredType declaredType, ExecutableElement method, Policy policy, AnnotationMirror own) {
    String annotation = policy.kind().simpleName();
    TypeMirror context = typeOf(GeneratedNames.CONTEXT.canonicalName());
    boolean ok = true;
    int contextIndex = -1;
    int contextCount = 0;
    List<? extends VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      VariableElement parameter = parameters.get(i);
      TypeMirror type = parameter.asType();
      if (types.isSameType(type, context)) {
        contextCount++;
        if (contextIndex < 0) {
          contextIndex = i;
        }
      } else if (type.getKind() != TypeKind.ERROR && types.isAssignable(types.erasure(type), context)) {
        diagnostics.report(Message.CONTEXT_TYPE, parameter, annotation, parameter.getSimpleName(), type);
        ok = false;
      }
    }
    if (contextCount > 1) {
      report(Message.CONTEXT_PARAMETERS, method, own, annotation, contextCount);
      ok = false;
    } else if (contextIndex > 0 && !suppressed(parameters.get(contextIndex))) {
      VariableElement parameter = parameters.get(contextIndex);
      diagnostics.report(Message.CONTEXT_NOT_FIRST, parameter, annotation, contextIndex + 1, parameter.getSimpleName());
    }

    ExecutableType resolved = (ExecutableType) types.asMemberOf(declaredType, method);
    TypeMirror returnType = resolved.getReturnType();
    boolean async = false;
    if (returnType.getKind() == TypeKind.DECLARED || returnType.getKind() == TypeKind.TYPEVAR) {
      TypeMirror erased = types.erasure(returnType);
      TypeMirror stage = types.erasure(typeOf(GeneratedNames.COMPLETION_STAGE));
      TypeMirror future = types.erasure(typeOf(GeneratedNames.COMPLETABLE_FUTURE));
      boolean stageLike =
          types.isAssignable(erased, stage) || types.isAssignable(erased, types.erasure(typeOf(GeneratedNames.FUTURE)));
      if (returnType.getKind() == TypeKind.DECLARED
          && (types.isSameType(erased, stage) || types.isSameType(erased, future))
          && !((DeclaredType) returnType).getTypeArguments().isEmpty()) {
        async = true;
      } else if (stageLike) {
        report(Message.ASYNC_TYPE, method, own, annotation, returnType);
        ok = false;
      }
    }
    return ok ? new Method(method, resolved, policy, contextIndex, async) : null;
  }

  /** Reports an abstract method that a concrete subclass would leave unimplemented (one per type, no cascade). */
  private void checkAbstractMethods(
      TypeElement type, AnnotationMirror typeMirror, String annotation, String wrapper) {
    if (!type.getModifiers().contains(Modifier.ABSTRACT)) {
      return;
    }
    List<ExecutableElement> all = ElementFilter.methodsIn(elements.getAllMembers(type));
    for (ExecutableElement candidate : all) {
      if (!candidate.getModifiers().contains(Modifier.ABSTRACT)
          || (candidate.getEnclosingElement().equals(type) && hasCtx4jAnnotation(candidate))) {
        continue; // an annotated abstract method has its own error
      }
      boolean implemented = false;
      for (ExecutableElement other : all) {
        if (other != candidate
            && !other.getModifiers().contains(Modifier.ABSTRACT)
            && other.getSimpleName().contentEquals(candidate.getSimpleName())
            && elements.overrides(other, candidate, type)) {
          implemented = true;
          break;
        }
      }
      if (!implemented) {
        report(
            Message.ABSTRACT_CLASS,
            type,
            typeMirror,
            annotation,
            wrapper,
            candidate.getEnclosingElement().getSimpleName() + "." + candidate);
        return;
      }
    }
  }

  /** Reads and checks an annotation's members; null after reporting an error (or when javac already did). */
  private Policy policy(Element element, AnnotationMirror mirror, boolean onType) {
    Kind kind = simpleName(mirror).equals(Kind.TIMEOUT.simpleName()) ? Kind.TIMEOUT : Kind.CANCELLABLE;
    boolean interrupt = true;
    long timeout = 0;
    TimeUnit unit = null;
    AnnotationValue valueMember = null;
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      Object value = entry.getValue().getValue();
      switch (entry.getKey().getSimpleName().toString()) {
        case "interrupt" -> {
          if (!(value instanceof Boolean b)) {
            return null;
          }
          interrupt = b;
        }
        case "value" -> {
          if (!(value instanceof Long l)) {
            return null;
          }
          timeout = l;
          valueMember = entry.getValue();
        }
        case "unit" -> {
          if (!(value instanceof VariableElement constant)
              || Arrays.stream(TimeUnit.values()).noneMatch(u -> u.name().contentEquals(constant.getSimpleName()))) {
            return null;
          }
          unit = TimeUnit.valueOf(constant.getSimpleName().toString());
        }
        default -> {}
      }
    }
    if (kind == Kind.CANCELLABLE) {
      return new Policy(kind, 0, null, interrupt, onType);
    }
    if (valueMember == null || unit == null) {
      return null; // javac reports the missing member itself
    }
    if (timeout <= 0) {
      diagnostics.reportOnValue(Message.TIMEOUT_NOT_POSITIVE, element, mirror, valueMember, timeout);
      return null;
    }
    if (unit.toNanos(timeout) > MAX_TIMEOUT_NANOS) {
      diagnostics.reportOnValue(
          Message.TIMEOUT_TOO_LONG, element, mirror, valueMember, timeout, unit.name().toLowerCase(Locale.ROOT));
      return null;
    }
    return new Policy(kind, timeout, unit, interrupt, onType);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  private void report(Message message, Element element, AnnotationMirror mirror, Object... args) {
    if (mirror == null) {
      diagnostics.report(message, element, args);
    } else {
      diagnostics.reportOnAnnotation(message, element, mirror, args);
    }
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

  private static boolean hasCtx4jAnnotation(Element element) {
    return mirror(element, GeneratedNames.CANCELLABLE) != null || mirror(element, GeneratedNames.TIMEOUT) != null;
  }

  private static String simpleName(AnnotationMirror mirror) {
    return mirror.getAnnotationType().asElement().getSimpleName().toString();
  }

  /** For messages about a type annotated only on its methods: the first method annotation's name. */
  private static String firstMethodAnnotation(TypeElement type) {
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      AnnotationMirror timeout = mirror(method, GeneratedNames.TIMEOUT);
      AnnotationMirror cancellable = mirror(method, GeneratedNames.CANCELLABLE);
      if (timeout != null || cancellable != null) {
        return simpleName(timeout != null ? timeout : cancellable);
      }
    }
    return Kind.CANCELLABLE.simpleName();
  }

  private static boolean isClassLike(TypeElement type) {
    return type.getKind() == ElementKind.CLASS;
  }

  /** Whether {@code @SuppressWarnings("ctx4j")} is on {@code element} or on anything enclosing it. */
  static boolean suppressed(Element element) {
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      SuppressWarnings suppress = e.getAnnotation(SuppressWarnings.class);
      if (suppress != null && Arrays.asList(suppress.value()).contains(Diagnostics.SUPPRESS)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code type} and every type enclosing it are public, so that the wrapper may be public too. */
  private static boolean isPublic(TypeElement type) {
    for (Element e = type; e instanceof TypeElement; e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code javax.annotation.processing.Generated} exists for the compilation and can be seen from
   * {@code type}'s module (AutoValue's {@code GeneratedAnnotations} rule, plus the module check).
   */
  private boolean generatedAvailable(TypeElement type) {
    if (sourceVersion.compareTo(SourceVersion.RELEASE_8) <= 0
        || elements.getTypeElement(GeneratedNames.GENERATED.canonicalName()) == null) {
      return false;
    }
    ModuleElement module = elements.getModuleOf(type);
    if (module == null || module.isUnnamed() || module.getQualifiedName().contentEquals("java.compiler")) {
      return true;
    }
    for (ModuleElement.RequiresDirective requires : ElementFilter.requiresIn(module.getDirectives())) {
      if (requires.getDependency().getQualifiedName().contentEquals("java.compiler")) {
        return true;
      }
    }
    return false;
  }

  private TypeMirror typeOf(String canonicalName) {
    return elements.getTypeElement(canonicalName).asType();
  }
}
