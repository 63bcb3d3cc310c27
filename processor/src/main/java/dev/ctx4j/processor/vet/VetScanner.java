package dev.ctx4j.processor.vet;

import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ErroneousTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * One pass over one class: hands each tree to the rules that look at it, and notes whether the class failed to
 * attribute (an erroneous tree, an error type, or a call javac never attributed), in which case its findings are
 * dropped and javac's own errors speak alone.
 */
final class VetScanner extends TreePathScanner<Void, Void> {
  private final VetTypes types;
  private final LostCancel lostCancel;
  private final CtxFirst ctxFirst;
  private final ContainedCtx containedCtx;
  private final ContextCheck contextCheck;
  private final NilCtx nilCtx;
  private final Bypass bypass;
  private final SwallowedInterrupt swallowedInterrupt;
  private boolean erroneous;

  VetScanner(VetTypes types, Findings findings) {
    this.types = types;
    this.lostCancel = new LostCancel(types, findings);
    this.ctxFirst = new CtxFirst(types, findings);
    this.containedCtx = new ContainedCtx(types, findings);
    this.contextCheck = new ContextCheck(types, findings);
    this.nilCtx = new NilCtx(types, findings);
    this.bypass = new Bypass(types, findings);
    this.swallowedInterrupt = new SwallowedInterrupt(types, findings);
  }

  /** Scans the class at {@code path}; returns whether it was attributed without errors (its findings stand). */
  boolean scanClass(TreePath path) {
    erroneous = false;
    scan(path, null);
    return !erroneous;
  }

  @Override
  public Void visitMethod(MethodTree tree, Void unused) {
    ctxFirst.check(getCurrentPath());
    return super.visitMethod(tree, unused);
  }

  @Override
  public Void visitVariable(VariableTree tree, Void unused) {
    containedCtx.check(getCurrentPath());
    lostCancel.checkLocal(getCurrentPath());
    return super.visitVariable(tree, unused);
  }

  @Override
  public Void visitExpressionStatement(ExpressionStatementTree tree, Void unused) {
    lostCancel.checkStatement(getCurrentPath());
    return super.visitExpressionStatement(tree, unused);
  }

  @Override
  public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
    if (notAttributed(tree)) {
      return null;
    }
    lostCancel.checkCall(getCurrentPath());
    contextCheck.check(getCurrentPath());
    nilCtx.check(getCurrentPath(), tree.getArguments());
    return super.visitMethodInvocation(tree, unused);
  }

  @Override
  public Void visitNewClass(NewClassTree tree, Void unused) {
    if (notAttributed(tree)) {
      return null;
    }
    bypass.check(getCurrentPath());
    nilCtx.check(getCurrentPath(), tree.getArguments());
    return super.visitNewClass(tree, unused);
  }

  @Override
  public Void visitCatch(CatchTree tree, Void unused) {
    swallowedInterrupt.check(getCurrentPath());
    return super.visitCatch(tree, unused);
  }

  @Override
  public Void visitIdentifier(IdentifierTree tree, Void unused) {
    isError(types.typeOf(tree));
    return null;
  }

  @Override
  public Void visitMemberSelect(MemberSelectTree tree, Void unused) {
    isError(types.typeOf(tree));
    return super.visitMemberSelect(tree, unused);
  }

  @Override
  public Void visitErroneous(ErroneousTree tree, Void unused) {
    erroneous = true;
    return null;
  }

  /** Whether javac left {@code tree} without a type (it stopped before attributing this class) or with an error. */
  private boolean notAttributed(Tree tree) {
    TypeMirror type = types.typeOf(tree);
    if (type == null || type.getKind() == TypeKind.ERROR) {
      erroneous = true;
      return true;
    }
    return false;
  }

  private void isError(TypeMirror type) {
    if (type != null && type.getKind() == TypeKind.ERROR) {
      erroneous = true;
    }
  }
}
