package dev.ctx4j.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.TypeName;
import dev.ctx4j.processor.Annotations.Access;
import dev.ctx4j.processor.Diagnostics.Message;
import dev.ctx4j.processor.Members.Member;
import dev.ctx4j.processor.Signatures.Signature;
import dev.ctx4j.processor.WrapperModel.Constructor;
import dev.ctx4j.processor.WrapperModel.Kind;
import dev.ctx4j.processor.WrapperModel.Method;
import dev.ctx4j.processor.WrapperModel.Origin;
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
import java.util.TreeSet;
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
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.IntersectionType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks one annotated type against rules P1, P2, P8 and P10 (docs/semantics.md), reports every violation through
 * {@link Diagnostics} (it does not stop at the first), and returns the {@link WrapperModel} when there is none. Which
 * methods the wrapper has comes from {@link Members}, their signatures from {@link Signatures}; this class decides
 * which policy applies to each and whether the wrapper can express it.
 */
final class MethodValidator {

  /** The longest {@code @Timeout} accepted: 100 years, the runtime's "no deadline" threshold. */
  static final long MAX_TIMEOUT_NANOS = TimeUnit.DAYS.toNanos(36_525);

  private final Elements elements;
  private final Types types;
  private final Diagnostics diagnostics;
  private final SourceVersion sourceVersion;
  private final Sources sources;
  private final Annotations annotations;
  private final Signatures signatures;
  private final Members members;

  MethodValidator(
      Elements elements, Types types, Diagnostics diagnostics, SourceVersion sourceVersion, Sources sources) {
    this.elements = elements;
    this.types = types;
    this.diagnostics = diagnostics;
    this.sourceVersion = sourceVersion;
    this.sources = sources;
    this.annotations = new Annotations(elements, types);
    this.signatures = new Signatures(elements, types, annotations);
    this.members = new Members(elements, types, signatures);
  }

  /** Validates {@code type}; returns its model, or null after reporting at least one error. */
  WrapperModel validate(TypeElement type) {
    int errorsBefore = diagnostics.errorCount();
    String wrapper = GeneratedNames.wrapperName(type).simpleName();

    AnnotationMirror typeCancellable = Members.mirror(type, GeneratedNames.CANCELLABLE);
    AnnotationMirror typeTimeout = Members.mirror(type, GeneratedNames.TIMEOUT);
    AnnotationMirror typeMirror = typeTimeout != null ? typeTimeout : typeCancellable;
    Policy typePolicy = null;
    if (typeCancellable != null && typeTimeout != null) {
      diagnostics.reportOnAnnotation(Message.BOTH_ANNOTATIONS, type, typeTimeout, "type");
    } else if (typeMirror != null) {
      typePolicy = policy(type, typeMirror, Origin.TYPE);
    }
    // An annotation javac itself rejects (a missing or ill-typed member) gives no policy and no message of ours: the
    // wrapper would then lack a method and add errors of its own, so it is not generated.
    boolean unreadable = typeMirror != null && typePolicy == null;
    String annotation = typeMirror != null ? simpleName(typeMirror) : firstMethodAnnotation(type);

    Shape shape = type.getKind() == ElementKind.INTERFACE ? Shape.DELEGATE : Shape.SUBCLASS;
    if (!validateType(type, typeMirror, annotation, wrapper)) {
      return null; // nothing else is meaningful for a type the wrapper cannot name or extend
    }
    Access access = new Access(elements, types, elements.getPackageOf(type), shape == Shape.SUBCLASS ? type : null);

    List<Method> methods = new ArrayList<>();
    Set<TypeElement> auxiliary = new LinkedHashSet<>();
    List<Member> found = shape == Shape.DELEGATE ? members.ofInterface(type) : members.ofClass(type);
    for (Member member : found) {
      ExecutableElement method = member.element();
      ExecutableElement annotated = member.annotated();
      Element anchor = member.declaredByType() ? method : type;
      Policy policy;
      if (annotated != null) {
        AnnotationMirror cancellable = Members.mirror(annotated, GeneratedNames.CANCELLABLE);
        AnnotationMirror timeout = Members.mirror(annotated, GeneratedNames.TIMEOUT);
        AnnotationMirror own = timeout != null ? timeout : cancellable;
        if (cancellable != null && timeout != null) {
          diagnostics.reportOnAnnotation(Message.BOTH_ANNOTATIONS, annotated, timeout, "method");
          continue;
        }
        boolean overridable = checkOverridable(member, own, shape, wrapper, type);
        policy = policy(annotated, own, annotated == method ? Origin.METHOD : Origin.OVERRIDDEN);
        if (policy == null) {
          unreadable = true;
        }
        if (!overridable || policy == null) {
          continue;
        }
      } else if (typePolicy != null
          && member.declaredByType()
          && overridable(method, shape)
          && !members.redeclaresObjectMethod(method)) {
        policy = typePolicy; // P1: never equals, hashCode or toString
      } else {
        if (shape == Shape.DELEGATE) {
          Method plain = method(type, member, null, null, anchor, shape, access, annotation, wrapper, auxiliary);
          if (plain != null) {
            methods.add(plain);
          }
        }
        continue;
      }
      AnnotationMirror mirror = annotated != null ? Members.mirror(annotated, GeneratedNames.TIMEOUT) : typeMirror;
      if (mirror == null && annotated != null) {
        mirror = Members.mirror(annotated, GeneratedNames.CANCELLABLE);
      }
      Method model = method(type, member, policy, annotated == method ? mirror : null, anchor, shape, access,
          policy.kind().simpleName(), wrapper, auxiliary);
      if (model != null) {
        methods.add(model);
      }
    }

    List<Constructor> constructors = new ArrayList<>();
    if (shape == Shape.SUBCLASS) {
      for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
        if (!constructor.getModifiers().contains(Modifier.PRIVATE)) {
          Constructor model = constructor(type, constructor, access, annotation, wrapper, auxiliary);
          if (model != null) {
            constructors.add(model);
          }
        }
      }
      if (ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
          .allMatch(c -> c.getModifiers().contains(Modifier.PRIVATE))) {
        report(Message.NO_CONSTRUCTOR, type, typeMirror, annotation, wrapper);
      }
      checkAbstractMethods(type, typeMirror, annotation, wrapper);
    }
    for (TypeParameterElement parameter : type.getTypeParameters()) {
      for (TypeMirror bound : parameter.getBounds()) {
        checkNameable(bound, access, type, annotation, wrapper, type.getSimpleName().toString());
      }
    }

