package dev.ctx4j.processor.vet;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** {@code nilctx}: a {@code null} literal passed where a {@code Context} parameter is expected. */
final class NilCtx {
  private final VetTypes types;
  private final Findings findings;

  NilCtx(VetTypes types, Findings findings) {
    this.types = types;
    this.findings = findings;
  }

  /** At a method call or {@code new}, whose arguments are {@code arguments}. */
  void check(TreePath path, List<? extends ExpressionTree> arguments) {
    if (!findings.enabled(Rule.NILCTX)) {
      return;
    }
    Element callee = null;
    for (int i = 0; i < arguments.size(); i++) {
      ExpressionTree argument = arguments.get(i);
      if (VetTypes.strip(argument).getKind() != Tree.Kind.NULL_LITERAL) {
        continue;
      }
      if (callee == null) {
        callee = types.elementOf(path.getLeaf());
        if (!(callee instanceof ExecutableElement)) {
          return;
        }
      }
      ExecutableElement method = (ExecutableElement) callee;
      TypeMirror parameter = declaredParameter(method, i, arguments.size());
      if (parameter != null && types.isContext(parameter)) {
        String name =
            method.getParameters().get(Math.min(i, method.getParameters().size() - 1)).getSimpleName().toString();
        String callName =
            method.getKind() == javax.lang.model.element.ElementKind.CONSTRUCTOR
                ? "new " + method.getEnclosingElement().getSimpleName() + "(...)"
                : method.getSimpleName() + "(...)";
        findings.report(
            Rule.NILCTX,
            new TreePath(path, argument),
            "null passed as the Context "
                + name
                + " of "
                + callName
                + ": a null context fails as soon as the callee uses it; pass the caller's context, or"
                + " Context.todo() where none is available yet");
      }
    }
  }

  private static TypeMirror declaredParameter(ExecutableElement method, int index, int arguments) {
    int count = method.getParameters().size();
    if (count == 0) {
      return null;
    }
    if (method.isVarArgs() && index >= count - 1) {
      TypeMirror last = method.getParameters().get(count - 1).asType();
      if (arguments == count && index == count - 1) {
        return last; // null for the array itself
      }
      return last.getKind() == TypeKind.ARRAY ? ((ArrayType) last).getComponentType() : null;
    }
    return index < count ? method.getParameters().get(index).asType() : null;
  }
}
