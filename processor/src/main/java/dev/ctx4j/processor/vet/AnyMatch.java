package dev.ctx4j.processor.vet;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreeScanner;

/**
 * A scan that answers whether any node of a tree matches: a visitor returns true for a match, and the results of a
 * node's children are or-ed. Built with {@code intoNestedCode} false, it does not look inside lambdas and classes,
 * whose code runs elsewhere and later.
 */
abstract class AnyMatch extends TreeScanner<Boolean, Void> {
  private final boolean intoNestedCode;

  AnyMatch(boolean intoNestedCode) {
    this.intoNestedCode = intoNestedCode;
  }

  /** Whether any node of {@code tree} matches. */
  final boolean in(Tree tree) {
    return Boolean.TRUE.equals(scan(tree, null));
  }

  @Override
  public Boolean visitLambdaExpression(LambdaExpressionTree node, Void unused) {
    return intoNestedCode ? super.visitLambdaExpression(node, unused) : false;
  }

  @Override
  public Boolean visitClass(ClassTree node, Void unused) {
    return intoNestedCode ? super.visitClass(node, unused) : false;
  }

  @Override
  public final Boolean reduce(Boolean a, Boolean b) {
    return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
  }
}
