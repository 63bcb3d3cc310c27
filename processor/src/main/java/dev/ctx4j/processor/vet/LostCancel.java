package dev.ctx4j.processor.vet;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import dev.ctx4j.processor.vet.ContextUses.Kind;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;

/**
 * {@code lostcancel}: a {@code CancellableContext} obtained from a call (withCancel, withTimeout, withDeadline, or any
 * method returning one) that is not cancelled or closed on every path out of the code that obtained it.
 *
 * <p>Accepted: a try-with-resources resource; cancelled or closed in a {@code finally}; returned; stored in a field or
 * another variable; passed where a {@code CancellableContext} or {@code AutoCloseable} (or anything but a plain
 * {@code Context}) is expected; captured by a lambda or inner class that cancels it or hands it on.
 *
 * <p>Reported, once per context: the call's result discarded, or used only as the receiver of another call (on the
 * call); passed straight on as a plain {@code Context} (on the call); a local never cancelled, or only passed on as
 * a {@code Context} (on its creating call); a local left open by a {@code return} or {@code throw} before its cancel,
 * outside a try/finally that cancels it (on that {@code return} or {@code throw}); a local still open at the end of
 * its block (on its creating call).
 */
final class LostCancel {
  private static final String FIX =
      "create it in a try-with-resources statement, try (CancellableContext ctx = parent.withTimeout(...)) { ... },"
          + " or cancel it in a finally block";

  private final VetTypes types;
  private final Findings findings;
  private final SourcePositions positions;

  LostCancel(VetTypes types, Findings findings) {
    this.types = types;
    this.findings = findings;
    this.positions = types.trees.getSourcePositions();
  }

  /** At an expression statement: reports a creating call whose result is discarded. */
  void checkStatement(TreePath path) {
    if (!findings.enabled(Rule.LOSTCANCEL)) {
      return;
    }
    ExpressionTree expression = VetTypes.strip(((ExpressionStatementTree) path.getLeaf()).getExpression());
    if (ContextUses.isCreation(types, expression)) {
      findings.report(
          Rule.LOSTCANCEL,
          new TreePath(path, expression),
          "the CancellableContext returned by "
              + callName(expression)
              + " is discarded, so nothing ever cancels it: it stays registered with its parent (a timeout keeps"
              + " its timer entry) until the parent ends or its deadline passes; "
              + FIX);
    }
  }

  /** At a method call: reports a creating call whose result is only a receiver, or passed straight on as a Context. */
  void checkCall(TreePath path) {
    if (!findings.enabled(Rule.LOSTCANCEL) || !ContextUses.isCreation(types, (ExpressionTree) path.getLeaf())) {
      return;
    }
    Tree child = path.getLeaf();
    TreePath parentPath = path.getParentPath();
    while (parentPath.getLeaf() instanceof ParenthesizedTree || parentPath.getLeaf() instanceof TypeCastTree) {
      child = parentPath.getLeaf();
      parentPath = parentPath.getParentPath();
    }
    Tree parent = parentPath.getLeaf();
    String call = callName((ExpressionTree) path.getLeaf());
    if (parent instanceof MemberSelectTree select
        && select.getExpression() == child
        && parentPath.getParentPath().getLeaf() instanceof MethodInvocationTree invocation
        && invocation.getMethodSelect() == select) {
      String name = select.getIdentifier().toString();
      if (!name.equals("cancel") && !name.equals("close")) {
        findings.report(
            Rule.LOSTCANCEL,
            path,
            "the CancellableContext returned by "
                + call
                + " is used only to call "
                + name
                + "() and then lost, so nothing ever cancels it; "
                + FIX);
      }
      return;
    }
    int index = -1;
    if (parent instanceof MethodInvocationTree invocation) {
      index = invocation.getArguments().indexOf(child);
    } else if (parent instanceof NewClassTree creation) {
      index = creation.getArguments().indexOf(child);
    }
    if (index >= 0 && ContextUses.argumentKind(types, parent, index) == Kind.AS_CONTEXT) {
      findings.report(
          Rule.LOSTCANCEL,
          path,
          "the CancellableContext returned by "
              + call
              + " is passed on only as a Context, which never transfers the duty to cancel it, so nothing ever"
              + " cancels it; "
              + FIX
              + ", and pass ctx");
    }
  }

