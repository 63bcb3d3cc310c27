package dev.ctx4j.processor.vet;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Every use of one local {@code CancellableContext} variable in the block that declares it, each classified by what
 * it does to the context: cancels it, hands it on (ownership moves), passes it on as a plain {@code Context}, creates
 * a new one into the variable, or something else. Uses inside a lambda or an inner class are marked nested.
 */
final class ContextUses {
  /** What one use does to the context. */
  enum Kind {
    /** {@code ctx.cancel()}, {@code ctx.close()}, {@code try (ctx)}, {@code ctx::cancel}. */
    CANCEL,
    /** Returned, stored (field, other variable, array), or passed where a CancellableContext/AutoCloseable goes. */
    ESCAPE,
    /** Passed as an argument whose parameter is a plain Context: ownership does not move. */
    AS_CONTEXT,
    /** {@code ctx = parent.withCancel()}: a new context into the variable. */
    CREATE,
    /** Anything else: reading it, deriving from it, comparing it. */
    OTHER;

    /** Whether the use ends the method's responsibility for the context. */
    boolean handles() {
      return this == CANCEL || this == ESCAPE;
    }
  }

  /** One use: its kind, its source range, whether it is inside a lambda or inner class, and its path. */
  record Use(Kind kind, long start, long end, boolean nested, TreePath path) {}

  private final VetTypes types;
  private final SourcePositions positions;
  private final CompilationUnitTree unit;
  private final Element variable;
  /** The uses, in source order. */
  final List<Use> uses = new ArrayList<>();

  private ContextUses(VetTypes types, SourcePositions positions, CompilationUnitTree unit, Element variable) {
    this.types = types;
    this.positions = positions;
    this.unit = unit;
    this.variable = variable;
  }

  /** Collects the uses of {@code variable} under {@code scope} (the block that declares it). */
  static ContextUses collect(VetTypes types, SourcePositions positions, TreePath scope, Element variable) {
    ContextUses result = new ContextUses(types, positions, scope.getCompilationUnit(), variable);
    new Collector(result).scan(scope, null);
    return result;
  }

  /** Whether a lambda or inner class cancels the context or hands it on. */
  boolean nestedHandle() {
    return uses.stream().anyMatch(u -> u.nested() && u.kind().handles());
  }

  /** Whether any use outside lambdas and inner classes cancels the context or hands it on. */
  boolean handled() {
    return uses.stream().anyMatch(u -> !u.nested() && u.kind().handles());
  }

  /** Whether the context is passed on as a plain Context somewhere. */
  boolean passedAsContext() {
    return uses.stream().anyMatch(u -> u.kind() == Kind.AS_CONTEXT);
  }

  /** The first {@code ctx = <creating call>}, or null. */
  Use firstCreation() {
    return uses.stream().filter(u -> u.kind() == Kind.CREATE && !u.nested()).findFirst().orElse(null);
  }

  /**
   * Whether {@code expression} is a call to a method declared to return a CancellableContext (withCancel,
   * withTimeout, ...), or a conditional expression choosing between two such calls.
   */
  static boolean isCreation(VetTypes types, ExpressionTree expression) {
    ExpressionTree e = VetTypes.strip(expression);
    if (e instanceof ConditionalExpressionTree conditional) {
      return isCreation(types, conditional.getTrueExpression()) && isCreation(types, conditional.getFalseExpression());
    }
    // the declared return type: a getter of a List<CancellableContext> or Future<CancellableContext> hands out one
    // that its container owns; only a method declared to return a CancellableContext makes one
    return e instanceof MethodInvocationTree
        && types.elementOf(e) instanceof ExecutableElement method
        && types.isCancellableContext(method.getReturnType());
  }

  /**
   * What passing an argument at {@code index} of {@code call} (a method call or {@code new}) does: {@code ESCAPE}
   * when the parameter is declared a CancellableContext or AutoCloseable (or anything that is not a Context, such as
   * a type variable, which the rule cannot follow), {@code AS_CONTEXT} when it is declared a Context.
   */
  static Kind argumentKind(VetTypes types, Tree call, int index) {
    TypeMirror parameter = parameterType(types, call, index);
    if (parameter == null || types.isCancellableContext(parameter) || types.isAutoCloseable(parameter)) {
      return Kind.ESCAPE;
    }
    return types.isContext(parameter) ? Kind.AS_CONTEXT : Kind.ESCAPE;
  }

