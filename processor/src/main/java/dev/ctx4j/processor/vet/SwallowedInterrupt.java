package dev.ctx4j.processor.vet;

import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.UnionType;

/**
 * {@code swallowedinterrupt}: in a method that has a {@code Context} parameter or a ctx4j annotation (or in a lambda
 * with a {@code Context} parameter), a {@code catch} of {@code InterruptedException}, {@code ContextException} or
 * {@code CancellationException} whose block neither rethrows, restores the interrupt flag, consults the context
 * ({@code err()}, {@code throwIfDone()}, {@code done()}, {@code cause()}) nor returns. A method that restores the
 * flag after the catch ({@code Thread.currentThread().interrupt()} in a later {@code finally}) is accepted.
 */
final class SwallowedInterrupt {
  private final VetTypes types;
  private final Findings findings;

  SwallowedInterrupt(VetTypes types, Findings findings) {
    this.types = types;
    this.findings = findings;
  }

  /** At a catch clause. */
  void check(TreePath path) {
    if (!findings.enabled(Rule.SWALLOWEDINTERRUPT)) {
      return;
    }
    CatchTree tree = (CatchTree) path.getLeaf();
    Element parameter = types.elementOf(tree.getParameter());
    if (parameter == null) {
      return;
    }
    TypeMirror caught = caught(parameter.asType());
    if (caught == null || !inContextCode(path) || handles(tree) || restoredLater(path)) {
      return;
    }
    findings.report(
        Rule.SWALLOWEDINTERRUPT,
        new TreePath(path, tree.getParameter()),
        "this catch of "
            + types.types.asElement(caught).getSimpleName()
            + " swallows the stop signal: its block neither rethrows, restores the interrupt flag, consults the"
            + " context nor returns, so the work goes on after it was told to stop; rethrow it, call"
            + " Thread.currentThread().interrupt(), check ctx.err() or call ctx.throwIfDone(), or return");
  }

  /** The caught type (or alternative of a multi-catch) that reports an interrupt or a cancellation, or null. */
  private TypeMirror caught(TypeMirror type) {
    List<? extends TypeMirror> alternatives =
        type.getKind() == TypeKind.UNION ? ((UnionType) type).getAlternatives() : List.of(type);
    for (TypeMirror alternative : alternatives) {
      if (types.isInterruptOrCancellation(alternative)) {
        return alternative;
      }
    }
    return null;
  }

  private boolean inContextCode(TreePath path) {
    if (ContextCheck.contextParameter(types, path) != null) {
      return true;
    }
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof ClassTree) {
        return false;
      }
      if (p.getLeaf() instanceof MethodTree method) {
        Element element = types.elementOf(method);
        return element != null
            && (types.hasCtx4jAnnotation(element)
                || (element.getEnclosingElement() instanceof TypeElement owner && types.hasCtx4jAnnotation(owner)));
      }
    }
    return false;
  }

  /**
   * Whether the enclosing method (or lambda) restores the interrupt flag after the catch, as code that must finish
   * its work first does: {@code interrupted = true} in the catch, {@code Thread.currentThread().interrupt()} in a
   * later {@code finally}.
   */
  private boolean restoredLater(TreePath path) {
    TreePath body = path;
    while (body != null
        && !(body.getLeaf() instanceof MethodTree)
        && !(body.getLeaf() instanceof LambdaExpressionTree)
        && !(body.getLeaf() instanceof ClassTree)) {
      body = body.getParentPath();
    }
    if (body == null || body.getLeaf() instanceof ClassTree) {
      return false;
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    SourcePositions positions = types.trees.getSourcePositions();
    long catchEnd = positions.getEndPosition(unit, path.getLeaf());
    com.sun.source.tree.Tree scope =
        body.getLeaf() instanceof MethodTree method
            ? method.getBody()
            : ((LambdaExpressionTree) body.getLeaf()).getBody();
    return new AnyMatch(true) {
      @Override
      public Boolean visitMethodInvocation(MethodInvocationTree node, Void unused) {
        if (positions.getStartPosition(unit, node) >= catchEnd && isInterrupt(types.elementOf(node))) {
          return true;
        }
        return super.visitMethodInvocation(node, unused);
      }
    }.in(scope);
  }

  private static boolean isInterrupt(Element method) {
    return method != null
        && method.getSimpleName().contentEquals("interrupt")
        && method.getEnclosingElement() instanceof TypeElement owner
        && owner.getQualifiedName().contentEquals("java.lang.Thread");
  }

  private boolean handles(CatchTree tree) {
    return new AnyMatch(false) {
      @Override
      public Boolean visitThrow(ThrowTree node, Void unused) {
        return true;
      }

      @Override
      public Boolean visitReturn(ReturnTree node, Void unused) {
        return true;
      }

      @Override
      public Boolean visitMethodInvocation(MethodInvocationTree node, Void unused) {
        Element method = types.elementOf(node);
        if (isInterrupt(method)) {
          return true;
        }
        if (types.isContextMethod(method, "err", "throwIfDone", "done", "cause")) {
          return true;
        }
        return super.visitMethodInvocation(node, unused);
      }
    }.in(tree.getBlock());
  }

}