  /** At a local variable declaration: checks a local CancellableContext on every path of its block. */
  void checkLocal(TreePath path) {
    if (!findings.enabled(Rule.LOSTCANCEL) || !(path.getParentPath().getLeaf() instanceof BlockTree)) {
      return;
    }
    VariableTree declaration = (VariableTree) path.getLeaf();
    Element variable = types.elementOf(declaration);
    if (variable == null
        || variable.getKind() != ElementKind.LOCAL_VARIABLE
        || !types.isCancellableContext(variable.asType())) {
      return;
    }
    ExpressionTree initializer = declaration.getInitializer();
    boolean createdHere = initializer != null && ContextUses.isCreation(types, initializer);
    if (initializer != null && !createdHere && !isNull(initializer)) {
      return; // assigned from something this rule does not own: a parameter, a field, another variable
    }
    TreePath block = path.getParentPath();
    ContextUses uses = ContextUses.collect(types, positions, block, variable);
    TreePath creation;
    if (createdHere) {
      creation = new TreePath(path, initializer);
    } else {
      ContextUses.Use first = uses.firstCreation();
      if (first == null) {
        return;
      }
      creation = first.path();
    }
    if (uses.nestedHandle()) {
      return; // a lambda or inner class cancels it or hands it on
    }
    String name = declaration.getName().toString();
    String from = "the CancellableContext " + name + " (from " + callName(creationCall(creation)) + ")";
    if (!uses.handled()) {
      String what =
          uses.passedAsContext()
              ? " is only passed on as a Context, which never transfers the duty to cancel it, and is never"
                  + " cancelled"
              : " is never cancelled";
      findings.report(
          Rule.LOSTCANCEL,
          creation,
          from
              + what
              + ", so it stays registered with its parent (a timeout keeps its timer entry) until the parent ends or"
              + " its deadline passes; "
              + FIX,
          path);
      return;
    }
    CancelPaths.Leak leak =
        CancelPaths.find(uses, block, declaration, createdHere ? initializer : null, positions);
    if (leak == null) {
      return;
    }
    if (leak.exit() == null) {
      findings.report(
          Rule.LOSTCANCEL,
          creation,
          from
              + " is still open where its block ends: the path that reaches the end never cancels it; cancel it"
              + " on that path too, or "
              + FIX,
          path);
      return;
    }
    String exit = leak.exit().getLeaf() instanceof ReturnTree ? "return" : "throw";
    long line =
        path.getCompilationUnit()
            .getLineMap()
            .getLineNumber(positions.getStartPosition(path.getCompilationUnit(), declaration));
    findings.report(
        Rule.LOSTCANCEL,
        leak.exit(),
        "this "
            + exit
            + " leaves "
            + from
            + ", declared on line "
            + line
            + ", open: the cancel after it never runs on this path; cancel it before the "
            + exit
            + ", or "
            + FIX,
        path);
  }

  private static ExpressionTree creationCall(TreePath creation) {
    Tree leaf = creation.getLeaf();
    if (leaf instanceof com.sun.source.tree.AssignmentTree assignment) {
      return VetTypes.strip(assignment.getExpression());
    }
    return VetTypes.strip((ExpressionTree) leaf);
  }

  private static boolean isNull(ExpressionTree expression) {
    return VetTypes.strip(expression).getKind() == Tree.Kind.NULL_LITERAL;
  }

  /** {@code withTimeout(...)} for a call {@code parent.withTimeout(d)}. */
  private static String callName(ExpressionTree call) {
    ExpressionTree e = VetTypes.strip(call);
    if (e instanceof com.sun.source.tree.ConditionalExpressionTree conditional) {
      return callName(conditional.getTrueExpression()) + " or " + callName(conditional.getFalseExpression());
    }
    if (e instanceof MethodInvocationTree invocation) {
      ExpressionTree select = invocation.getMethodSelect();
      String name =
          select instanceof MemberSelectTree member ? member.getIdentifier().toString() : select.toString();
      return name + "(...)";
    }
    return e.toString();
  }
}