  /**
   * The declared type of the parameter that argument {@code index} of {@code call} is passed to, or null if unknown.
   * Declared, not as instantiated: {@code List<Context>.add(ctx)} takes an {@code E}, which this rule cannot follow,
   * not a Context.
   */
  static TypeMirror parameterType(VetTypes types, Tree call, int index) {
    Element callee = types.elementOf(call);
    if (!(callee instanceof ExecutableElement method)) {
      return null;
    }
    List<TypeMirror> parameters = new ArrayList<>();
    for (VariableElement parameter : method.getParameters()) {
      parameters.add(parameter.asType());
    }
    int count = parameters.size();
    if (count == 0) {
      return null;
    }
    int arguments =
        call instanceof MethodInvocationTree m
            ? m.getArguments().size()
            : ((NewClassTree) call).getArguments().size();
    if (method.isVarArgs() && index >= count - 1) {
      TypeMirror last = parameters.get(count - 1);
      if (arguments == count && index == count - 1) {
        return last; // possibly the array itself; a Context argument there is not an array
      }
      return last.getKind() == TypeKind.ARRAY ? ((ArrayType) last).getComponentType() : null;
    }
    return index < count ? parameters.get(index) : null;
  }

  private Kind classify(TreePath path) {
    Tree child = path.getLeaf();
    TreePath parentPath = path.getParentPath();
    while (true) {
      Tree leaf = parentPath.getLeaf();
      if (leaf instanceof ParenthesizedTree || leaf instanceof TypeCastTree) {
        child = leaf;
        parentPath = parentPath.getParentPath();
      } else if (leaf instanceof ConditionalExpressionTree conditional && conditional.getCondition() != child) {
        child = leaf;
        parentPath = parentPath.getParentPath();
      } else {
        break;
      }
    }
    Tree parent = parentPath.getLeaf();
    if (parent instanceof MemberSelectTree select && select.getExpression() == child) {
      Tree grand = parentPath.getParentPath().getLeaf();
      if (grand instanceof MethodInvocationTree invocation && invocation.getMethodSelect() == select) {
        return isCancel(select.getIdentifier()) ? Kind.CANCEL : Kind.OTHER;
      }
      return Kind.OTHER;
    }
    if (parent instanceof MemberReferenceTree reference && reference.getQualifierExpression() == child) {
      return isCancel(reference.getName()) ? Kind.CANCEL : Kind.OTHER;
    }
    if (parent instanceof ReturnTree || parent instanceof YieldTree || parent instanceof NewArrayTree) {
      return Kind.ESCAPE;
    }
    if (parent instanceof LambdaExpressionTree lambda && lambda.getBody() == child) {
      return Kind.ESCAPE;
    }
    if (parent instanceof AssignmentTree assignment) {
      return assignment.getExpression() == child ? Kind.ESCAPE : Kind.OTHER;
    }
    if (parent instanceof VariableTree declaration && declaration.getInitializer() == child) {
      return Kind.ESCAPE;
    }
    if (parent instanceof MethodInvocationTree invocation) {
      int index = invocation.getArguments().indexOf(child);
      return index < 0 ? Kind.OTHER : argumentKind(types, invocation, index);
    }
    if (parent instanceof NewClassTree creation) {
      int index = creation.getArguments().indexOf(child);
      return index < 0 ? Kind.OTHER : argumentKind(types, creation, index);
    }
    if (parent instanceof TryTree tryTree && tryTree.getResources().contains(child)) {
      return Kind.CANCEL;
    }
    return Kind.OTHER;
  }

  private static boolean isCancel(CharSequence name) {
    return name.toString().equals("cancel") || name.toString().equals("close");
  }

  private void add(Kind kind, Tree tree, boolean nested, TreePath path) {
    uses.add(
        new Use(kind, positions.getStartPosition(unit, tree), positions.getEndPosition(unit, tree), nested, path));
  }

  /** Finds the uses; counts how deep it is inside lambdas and classes. */
  private static final class Collector extends TreePathScanner<Void, Void> {
    private final ContextUses uses;
    private int nesting;

    Collector(ContextUses uses) {
      this.uses = uses;
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
      nesting++;
      try {
        return super.visitLambdaExpression(tree, unused);
      } finally {
        nesting--;
      }
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      nesting++;
      try {
        return super.visitClass(tree, unused);
      } finally {
        nesting--;
      }
    }

    @Override
    public Void visitAssignment(AssignmentTree tree, Void unused) {
      ExpressionTree target = VetTypes.strip(tree.getVariable());
      if (target instanceof IdentifierTree
          && uses.variable.equals(uses.types.elementOf(target))
          && isCreation(uses.types, tree.getExpression())) {
        uses.add(Kind.CREATE, tree, nesting > 0, getCurrentPath());
      }
      return super.visitAssignment(tree, unused);
    }

    @Override
    public Void visitIdentifier(IdentifierTree tree, Void unused) {
      if (uses.variable.equals(uses.types.elementOf(tree))) {
        Kind kind = uses.classify(getCurrentPath());
        // a method reference that cancels runs later, as a lambda would
        boolean deferred = getCurrentPath().getParentPath().getLeaf() instanceof MemberReferenceTree;
        uses.add(kind, tree, nesting > 0 || deferred, getCurrentPath());
      }
      return null;
    }
  }
}
