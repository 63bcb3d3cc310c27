package dev.ctx4j.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * What only the source tells: which types are in this compilation's sources (rather than class files), in which file
 * a type is declared, and the annotations javac could not resolve yet. javac leaves an annotation whose type does not
 * exist yet out of the element's annotations altogether, so only its tree shows it. The trees come from javac's
 * {@code com.sun.source} API; under another compiler they are unavailable and these answers fall back to "unknown".
 */
final class Sources {
  private final Trees trees;
  /** Qualified names of the top-level types of every round's sources. */
  private final Set<String> sourceTypes = new TreeSet<>();

  Sources(ProcessingEnvironment env) {
    Trees t;
    try {
      t = Trees.instance(env);
    } catch (IllegalArgumentException | LinkageError e) {
      t = null; // not javac
    }
    this.trees = t;
  }

  /** Remembers the round's source types. */
  void round(RoundEnvironment round) {
    for (Element element : round.getRootElements()) {
      if (element instanceof TypeElement type) {
        sourceTypes.add(type.getQualifiedName().toString());
      }
    }
  }

  /** Whether {@code element} is declared in this compilation's sources (not read from a class file). */
  boolean inSources(Element element) {
    TypeElement top = topLevel(element);
    return top != null && sourceTypes.contains(top.getQualifiedName().toString());
  }

  /**
   * Whether {@code type} is an auxiliary class: a top-level type in a source file named after another type, which
   * javac's {@code auxiliaryclass} lint flags when another file names it.
   */
  boolean isAuxiliary(TypeElement type) {
    if (trees == null || !inSources(type) || !type.equals(topLevel(type))) {
      return false;
    }
    TreePath path = path(type);
    if (path == null) {
      return false;
    }
    return !fileName(type).equals(type.getSimpleName() + ".java");
  }

  /** The name of the source file {@code type} is declared in ({@code Strings.java}), or "?" when unknown. */
  String fileName(TypeElement type) {
    TreePath path = trees == null ? null : path(type);
    if (path == null) {
      return "?";
    }
    String file = path.getCompilationUnit().getSourceFile().getName();
    return file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  }

  /**
   * The first annotation in {@code element}'s declaration (not its body) whose type or value does not resolve, as
   * written; null when all resolve or the trees are unavailable.
   */
  String unresolvedAnnotation(Element element) {
    if (trees == null || !inSources(element)) {
      return null;
    }
    TreePath path = path(element);
    if (path == null) {
      return null;
    }
    String[] found = new String[1];
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitAnnotation(AnnotationTree annotation, Void unused) {
        if (found[0] == null && (erroneous(annotation.getAnnotationType()) || erroneousArgument(annotation))) {
          found[0] = annotation.toString();
        }
        return null;
      }

      private boolean erroneousArgument(AnnotationTree annotation) {
        for (ExpressionTree argument : annotation.getArguments()) {
          if (erroneous(argument)) {
            return true;
          }
        }
        return false;
      }

      private boolean erroneous(Tree tree) {
        TypeMirror type = trees.getTypeMirror(new TreePath(getCurrentPath(), tree));
        return type != null && type.getKind() == TypeKind.ERROR;
      }

      @Override
      public Void visitMethod(MethodTree method, Void unused) {
        scan(method.getModifiers(), null);
        scan(method.getTypeParameters(), null);
        scan(method.getReturnType(), null);
        scan(method.getParameters(), null);
        scan(method.getThrows(), null);
        return null; // not the body
      }

      @Override
      public Void visitClass(ClassTree type, Void unused) {
        scan(type.getModifiers(), null);
        scan(type.getTypeParameters(), null);
        scan(type.getExtendsClause(), null);
        scan(type.getImplementsClause(), null);
        return null; // members are scanned one by one
      }
    }.scan(path, null);
    return found[0];
  }

  private TreePath path(Element element) {
    try {
      return trees.getPath(element);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static TypeElement topLevel(Element element) {
    TypeElement top = null;
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement t) {
        top = t;
      }
    }
    return top;
  }
}
