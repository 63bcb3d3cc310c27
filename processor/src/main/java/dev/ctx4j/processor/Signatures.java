package dev.ctx4j.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import dev.ctx4j.processor.Annotations.Access;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.TypeParameterElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.ExecutableType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.TypeVariable;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The signature model: a wrapper method's signature as the method is a member of the annotated type, written with
 * JavaPoet names. The supertype's type variables are replaced by what the annotated type binds them to (as
 * {@code Types.asMemberOf} does, but keeping type-use annotations at every position: class type variables and their
 * bounds, wildcards, arrays, parameters, returns and throws), a raw supertype gives the erased signature, and a
 * generic method's type variable is renamed where it would capture one of the wrapper's own. Declaration annotations
 * of parameters are copied when {@link Annotations} allows, and an annotation that is both a declaration and a
 * type-use annotation (JetBrains' {@code @Nullable}) is written once. It also computes the {@code @SuppressWarnings}
 * a generated element needs so that it compiles without warnings the source did not have.
 */
final class Signatures {

  /**
   * One method's signature, ready to write.
   *
   * @param typeVariables the method's type variables, renamed where needed, with annotated bounds
   * @param returnType the return type
   * @param parameters the parameters: names (renamed where they would obscure a package), types, annotations, final
   * @param thrown the throws clause
   * @param varargs whether the last parameter is varargs
   */
  record Signature(
      List<TypeVariableName> typeVariables,
      TypeName returnType,
      List<ParameterSpec> parameters,
      List<TypeName> thrown,
      boolean varargs) {

    /** The parameter names as written in the wrapper. */
    List<String> parameterNames() {
      return parameters.stream().map(ParameterSpec::name).toList();
    }
  }

  private final Elements elements;
  private final Types types;
  private final Annotations annotations;

  Signatures(Elements elements, Types types, Annotations annotations) {
    this.elements = elements;
    this.types = types;
    this.annotations = annotations;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The wrapper's own type variables and supertype

  /** The annotated type's type variables, for the wrapper's declaration, with annotated bounds. */
  List<TypeVariableName> typeVariables(TypeElement type, Access access) {
    List<TypeVariableName> variables = new ArrayList<>();
    Map<Element, TypeName> identity = Map.of();
    for (TypeParameterElement parameter : type.getTypeParameters()) {
      variables.add(declaration(parameter, parameter.getSimpleName().toString(), identity, Map.of(), access));
    }
    return variables;
  }

  /** {@code Foo<T>}: the annotated type as the wrapper extends or implements it. */
  TypeName wrappedType(TypeElement type) {
    ClassName name = ClassName.get(type);
    if (type.getTypeParameters().isEmpty()) {
      return name;
    }
    TypeName[] arguments =
        type.getTypeParameters().stream()
            .map(p -> TypeVariableName.get(p.getSimpleName().toString()))
            .toArray(TypeName[]::new);
    return ParameterizedTypeName.get(name, arguments);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Methods

  /**
   * The signature of {@code method} (or constructor) as a member of {@code type}.
   *
   * @param thrown the throws clause to write, as members of {@code type}; null for the method's own
   * @param reservedNames names a parameter must not take (the first segments of packages the body names)
   */
  Signature signature(
      TypeElement type,
      ExecutableElement method,
      List<? extends TypeMirror> thrown,
      Set<String> reservedNames,
      Access access) {
    TypeElement declaring = (TypeElement) method.getEnclosingElement();
    Map<Element, TypeName> bindings = bindings(type, declaring);
    if (bindings == null) {
      return erasedSignature(type, method, thrown, reservedNames, access);
    }
    Map<Element, String> renames = renames(type, declaring, method);

    List<TypeVariableName> typeVariables = new ArrayList<>();
    for (TypeParameterElement parameter : method.getTypeParameters()) {
      String name = renames.getOrDefault(parameter, parameter.getSimpleName().toString());
      typeVariables.add(declaration(parameter, name, bindings, renames, access));
    }
    TypeName returnType = typeName(method.getReturnType(), bindings, renames, access);
    List<TypeName> parameterTypes = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      parameterTypes.add(typeName(parameter.asType(), bindings, renames, access));
    }
    List<TypeName> thrownNames = new ArrayList<>();
    if (thrown == null) {
      for (TypeMirror t : method.getThrownTypes()) {
        thrownNames.add(typeName(t, bindings, renames, access));
      }
    } else {
      for (TypeMirror t : thrown) {
        thrownNames.add(typeName(t, Map.of(), Map.of(), access));
      }
    }
    return new Signature(
        typeVariables, returnType, parameters(method, parameterTypes, reservedNames, access), thrownNames,
        method.isVarArgs());
  }

  /** For a method inherited through a raw supertype: its erasure, as javac's {@code asMemberOf} gives it. */
  private Signature erasedSignature(
      TypeElement type,
      ExecutableElement method,
      List<? extends TypeMirror> thrown,
      Set<String> reservedNames,
      Access access) {
    ExecutableType erased = (ExecutableType) types.asMemberOf((DeclaredType) type.asType(), method);
    List<TypeName> parameterTypes = new ArrayList<>();
    for (TypeMirror parameter : erased.getParameterTypes()) {
      parameterTypes.add(typeName(parameter, Map.of(), Map.of(), access));
    }
    List<TypeName> thrownNames = new ArrayList<>();
    for (TypeMirror t : thrown == null ? erased.getThrownTypes() : thrown) {
      thrownNames.add(typeName(t, Map.of(), Map.of(), access));
    }
    return new Signature(
        List.of(),
        typeName(erased.getReturnType(), Map.of(), Map.of(), access),
        parameters(method, parameterTypes, reservedNames, access),
        thrownNames,
        method.isVarArgs());
  }

  private List<ParameterSpec> parameters(
      ExecutableElement method, List<TypeName> parameterTypes, Set<String> reservedNames, Access access) {
    NameAllocator names = new NameAllocator();
    for (String reserved : new TreeSet<>(reservedNames)) {
      names.newName(reserved, "reserved:" + reserved);
    }
    List<ParameterSpec> parameters = new ArrayList<>();
    List<? extends VariableElement> elements = method.getParameters();
    for (int i = 0; i < elements.size(); i++) {
      VariableElement parameter = elements.get(i);
      TypeName type = parameterTypes.get(i);
      ParameterSpec.Builder spec =
          ParameterSpec.builder(type, names.newName(parameter.getSimpleName().toString(), parameter));
      if (parameter.getModifiers().contains(Modifier.FINAL)) {
        spec.addModifiers(Modifier.FINAL);
      }
      List<AnnotationSpec> leading = leadingAnnotations(type);
      for (AnnotationSpec annotation : annotations.copyable(parameter.getAnnotationMirrors(), access)) {
        // an annotation that targets both PARAMETER and TYPE_USE is on the declaration and on the type: once is enough
        if (!leading.contains(annotation)) {
          spec.addAnnotation(annotation);
        }
      }
      parameters.add(spec.build());
    }
    return parameters;
  }

  /** The type annotations a declaration annotation written before {@code type} would also become. */
  private static List<AnnotationSpec> leadingAnnotations(TypeName type) {
    TypeName t = type;
    while (t instanceof ArrayTypeName array) {
      t = array.componentType();
    }
    if (t instanceof ClassName name && name.enclosingClassName() != null) {
      return List.of();
    }
    if (t instanceof ParameterizedTypeName parameterized && parameterized.rawType().enclosingClassName() != null) {
      return List.of();
    }
    return t.annotations();
  }

  /** A type variable's declaration: name, annotations of the declaration, annotated bounds. */
  private TypeVariableName declaration(
      TypeParameterElement parameter,
      String name,
      Map<Element, TypeName> bindings,
      Map<Element, String> renames,
      Access access) {
    List<TypeName> bounds = new ArrayList<>();
    for (TypeMirror bound : parameter.getBounds()) {
      TypeName b = typeName(bound, bindings, renames, access);
      if (!b.equals(ClassName.OBJECT)) {
        bounds.add(b);
      }
    }
    TypeVariableName variable = TypeVariableName.get(name, bounds.toArray(new TypeName[0]));
    List<AnnotationSpec> own = annotations.copyable(parameter.getAnnotationMirrors(), access);
    return own.isEmpty() ? variable : variable.annotated(own);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Bindings and renames

  /**
   * What {@code type} binds each type variable of its supertype {@code declaring} to, as JavaPoet names (with the
   * annotations written in the {@code extends} clauses); an empty map when {@code declaring} is {@code type}; null
   * when {@code type} inherits from {@code declaring} through a raw type (the members are then erased).
   */
  Map<Element, TypeName> bindings(TypeElement type, TypeElement declaring) {
    Map<Element, TypeName> result = walk(type, declaring, Map.of(), new LinkedHashSet<>());
    return result == RAW ? null : result;
  }

  private static final Map<Element, TypeName> RAW = new HashMap<>();

  private Map<Element, TypeName> walk(
      TypeElement current, TypeElement target, Map<Element, TypeName> bindings, Set<TypeElement> seen) {
    if (current.equals(target)) {
      return bindings;
    }
    if (!seen.add(current)) {
      return null;
    }
    List<TypeMirror> supertypes = new ArrayList<>();
    if (current.getSuperclass().getKind() == TypeKind.DECLARED) {
      supertypes.add(current.getSuperclass());
    }
    supertypes.addAll(current.getInterfaces());
    for (TypeMirror supertype : supertypes) {
      DeclaredType declared = (DeclaredType) supertype;
      TypeElement element = (TypeElement) declared.asElement();
      Map<Element, TypeName> next;
      if (declared.getTypeArguments().isEmpty() && !element.getTypeParameters().isEmpty()) {
        if (walk(element, target, Map.of(), new LinkedHashSet<>(seen)) != null) {
          return RAW;
        }
        continue;
      }
      next = new HashMap<>();
      for (int i = 0; i < declared.getTypeArguments().size(); i++) {
        next.put(
            element.getTypeParameters().get(i),
            typeName(declared.getTypeArguments().get(i), bindings, Map.of(), Access.ANYWHERE));
      }
      Map<Element, TypeName> found = walk(element, target, next, seen);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /**
   * New names for the type variables of an inherited generic method whose names are the annotated type's own: in the
   * wrapper, {@code <T>} on the method would capture the wrapper's {@code T} that the supertype's type arguments
   * mention.
   */
  private static Map<Element, String> renames(TypeElement type, TypeElement declaring, ExecutableElement method) {
    if (type.equals(declaring) || method.getTypeParameters().isEmpty()) {
      return Map.of();
    }
    Set<String> taken = new TreeSet<>();
    for (TypeParameterElement parameter : type.getTypeParameters()) {
      taken.add(parameter.getSimpleName().toString());
    }
    for (TypeParameterElement parameter : method.getTypeParameters()) {
      taken.add(parameter.getSimpleName().toString());
    }
    Map<Element, String> renames = new HashMap<>();
    for (TypeParameterElement parameter : method.getTypeParameters()) {
      String name = parameter.getSimpleName().toString();
      if (type.getTypeParameters().stream().anyMatch(p -> p.getSimpleName().contentEquals(name))) {
        int suffix = 1;
        while (taken.contains(name + suffix)) {
          suffix++;
        }
        taken.add(name + suffix);
        renames.put(parameter, name + suffix);
      }
    }
    return renames;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Types with their type-use annotations

  /**
   * The JavaPoet name of {@code mirror} with its type variables replaced by {@code bindings} or renamed by
   * {@code renames}, keeping the type-use annotations that {@link Annotations} allows at every position.
   */
  TypeName typeName(
      TypeMirror mirror, Map<Element, TypeName> bindings, Map<Element, String> renames, Access access) {
    TypeName name =
        switch (mirror.getKind()) {
          case ARRAY -> ArrayTypeName.of(typeName(((ArrayType) mirror).getComponentType(), bindings, renames, access));
          case DECLARED -> declared((DeclaredType) mirror, bindings, renames, access);
          case TYPEVAR -> {
            Element parameter = ((TypeVariable) mirror).asElement();
            TypeName bound = bindings.get(parameter);
            if (bound != null) {
              yield bound;
            }
            yield TypeVariableName.get(renames.getOrDefault(parameter, parameter.getSimpleName().toString()));
          }
          case WILDCARD -> {
            WildcardType wildcard = (WildcardType) mirror;
            if (wildcard.getSuperBound() != null) {
              yield WildcardTypeName.supertypeOf(typeName(wildcard.getSuperBound(), bindings, renames, access));
            }
            yield wildcard.getExtendsBound() != null
                ? WildcardTypeName.subtypeOf(typeName(wildcard.getExtendsBound(), bindings, renames, access))
                : WildcardTypeName.subtypeOf(Object.class);
          }
          default -> TypeName.get(mirror).withoutAnnotations();
        };
    List<AnnotationSpec> own = annotations.copyable(mirror.getAnnotationMirrors(), access);
    List<AnnotationSpec> added = new ArrayList<>();
    for (AnnotationSpec annotation : own) {
      if (name.annotations().stream().noneMatch(a -> a.type().equals(annotation.type()))) {
        added.add(annotation);
      }
    }
    return added.isEmpty() ? name : name.annotated(added);
  }

  private TypeName declared(
      DeclaredType declared, Map<Element, TypeName> bindings, Map<Element, String> renames, Access access) {
    TypeElement element = (TypeElement) declared.asElement();
    List<TypeName> arguments = new ArrayList<>();
    for (TypeMirror argument : declared.getTypeArguments()) {
      arguments.add(typeName(argument, bindings, renames, access));
    }
    TypeMirror enclosing = declared.getEnclosingType();
    if (enclosing.getKind() == TypeKind.DECLARED
        && !((DeclaredType) enclosing).getTypeArguments().isEmpty()
        && !element.getModifiers().contains(Modifier.STATIC)) {
      TypeName outer = typeName(enclosing, bindings, renames, access);
      if (outer instanceof ParameterizedTypeName parameterized) {
        return parameterized.nestedClass(element.getSimpleName().toString(), arguments);
      }
    }
    ClassName raw = ClassName.get(element);
    return arguments.isEmpty() ? raw : ParameterizedTypeName.get(raw, arguments.toArray(new TypeName[0]));
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Names a body must not let a parameter obscure

  /**
   * The first segments of the packages named in {@code names} and by generated bodies ({@code dev}, {@code java}): a
   * parameter with such a name would obscure the package wherever JavaPoet writes a qualified name (JLS 6.4.2).
   */
  static Set<String> packageRoots(List<TypeName> names) {
    // and the simple names generated bodies use, which a parameter would obscure just the same
    Set<String> roots = new TreeSet<>(List.of("dev", "java", "javax", "Call", "Context", "TimeUnit"));
    for (TypeName name : names) {
      addRoots(name, roots);
    }
    return roots;
  }

  private static void addRoots(TypeName name, Set<String> roots) {
    if (name instanceof ClassName c) {
      if (!c.packageName().isEmpty()) {
        roots.add(c.packageName().split("\\.", 2)[0]);
      }
    } else if (name instanceof ParameterizedTypeName p) {
      addRoots(p.rawType(), roots);
      p.typeArguments().forEach(a -> addRoots(a, roots));
    } else if (name instanceof ArrayTypeName a) {
      addRoots(a.componentType(), roots);
    } else if (name instanceof WildcardTypeName w) {
      w.upperBounds().forEach(b -> addRoots(b, roots));
      w.lowerBounds().forEach(b -> addRoots(b, roots));
    } else if (name instanceof TypeVariableName v) {
      v.bounds().forEach(b -> addRoots(b, roots));
    }
    for (AnnotationSpec annotation : name.annotations()) {
      addRoots(annotation.type(), roots);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Warnings the generated code would have and the source did not

  /**
   * The {@code @SuppressWarnings} values a wrapper method needs: {@code rawtypes}, {@code unchecked} (non-reifiable
   * varargs, members of a raw supertype), {@code deprecation} and {@code removal} for deprecated types and overridden
   * methods ({@code removal} is on by default, and {@code @Deprecated} does not silence it). Sorted.
   *
   * @param resolved the method as a member of the annotated type
   * @param overridden every declaration the wrapper's method overrides (the chosen one first)
   * @param deprecated whether the wrapper's method is marked {@code @Deprecated}
   */
  Set<String> warnings(
      ExecutableType resolved, List<ExecutableElement> overridden, boolean deprecated, boolean raw) {
    Set<String> warnings = new TreeSet<>();
    ExecutableElement method = overridden.get(0);
    if (raw) {
      warnings.add("unchecked");
    }
    if (hasNonReifiableVarargs(method, resolved)) {
      warnings.add("unchecked");
    }
    List<TypeMirror> mirrors = new ArrayList<>(resolved.getParameterTypes());
    mirrors.add(resolved.getReturnType());
    mirrors.addAll(resolved.getThrownTypes());
    for (TypeVariable variable : resolved.getTypeVariables()) {
      mirrors.add(variable.getUpperBound());
    }
    for (TypeMirror mirror : mirrors) {
      scan(mirror, warnings, new LinkedHashSet<>());
    }
    for (ExecutableElement other : overridden) {
      deprecation(other, warnings);
    }
    if (deprecated) {
      warnings.remove("deprecation");
    }
    return warnings;
  }

  /** The warnings a class declaration needs for its supertype and type-variable bounds. */
  Set<String> classWarnings(TypeElement type, boolean deprecated) {
    Set<String> warnings = new TreeSet<>();
    deprecation(type, warnings);
    for (TypeParameterElement parameter : type.getTypeParameters()) {
      for (TypeMirror bound : parameter.getBounds()) {
        scan(bound, warnings, new LinkedHashSet<>());
      }
    }
    if (deprecated) {
      warnings.remove("deprecation");
    }
    return warnings;
  }

  private void deprecation(Element element, Set<String> warnings) {
    if (!elements.isDeprecated(element)) {
      return;
    }
    Deprecated deprecated = element.getAnnotation(Deprecated.class);
    warnings.add(deprecated != null && deprecated.forRemoval() ? "removal" : "deprecation");
  }

  private void scan(TypeMirror mirror, Set<String> warnings, Set<Element> seen) {
    switch (mirror.getKind()) {
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) mirror;
        TypeElement element = (TypeElement) declared.asElement();
        if (declared.getTypeArguments().isEmpty() && !element.getTypeParameters().isEmpty()) {
          warnings.add("rawtypes");
        }
        deprecation(element, warnings);
        for (TypeMirror argument : declared.getTypeArguments()) {
          scan(argument, warnings, seen);
        }
      }
      case ARRAY -> scan(((ArrayType) mirror).getComponentType(), warnings, seen);
      case WILDCARD -> {
        WildcardType wildcard = (WildcardType) mirror;
        if (wildcard.getExtendsBound() != null) {
          scan(wildcard.getExtendsBound(), warnings, seen);
        }
        if (wildcard.getSuperBound() != null) {
          scan(wildcard.getSuperBound(), warnings, seen);
        }
      }
      case TYPEVAR -> {
        if (seen.add(((TypeVariable) mirror).asElement())) {
          scan(((TypeVariable) mirror).getUpperBound(), warnings, seen);
        }
      }
      case INTERSECTION -> {
        for (TypeMirror bound : ((javax.lang.model.type.IntersectionType) mirror).getBounds()) {
          scan(bound, warnings, seen);
        }
      }
      default -> {}
    }
  }

  /** Whether the last parameter is varargs of a type that is not reifiable, which javac warns about (heap pollution). */
  static boolean hasNonReifiableVarargs(ExecutableElement element, ExecutableType resolved) {
    if (!element.isVarArgs()) {
      return false;
    }
    List<? extends TypeMirror> parameterTypes = resolved.getParameterTypes();
    TypeMirror last = parameterTypes.get(parameterTypes.size() - 1);
    return last.getKind() == TypeKind.ARRAY && !reifiable(((ArrayType) last).getComponentType());
  }

  private static boolean reifiable(TypeMirror type) {
    switch (type.getKind()) {
      case TYPEVAR:
        return false;
      case ARRAY:
        return reifiable(((ArrayType) type).getComponentType());
      case DECLARED:
        for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
          if (!(argument instanceof WildcardType wildcard)
              || wildcard.getExtendsBound() != null
              || wildcard.getSuperBound() != null) {
            return false;
          }
        }
        return true;
      default:
        return true;
    }
  }

  /** Whether {@code list} holds an annotation of {@code type}. */
  static boolean has(List<? extends AnnotationMirror> list, String type) {
    for (AnnotationMirror mirror : list) {
      if (((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().contentEquals(type)) {
        return true;
      }
    }
    return false;
  }
}
