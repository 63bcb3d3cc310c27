package dev.ctx4j.processor.vet;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.List;
import javax.lang.model.element.Element;

/**
 * {@code contextcheck}: {@code Context.background()} or {@code Context.todo()} called in a method (or lambda) that
 * has a {@code Context} parameter: the new root drops the caller's deadline, cancellation and values.
 */
final class ContextCheck {
  private final VetTypes types;
  private final Findings findings;

  ContextCheck(VetTypes types, Findings findings) {
    this.types = types;
    this.findings = findings;
  }

  /** At a method call. */
  void check(TreePath path) {
    if (!findings.enabled(Rule.CONTEXTCHECK) || !types.isNewRoot(types.elementOf(path.getLeaf()))) {
      return;
    }
    VariableTree parameter = contextParameter(types, path);
    if (parameter == null) {
      return;
    }
    String root = types.elementOf(path.getLeaf()).getSimpleName().toString();
    String ctx = parameter.getName().toString();
    findings.report(
        Rule.CONTEXTCHECK,
        path,
        "Context."
            + root
            + "() here starts a new root, although the Context "
            + ctx
            + " was passed in: the work loses the caller's deadline, cancellation and values; derive from "
            + ctx
            + " instead ("
            + ctx
            + ".withTimeout(...), "
            + ctx
            + ".withCancel()), or use "
            + ctx
            + ".withoutCancel() for work that must outlive the caller");
  }

  /** The first Context parameter of the lambdas and the method enclosing {@code path}, inside its class; or null. */
  static VariableTree contextParameter(VetTypes types, TreePath path) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      List<? extends VariableTree> parameters;
      if (p.getLeaf() instanceof LambdaExpressionTree lambda) {
        parameters = lambda.getParameters();
      } else if (p.getLeaf() instanceof MethodTree method) {
        parameters = method.getParameters();
      } else if (p.getLeaf() instanceof ClassTree) {
        return null;
      } else {
        continue;
      }
      for (VariableTree parameter : parameters) {
        Element element = types.elementOf(parameter);
        if (element != null && types.isContext(element.asType())) {
          return parameter;
        }
      }
      if (p.getLeaf() instanceof MethodTree) {
        return null;
      }
    }
    return null;
  }
}
