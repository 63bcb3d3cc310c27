package dev.ctx4j.processor.vet;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The ctx4j and JDK types the rules ask about, resolved once per compilation, and the questions about attributed
 * trees they share (the type or element of a tree, whether a type is a {@code Context}).
 */
final class VetTypes {
  static final String CONTEXT = "dev.ctx4j.Context";
  static final String CANCELLABLE_CONTEXT = "dev.ctx4j.CancellableContext";
  static final String CONTEXT_EXCEPTION = "dev.ctx4j.ContextException";
  static final String TIMEOUT = "dev.ctx4j.Timeout";
  static final String CANCELLABLE = "dev.ctx4j.Cancellable";
  /** The prefix of every wrapper the processor generates. */
  static final String WRAPPER_PREFIX = "Ctx4j_";

  final Trees trees;
  final Types types;
  final Elements elements;
  private final TypeMirror context;
  private final TypeMirror cancellableContext;
  private final TypeMirror autoCloseable;
  private final TypeMirror interrupted;
  private final TypeMirror cancellation;
  private final TypeMirror contextException;
  private final TypeElement contextType;
  /** Any path of the compilation unit being scanned: the parent of the paths made for lone trees. */
  private TreePath unit;

  private VetTypes(Trees trees, Types types, Elements elements, TypeElement contextType) {
    this.trees = trees;
    this.types = types;
    this.elements = elements;
    this.contextType = contextType;
    this.context = types.erasure(contextType.asType());
    this.cancellableContext = erasure(elements, types, CANCELLABLE_CONTEXT);
    this.autoCloseable = erasure(elements, types, "java.lang.AutoCloseable");
    this.interrupted = erasure(elements, types, "java.lang.InterruptedException");
    this.cancellation = erasure(elements, types, "java.util.concurrent.CancellationException");
    this.contextException = erasure(elements, types, CONTEXT_EXCEPTION);
  }

  /** Resolves the types, or returns null when {@code dev.ctx4j.Context} is not on the class path (nothing to vet). */
  static VetTypes resolve(Trees trees, Types types, Elements elements) {
    TypeElement context = elements.getTypeElement(CONTEXT);
    return context == null ? null : new VetTypes(trees, types, elements, context);
  }

  private static TypeMirror erasure(Elements elements, Types types, String name) {
    TypeElement element = elements.getTypeElement(name);
    return element == null ? null : types.erasure(element.asType());
  }

  /** Starts a compilation unit: lone trees get paths under it. */
  void startUnit(CompilationUnitTree root) {
    unit = new TreePath(root);
  }

  /** The attributed type of {@code tree} (of this compilation unit), or null when it has none. */
  TypeMirror typeOf(Tree tree) {
    return trees.getTypeMirror(new TreePath(unit, tree));
  }

  /** The element {@code tree} (of this compilation unit) declares or refers to, or null. */
  Element elementOf(Tree tree) {
    return trees.getElement(new TreePath(unit, tree));
  }

  /** Whether {@code type} is {@code Context} or a subtype of it. */
  boolean isContext(TypeMirror type) {
    return isSubtype(type, context);
  }

  /** Whether {@code type} is {@code CancellableContext} or a subtype of it. */
  boolean isCancellableContext(TypeMirror type) {
    return isSubtype(type, cancellableContext);
  }

  /** Whether {@code type} is {@code AutoCloseable} or a subtype of it. */
  boolean isAutoCloseable(TypeMirror type) {
    return isSubtype(type, autoCloseable);
  }

  /** Whether {@code type} is one of the exceptions that report an interrupt or a cancellation. */
  boolean isInterruptOrCancellation(TypeMirror type) {
    return isSubtype(type, interrupted) || isSubtype(type, cancellation) || isSubtype(type, contextException);
  }

  /** Whether {@code method} is the static {@code Context.background()} or {@code Context.todo()}. */
  boolean isNewRoot(Element method) {
    return method instanceof ExecutableElement
        && method.getEnclosingElement().equals(contextType)
        && method.getModifiers().contains(javax.lang.model.element.Modifier.STATIC)
        && (method.getSimpleName().contentEquals("background") || method.getSimpleName().contentEquals("todo"));
  }

  /** Whether {@code method} is a method of {@code Context} (or a subtype) named one of {@code names}. */
  boolean isContextMethod(Element method, String... names) {
    if (!(method instanceof ExecutableElement) || !(method.getEnclosingElement() instanceof TypeElement owner)) {
      return false;
    }
    if (!isContext(owner.asType())) {
      return false;
    }
    for (String name : names) {
      if (method.getSimpleName().contentEquals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code element} carries {@code @Timeout} or {@code @Cancellable}. */
  boolean hasCtx4jAnnotation(Element element) {
    for (var mirror : element.getAnnotationMirrors()) {
      Element annotation = mirror.getAnnotationType().asElement();
      if (annotation instanceof TypeElement type) {
        String name = type.getQualifiedName().toString();
        if (name.equals(TIMEOUT) || name.equals(CANCELLABLE)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code type} is a class or interface declared by the code (not an error, primitive or array). */
  static boolean isDeclaredClass(Element element) {
    return element != null
        && (element.getKind().isClass() || element.getKind().isInterface())
        && element.getKind() != ElementKind.ANNOTATION_TYPE;
  }

  private boolean isSubtype(TypeMirror type, TypeMirror of) {
    if (type == null || of == null) {
      return false;
    }
    TypeKind kind = type.getKind();
    if (kind != TypeKind.DECLARED && kind != TypeKind.TYPEVAR && kind != TypeKind.INTERSECTION) {
      return false;
    }
    return types.isSubtype(types.erasure(type), of);
  }

  /** {@code expression} without the parentheses and casts around it. */
  static ExpressionTree strip(ExpressionTree expression) {
    ExpressionTree e = expression;
    while (true) {
      if (e instanceof ParenthesizedTree p) {
        e = p.getExpression();
      } else if (e instanceof TypeCastTree c) {
        e = c.getExpression();
      } else {
        return e;
      }
    }
  }
}