    if (diagnostics.errorCount() != errorsBefore || unreadable) {
      return null;
    }
    AnnotationSpec deprecated = deprecated(type);
    Set<String> warnings = signatures.classWarnings(type, deprecated != null);
    if (types.isAssignable(types.erasure(type.asType()), typeOf(Serializable.class.getName()))) {
      warnings.add("serial");
    }
    if (sources.isAuxiliary(type)) {
      auxiliary.add(type);
    }
    if (!suppressed(type)) {
      for (TypeElement named : auxiliary) {
        diagnostics.report(
            Message.AUXILIARY_CLASS, type, annotation, wrapper, named.getQualifiedName(), sources.fileName(named),
            named.getSimpleName());
      }
    }
    if (closeMayThrowInterrupted(type, found)) {
      warnings.add("try");
    }
    if (equalsWithoutHashCode(type, shape, methods)) {
      warnings.add("overrides");
    }
    return new WrapperModel(
        type,
        shape,
        isPublic(type),
        deprecated,
        warnings,
        generatedAvailable(type),
        signatures.typeVariables(type, access),
        signatures.wrappedType(type),
        constructors,
        methods);
  }

  /** Reports what makes {@code type} impossible to wrap, whatever its methods; returns whether it can be named. */
  private boolean validateType(TypeElement type, AnnotationMirror typeMirror, String annotation, String wrapper) {
    TypeElement top = type;
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      top = t;
    }
    if (!type.equals(elements.getTypeElement(type.getQualifiedName()))) {
      // JDK 25's compact source files: the implicitly declared class cannot be named from another file
      report(Message.COMPACT_SOURCE, type, typeMirror, annotation, type.getSimpleName(), top.getSimpleName(),
          type.getSimpleName());
      return false;
    }
    boolean wrappable = true;
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
    if (type.getKind() != ElementKind.CLASS && type.getKind() != ElementKind.INTERFACE) {
      wrappable = false; // no constructor or abstract-method errors on top
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
    return wrappable;
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

  /** Reports why an annotated method cannot be overridden; returns whether it can. */
  private boolean checkOverridable(
      Member member, AnnotationMirror own, Shape shape, String wrapper, TypeElement type) {
    ExecutableElement method = member.element();
    String annotation = simpleName(own);
    // the caret goes to the annotation when the type declares the annotated method, else to the type
    boolean onMethod = member.declaredByType() && member.annotated() == method;
    Element anchor = onMethod ? method : type;
    AnnotationMirror mirror = onMethod ? own : null;
    Set<Modifier> modifiers = method.getModifiers();
    boolean ok = true;
    if (modifiers.contains(Modifier.PRIVATE)) {
      report(Message.PRIVATE_METHOD, anchor, mirror, annotation);
      ok = false;
    }
    if (modifiers.contains(Modifier.STATIC)) {
      report(Message.STATIC_METHOD, anchor, mirror, annotation);
      ok = false;
    }
    if (modifiers.contains(Modifier.FINAL)) {
      report(Message.FINAL_METHOD, anchor, mirror, annotation, wrapper);
      ok = false;
    }
    if (shape == Shape.SUBCLASS && modifiers.contains(Modifier.ABSTRACT)) {
      report(Message.ABSTRACT_METHOD, anchor, mirror, annotation);
      ok = false;
    }
    if (!modifiers.contains(Modifier.PUBLIC)
        && !modifiers.contains(Modifier.PROTECTED)
        && !modifiers.contains(Modifier.PRIVATE)
        && shape == Shape.SUBCLASS
        && !elements.getPackageOf(method).equals(elements.getPackageOf(type))) {
      report(Message.INACCESSIBLE_METHOD, anchor, mirror, annotation, label(method), wrapper);
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

  // ---------------------------------------------------------------------------------------------------------------
  // Methods and constructors

  /**
   * Builds one method of the wrapper, reporting what it could not honour; null after an error.
   *
   * @param policy null for a method delegated unchanged
   * @param own the method's own annotation when the method is the annotated declaration, for anchoring messages
   */
  private Method method(
      TypeElement type,
      Member member,
      Policy policy,
      AnnotationMirror own,
      Element anchor,
      Shape shape,
      Access access,
      String annotation,
      String wrapper,
      Set<TypeElement> auxiliary) {
    ExecutableElement method = member.element();
    ExecutableType resolved = member.resolved();
    boolean ok = checkSignatureNameable(member, access, anchor, annotation, wrapper);
    int contextIndex = -1;
    boolean async = false;
    if (policy != null) {
      TypeMirror context = typeOf(GeneratedNames.CONTEXT.canonicalName());
      int contextCount = 0;
      List<? extends VariableElement> parameters = method.getParameters();
      for (int i = 0; i < parameters.size(); i++) {
        VariableElement parameter = parameters.get(i);
        TypeMirror parameterType = resolved.getParameterTypes().get(i);
        if (types.isSameType(parameterType, context)) {
          contextCount++;
          if (contextIndex < 0) {
            contextIndex = i;
          }
        } else if (parameterType.getKind() != TypeKind.ERROR
            && types.isAssignable(types.erasure(parameterType), context)) {
          diagnostics.report(Message.CONTEXT_TYPE, parameter, annotation, parameter.getSimpleName(), parameterType);
          ok = false;
        }
      }
      if (contextCount > 1) {
        report(Message.CONTEXT_PARAMETERS, anchor, own, annotation, contextCount);
        ok = false;
      } else if (contextIndex > 0 && !suppressed(parameters.get(contextIndex))) {
        VariableElement parameter = parameters.get(contextIndex);
        diagnostics.report(
            Message.CONTEXT_NOT_FIRST, parameter, annotation, contextIndex + 1, parameter.getSimpleName());
      }

      TypeMirror returnType = resolved.getReturnType();
      if (returnType.getKind() == TypeKind.DECLARED || returnType.getKind() == TypeKind.TYPEVAR) {
        TypeMirror erased = types.erasure(returnType);
        TypeMirror stage = types.erasure(typeOf(GeneratedNames.COMPLETION_STAGE));
        TypeMirror future = types.erasure(typeOf(GeneratedNames.COMPLETABLE_FUTURE));
        boolean stageLike =
            types.isAssignable(erased, stage)
                || types.isAssignable(erased, types.erasure(typeOf(GeneratedNames.FUTURE)));
        if (returnType.getKind() == TypeKind.DECLARED
            && (types.isSameType(erased, stage) || types.isSameType(erased, future))
            && !((DeclaredType) returnType).getTypeArguments().isEmpty()) {
          async = true;
        } else if (stageLike) {
          String fix =
              policy.origin() == Origin.TYPE
                  ? "or move @" + annotation + " from the type to the methods that should be bounded"
                  : "or annotate only the methods that should be bounded";
          report(Message.ASYNC_TYPE, anchor, own, annotation, returnType, fix);
          ok = false;
        }
      }
    }
    if (!ok) {
      return null;
    }
    Signature signature = signature(type, method, member.thrown(), access);
    Set<Modifier> modifiers = new TreeSet<>();
    if (shape == Shape.DELEGATE || method.getModifiers().contains(Modifier.PUBLIC)) {
      modifiers.add(Modifier.PUBLIC);
    } else if (method.getModifiers().contains(Modifier.PROTECTED)) {
      modifiers.add(Modifier.PROTECTED);
    }
    AnnotationSpec deprecated = deprecated(method);
    Set<String> warnings = signatures.warnings(resolved, member.overridden(), deprecated != null, member.raw());
    auxiliaryIn(resolved, auxiliary);
    return new Method(method, signature, policy, contextIndex, async, modifiers, deprecated, warnings);
  }

  /** The signature, with parameters renamed where they would obscure a package the generated code names. */
  private Signature signature(
      TypeElement type, ExecutableElement method, List<? extends TypeMirror> thrown, Access access) {
    Set<String> reserved = Signatures.packageRoots(List.of());
    Signature signature = signatures.signature(type, method, thrown, reserved, access);
    List<TypeName> names = new ArrayList<>();
    names.add(signature.returnType());
    signature.parameters().forEach(p -> names.add(p.type()));
    names.addAll(signature.thrown());
    names.addAll(signature.typeVariables());
    Set<String> roots = Signatures.packageRoots(names);
    if (!roots.equals(reserved)
        && method.getParameters().stream().anyMatch(p -> roots.contains(p.getSimpleName().toString()))) {
      signature = signatures.signature(type, method, thrown, roots, access);
    }
    return signature;
  }

  private Constructor constructor(
      TypeElement type,
      ExecutableElement constructor,
      Access access,
      String annotation,
      String wrapper,
      Set<TypeElement> auxiliary) {
    ExecutableType resolved = (ExecutableType) types.asMemberOf((DeclaredType) type.asType(), constructor);
    auxiliaryIn(resolved, auxiliary);
    Member member = new Member(constructor, List.of(constructor), resolved, null, null, true, false);
    if (!checkSignatureNameable(member, access, constructor, annotation, wrapper)) {
      return null;
    }
    Set<Modifier> modifiers = new TreeSet<>();
    if (constructor.getModifiers().contains(Modifier.PUBLIC)) {
      modifiers.add(Modifier.PUBLIC);
    } else if (constructor.getModifiers().contains(Modifier.PROTECTED)) {
      modifiers.add(Modifier.PROTECTED); // P1: keep the access of what is mirrored
    }
    AnnotationSpec deprecated = deprecated(constructor);
    Set<String> warnings = signatures.warnings(resolved, List.of(constructor), deprecated != null, false);
    boolean safeVarargs = constructor.getAnnotation(SafeVarargs.class) != null;
    if (safeVarargs) {
      // so that callers of the wrapper are spared the warning too; passing the array on to super is what javac's
      // "varargs" lint flags in a @SafeVarargs constructor, and it is safe here (as in the JDK's List.of)
      warnings.remove("unchecked");
      warnings.add("varargs");
    }
    return new Constructor(
        constructor, signature(type, constructor, null, access), modifiers, deprecated, safeVarargs, warnings);
  }

  /** The {@code @Deprecated} the wrapper writes for {@code element}, with its members; null if not deprecated. */
  private AnnotationSpec deprecated(Element element) {
    if (!elements.isDeprecated(element)) {
      return null;
    }
    AnnotationMirror mirror = Members.mirror(element, Deprecated.class.getName());
    AnnotationSpec spec = mirror == null ? null : annotations.copyable(mirror, Access.ANYWHERE);
    return spec != null ? spec : AnnotationSpec.builder(Deprecated.class).build();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Types the wrapper must be able to name

  /** Reports a type in the signature that the wrapper cannot name (a private nested type); returns whether none. */
  private boolean checkSignatureNameable(
      Member member, Access access, Element anchor, String annotation, String wrapper) {
    ExecutableType resolved = member.resolved();
    String label = label(member.element());
    List<TypeMirror> mirrors = new ArrayList<>(resolved.getParameterTypes());
    mirrors.add(resolved.getReturnType());
    mirrors.addAll(member.thrown() != null ? member.thrown() : resolved.getThrownTypes());
    for (TypeVariable variable : resolved.getTypeVariables()) {
      mirrors.add(variable.getUpperBound());
    }
    for (TypeMirror mirror : mirrors) {
      if (!checkNameable(mirror, access, anchor, annotation, wrapper, label)) {
        return false;
      }
    }
    return true;
  }

  private boolean checkNameable(
      TypeMirror mirror, Access access, Element anchor, String annotation, String wrapper, String label) {
    TypeElement unnameable = unnameable(mirror, access, new LinkedHashSet<>());
    if (unnameable == null) {
      return true;
    }
    String why = access.whyNot(unnameable);
    String fix =
        (why.equals("not exported")
                ? "export its package"
                : "make " + unnameable.getSimpleName() + (why.equals("private") ? " package-private or public" : " public"))
            + ", or keep it out of the signature";
    diagnostics.report(
        Message.INACCESSIBLE_TYPE, anchor, annotation, label, wrapper, why, unnameable.getQualifiedName(), fix);
    return false;
  }

  private TypeElement unnameable(TypeMirror mirror, Access access, Set<Element> seen) {
    switch (mirror.getKind()) {
      case DECLARED -> {
        TypeElement element = (TypeElement) ((DeclaredType) mirror).asElement();
        if (!access.canName(element)) {
          return element;
        }
        for (TypeMirror argument : ((DeclaredType) mirror).getTypeArguments()) {
          TypeElement found = unnameable(argument, access, seen);
          if (found != null) {
            return found;
          }
        }
        return null;
      }
      case ARRAY -> {
        return unnameable(((ArrayType) mirror).getComponentType(), access, seen);
      }
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) mirror;
        TypeMirror bound = wildcard.getExtendsBound() != null ? wildcard.getExtendsBound() : wildcard.getSuperBound();
        return bound == null ? null : unnameable(bound, access, seen);
      }
      case TYPEVAR -> {
        TypeVariable variable = (TypeVariable) mirror;
        return seen.add(variable.asElement()) ? unnameable(variable.getUpperBound(), access, seen) : null;
      }
      case INTERSECTION -> {
        for (TypeMirror bound : ((IntersectionType) mirror).getBounds()) {
          TypeElement found = unnameable(bound, access, seen);
          if (found != null) {
            return found;
          }
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  /**
   * Adds the auxiliary classes a signature names: javac's {@code auxiliaryclass} lint warns wherever another file
   * names one, and {@code @SuppressWarnings} on the wrapper does not silence it.
   */
  private void auxiliaryIn(ExecutableType resolved, Set<TypeElement> out) {
    List<TypeMirror> mirrors = new ArrayList<>(resolved.getParameterTypes());
    mirrors.add(resolved.getReturnType());
    mirrors.addAll(resolved.getThrownTypes());
    for (TypeMirror mirror : mirrors) {
      auxiliaryIn(mirror, out);
    }
  }

  private void auxiliaryIn(TypeMirror mirror, Set<TypeElement> out) {
    if (mirror.getKind() == TypeKind.DECLARED) {
      TypeElement element = (TypeElement) ((DeclaredType) mirror).asElement();
      if (sources.isAuxiliary(element)) {
        out.add(element);
      }
      ((DeclaredType) mirror).getTypeArguments().forEach(a -> auxiliaryIn(a, out));
    } else if (mirror.getKind() == TypeKind.ARRAY) {
      auxiliaryIn(((ArrayType) mirror).getComponentType(), out);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Class-level warnings

  /**
   * Whether the wrapper is {@code AutoCloseable} with a {@code close()} that may throw {@code InterruptedException},
   * which javac's {@code try} lint flags on the class.
   */
  private boolean closeMayThrowInterrupted(TypeElement type, List<Member> found) {
    TypeElement closeable = elements.getTypeElement(AutoCloseable.class.getName());
    if (!types.isSubtype(types.erasure(type.asType()), types.erasure(closeable.asType()))) {
      return false;
    }
    List<? extends TypeMirror> thrown = null;
    for (Member member : found) {
      if (isObjectMethod(member.element(), "close", 0)) {
        thrown = member.thrown() != null ? member.thrown() : member.resolved().getThrownTypes();
      }
    }
    if (thrown == null) {
      for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
        if (isObjectMethod(method, "close", 0)) {
          thrown = ((ExecutableType) types.asMemberOf((DeclaredType) type.asType(), method)).getThrownTypes();
        }
      }
    }
    TypeMirror interrupted = typeOf(InterruptedException.class.getName());
    return thrown != null && thrown.stream().anyMatch(t -> types.isSubtype(interrupted, t));
  }

  /** Whether the wrapper overrides {@code equals} while neither it nor a superclass overrides {@code hashCode}. */
  private boolean equalsWithoutHashCode(TypeElement type, Shape shape, List<Method> methods) {
    boolean equals = methods.stream().anyMatch(m -> isObjectMethod(m.element(), "equals", 1));
    boolean hashCode = methods.stream().anyMatch(m -> isObjectMethod(m.element(), "hashCode", 0));
    if (!equals || hashCode) {
      return false;
    }
    if (shape == Shape.SUBCLASS) {
      for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
        if (isObjectMethod(method, "hashCode", 0)
            && !((TypeElement) method.getEnclosingElement()).getQualifiedName().contentEquals("java.lang.Object")) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isObjectMethod(ExecutableElement method, String name, int parameters) {
    return method.getSimpleName().contentEquals(name) && method.getParameters().size() == parameters;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Abstract methods and annotation values

  /** Reports an abstract method that a concrete subclass would leave unimplemented (one per type, no cascade). */
  private void checkAbstractMethods(
      TypeElement type, AnnotationMirror typeMirror, String annotation, String wrapper) {
    if (!type.getModifiers().contains(Modifier.ABSTRACT)) {
      return;
    }
    List<ExecutableElement> all = ElementFilter.methodsIn(elements.getAllMembers(type));
    for (ExecutableElement candidate : all) {
      if (!candidate.getModifiers().contains(Modifier.ABSTRACT)
          || (candidate.getEnclosingElement().equals(type) && Members.hasCtx4jAnnotation(candidate))) {
        continue; // an annotated abstract method has its own error
      }
      if (candidate.getEnclosingElement().getKind().isInterface() && members.redeclaresObjectMethod(candidate)) {
        continue; // Collection redeclares equals and hashCode abstractly: Object implements them
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
  private Policy policy(Element element, AnnotationMirror mirror, Origin origin) {
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
      return new Policy(kind, 0, null, interrupt, origin);
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
    return new Policy(kind, timeout, unit, interrupt, origin);
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

  /** {@code Foo.find}: a method for messages, with its declaring type's simple name. */
  private static String label(ExecutableElement method) {
    return method.getEnclosingElement().getSimpleName() + "." + method.getSimpleName();
  }

  private static String simpleName(AnnotationMirror mirror) {
    return mirror.getAnnotationType().asElement().getSimpleName().toString();
  }

  /** For messages about a type annotated only on its methods: the first method annotation's name. */
  private static String firstMethodAnnotation(TypeElement type) {
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      AnnotationMirror timeout = Members.mirror(method, GeneratedNames.TIMEOUT);
      AnnotationMirror cancellable = Members.mirror(method, GeneratedNames.CANCELLABLE);
      if (timeout != null || cancellable != null) {
        return simpleName(timeout != null ? timeout : cancellable);
      }
    }
    return Kind.CANCELLABLE.simpleName();
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
