package dev.ctx4j.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Decides which annotations a wrapper may write, and writes them. An annotation is copied only when its type resolves
 * (its class file is on the class path: an optional JSR-305 jar may be missing) and is accessible from the wrapper's
 * package (Guava's package-private {@code @ParametricNullness} is not), and the same holds for every class, enum and
 * nested annotation among its values; otherwise it is left out. Values are written as valid source whatever they are
 * ({@code Double.NEGATIVE_INFINITY}, {@code Float.NaN}, characters that need escaping).
 */
final class Annotations {
  private final Elements elements;
  private final Types types;

  Annotations(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** The annotations among {@code mirrors} that a wrapper in {@code from} may write, in order. */
  List<AnnotationSpec> copyable(List<? extends AnnotationMirror> mirrors, Access from) {
    List<AnnotationSpec> specs = new ArrayList<>();
    for (AnnotationMirror mirror : mirrors) {
      AnnotationSpec spec = copyable(mirror, from);
      if (spec != null) {
        specs.add(spec);
      }
    }
    return specs;
  }

  /** The source form of {@code mirror}, or null when a wrapper in {@code from} cannot write it. */
  AnnotationSpec copyable(AnnotationMirror mirror, Access from) {
    try {
      TypeElement type = resolved(mirror.getAnnotationType());
      if (type == null || !from.canName(type)) {
        return null;
      }
      AnnotationSpec.Builder builder = AnnotationSpec.builder(ClassName.get(type));
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
          mirror.getElementValues().entrySet()) {
        String name = entry.getKey().getSimpleName().toString();
        TypeMirror memberType = entry.getKey().getReturnType();
        Object value = entry.getValue().getValue();
        if (value instanceof List<?> list) {
          TypeMirror component =
              memberType.getKind() == TypeKind.ARRAY ? ((ArrayType) memberType).getComponentType() : memberType;
          if (list.isEmpty()) {
            builder.addMember(name, "{}");
          }
          for (Object element : list) {
            CodeBlock code = value(((AnnotationValue) element).getValue(), component, from);
            if (code == null) {
              return null;
            }
            builder.addMember(name, code);
          }
        } else {
          CodeBlock code = value(value, memberType, from);
          if (code == null) {
            return null;
          }
          builder.addMember(name, code);
        }
      }
      return builder.build();
    } catch (RuntimeException e) {
      return null; // javac throws CompletionFailure (unchecked) for a class file it cannot read: unresolvable
    }
  }

  /** Whether {@code mirror}'s type resolves and every value in it does. */
  boolean resolvable(AnnotationMirror mirror) {
    return copyable(mirror, Access.ANYWHERE) != null;
  }

  /** The element of an annotation type that resolves, or null (a missing class file gives an error type). */
  private TypeElement resolved(DeclaredType annotationType) {
    if (annotationType.getKind() != TypeKind.DECLARED) {
      return null;
    }
    TypeElement type = (TypeElement) annotationType.asElement();
    return elements.getTypeElement(type.getQualifiedName()) == null ? null : type;
  }

  /** One value as source, or null when it cannot be written (unresolved or inaccessible). */
  private CodeBlock value(Object value, TypeMirror memberType, Access from) {
    if (value instanceof String s) {
      // javac represents a value it could not attribute as the string "<error>" whatever the member's type
      return isString(memberType) ? CodeBlock.of("$S", s) : null;
    }
    if (value instanceof Double d) {
      return floating(d.isNaN(), d.isInfinite(), d > 0, Double.class, d.toString());
    }
    if (value instanceof Float f) {
      return floating(f.isNaN(), f.isInfinite(), f > 0, Float.class, f + "f");
    }
    if (value instanceof Long l) {
      return CodeBlock.of("$LL", l);
    }
    if (value instanceof Character c) {
      return CodeBlock.of("$L", charLiteral(c));
    }
    if (value instanceof Byte || value instanceof Short || value instanceof Integer || value instanceof Boolean) {
      return CodeBlock.of("$L", value);
    }
    if (value instanceof VariableElement constant) {
      TypeElement enumType = (TypeElement) constant.getEnclosingElement();
      if (!from.canName(enumType) || elements.getTypeElement(enumType.getQualifiedName()) == null) {
        return null;
      }
      return CodeBlock.of("$T.$L", ClassName.get(enumType), constant.getSimpleName());
    }
    if (value instanceof TypeMirror type) {
      return classLiteral(type, from);
    }
    if (value instanceof AnnotationMirror nested) {
      AnnotationSpec spec = copyable(nested, from);
      return spec == null ? null : CodeBlock.of("$L", spec);
    }
    return null;
  }

  private static CodeBlock floating(boolean nan, boolean infinite, boolean positive, Class<?> box, String literal) {
    if (nan) {
      return CodeBlock.of("$T.NaN", box);
    }
    if (infinite) {
      return CodeBlock.of("$T.$L", box, positive ? "POSITIVE_INFINITY" : "NEGATIVE_INFINITY");
    }
    return CodeBlock.of("$L", literal);
  }

  private CodeBlock classLiteral(TypeMirror type, Access from) {
    TypeMirror erased = types.erasure(type);
    TypeMirror element = erased;
    while (element.getKind() == TypeKind.ARRAY) {
      element = ((ArrayType) element).getComponentType();
    }
    if (element.getKind() == TypeKind.ERROR) {
      return null;
    }
    if (element.getKind() == TypeKind.DECLARED) {
      TypeElement declared = (TypeElement) ((DeclaredType) element).asElement();
      if (!from.canName(declared) || elements.getTypeElement(declared.getQualifiedName()) == null) {
        return null;
      }
    }
    return CodeBlock.of("$T.class", TypeName.get(erased));
  }

  private static boolean isString(TypeMirror type) {
    TypeMirror t = type.getKind() == TypeKind.ARRAY ? ((ArrayType) type).getComponentType() : type;
    return t.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) t).asElement()).getQualifiedName().contentEquals("java.lang.String");
  }

  private static String charLiteral(char c) {
    return switch (c) {
      case '\b' -> "'\\b'";
      case '\t' -> "'\\t'";
      case '\n' -> "'\\n'";
      case '\f' -> "'\\f'";
      case '\r' -> "'\\r'";
      case '\'' -> "'\\''";
      case '\\' -> "'\\\\'";
      default -> Character.isISOControl(c) || c > 0x7e ? String.format("'\\u%04x'", (int) c) : "'" + c + "'";
    };
  }

  /**
   * Where generated code lives, for deciding what it may name: a package, in a module, and (for a subclass wrapper)
   * the class it extends, through which protected nested types are accessible.
   */
  static final class Access {
    /** Names anything that resolves: for checking resolvability alone. */
    static final Access ANYWHERE = new Access(null, null, null, null);

    private final Elements elements;
    private final Types types;
    private final PackageElement pkg;
    private final TypeElement extended;

    Access(Elements elements, Types types, PackageElement pkg, TypeElement extended) {
      this.elements = elements;
      this.types = types;
      this.pkg = pkg;
      this.extended = extended;
    }

    /** Returns why {@code type} cannot be named from here ({@code "private"}, ...), or null when it can. */
    String whyNot(TypeElement type) {
      if (pkg == null) {
        return null;
      }
      for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
        Modifier access = access(t);
        if (access == Modifier.PRIVATE) {
          return "private";
        }
        if (access == Modifier.PUBLIC) {
          continue;
        }
        boolean samePackage = elements.getPackageOf(t).equals(pkg);
        if (samePackage) {
          continue;
        }
        if (access == Modifier.PROTECTED
            && extended != null
            && t.getEnclosingElement() instanceof TypeElement owner
            && types.isSubtype(types.erasure(extended.asType()), types.erasure(owner.asType()))) {
          continue;
        }
        return access == Modifier.PROTECTED ? "protected" : "package-private";
      }
      ModuleElement module = elements.getModuleOf(type);
      ModuleElement own = elements.getModuleOf(pkg);
      if (module != null && !module.isUnnamed() && !module.equals(own) && !exported(module, type, own)) {
        return "not exported";
      }
      return null;
    }

    /** Whether {@code type} can be named from here. */
    boolean canName(TypeElement type) {
      return whyNot(type) == null;
    }

    private boolean exported(ModuleElement module, TypeElement type, ModuleElement to) {
      PackageElement typePackage = elements.getPackageOf(type);
      for (ModuleElement.ExportsDirective exports : ElementFilter.exportsIn(module.getDirectives())) {
        if (exports.getPackage().equals(typePackage)
            && (exports.getTargetModules() == null || exports.getTargetModules().contains(to))) {
          return true;
        }
      }
      return false;
    }

    private static Modifier access(TypeElement type) {
      if (type.getModifiers().contains(Modifier.PUBLIC)
          || (type.getEnclosingElement() instanceof TypeElement owner
              && (owner.getKind() == ElementKind.INTERFACE || owner.getKind() == ElementKind.ANNOTATION_TYPE))) {
        return Modifier.PUBLIC; // members of interfaces are implicitly public
      }
      if (type.getModifiers().contains(Modifier.PRIVATE)) {
        return Modifier.PRIVATE;
      }
      return type.getModifiers().contains(Modifier.PROTECTED) ? Modifier.PROTECTED : null;
    }
  }
}
