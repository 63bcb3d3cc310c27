package dev.ctx4j.processor.vet;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import dev.ctx4j.processor.vet.ContextUses.Kind;
import dev.ctx4j.processor.vet.ContextUses.Use;
import java.util.List;

/**
 * The path analysis of {@code lostcancel} for one local: walks the statements of the block that declares it, from
 * the declaration on, and finds the first {@code return} or {@code throw} that leaves it open, or the end of the block
 * reached with it open. Paths are {@code return}, {@code throw} and the end of the block; an exception thrown by a
 * called method is not a path of its own (a {@code finally} is how code covers that).
 *
 * <p>The state after a statement is CLEAN (nothing to cancel: not created yet, or cancelled, or handed on), OPEN (open
 * on every path), MAYBE (open on some paths only, as far as this simple analysis can tell), or null when the statement
 * cannot complete normally. To stay precise, an exit in state MAYBE is reported only when a cancel follows it in the
 * source (the author meant to cancel, and this exit skips it), and the end of a block only in state OPEN.
 */
final class CancelPaths {
  /** The state of the context after a statement. */
  enum State {
    CLEAN,
    OPEN,
    MAYBE
  }

  /** Where the context leaks: an exit statement, or the declaring block's end (exit null). */
  record Leak(TreePath exit) {}

  private final ContextUses uses;
  private final VariableTree declaration;
  private final ExpressionTree declarationCreation;
  private final SourcePositions positions;
  private final CompilationUnitTree unit;
  /** How many enclosing try statements (inside the block) have a finally that cancels or hands on the context. */
  private int coveredByFinally;
  /** How many enclosing try blocks (inside the block) have catch clauses, which may catch a throw. */
  private int insideTryWithCatches;
  private Leak leak;

  private CancelPaths(
      ContextUses uses, VariableTree declaration, ExpressionTree creation, SourcePositions positions,
      CompilationUnitTree unit) {
    this.uses = uses;
    this.declaration = declaration;
    this.declarationCreation = creation;
    this.positions = positions;
    this.unit = unit;
  }

  /**
   * Returns where the context declared by {@code declaration} (a statement of {@code block}) leaks, or null when
   * every path cancels it or hands it on. {@code creation} is the declaration's initializer when it creates the
   * context, else null.
   */
  static Leak find(
      ContextUses uses, TreePath block, VariableTree declaration, ExpressionTree creation, SourcePositions positions) {
    CancelPaths paths = new CancelPaths(uses, declaration, creation, positions, block.getCompilationUnit());
    BlockTree tree = (BlockTree) block.getLeaf();
    List<? extends StatementTree> statements = tree.getStatements();
    State state = State.CLEAN;
    for (int i = statements.indexOf(declaration); i < statements.size() && state != null; i++) {
      state = paths.walk(new TreePath(block, statements.get(i)), state);
      if (paths.leak != null) {
        return paths.leak;
      }
    }
    return state == State.OPEN ? new Leak(null) : null;
  }

  private State walk(TreePath path, State in) {
    if (leak != null) {
      return null;
    }
    Tree statement = path.getLeaf();
    if (statement instanceof BlockTree block) {
      State state = in;
      for (StatementTree s : block.getStatements()) {
        state = walk(new TreePath(path, s), state);
        if (state == null) {
          return null;
        }
      }
      return state;
    }
    if (statement instanceof VariableTree variable) {
      State state = variable.getInitializer() == null ? in : effect(variable.getInitializer(), in);
      return variable == declaration && declarationCreation != null ? State.OPEN : state;
    }
    if (statement instanceof ExpressionStatementTree expression) {
      return effect(expression.getExpression(), in);
    }
    if (statement instanceof ReturnTree ret) {
      State state = ret.getExpression() == null ? in : effect(ret.getExpression(), in);
      exit(path, state, false);
      return null;
    }
    if (statement instanceof ThrowTree thrown) {
      exit(path, effect(thrown.getExpression(), in), true);
      return null;
    }
    if (statement instanceof IfTree ifTree) {
      State state = effect(ifTree.getCondition(), in);
      State then = walk(new TreePath(path, ifTree.getThenStatement()), state);
      State otherwise =
          ifTree.getElseStatement() == null ? state : walk(new TreePath(path, ifTree.getElseStatement()), state);
      return merge(then, otherwise);
    }
    if (statement instanceof WhileLoopTree loop) {
      State state = effect(loop.getCondition(), in);
      return loop(path, loop.getStatement(), state, isTrue(loop.getCondition()));
    }
    if (statement instanceof ForLoopTree loop) {
      State state = in;
      for (StatementTree init : loop.getInitializer()) {
        state = walk(new TreePath(path, init), state);
      }
      if (loop.getCondition() != null) {
        state = effect(loop.getCondition(), state);
      }
      return loop(path, loop.getStatement(), state, loop.getCondition() == null || isTrue(loop.getCondition()));
    }
    if (statement instanceof EnhancedForLoopTree loop) {
      return loop(path, loop.getStatement(), effect(loop.getExpression(), in), false);
    }
    if (statement instanceof DoWhileLoopTree loop) {
      State body = walk(new TreePath(path, loop.getStatement()), in);
      if (isTrue(loop.getCondition())) {
        return hasBreak(loop.getStatement()) ? State.MAYBE : null;
      }
      return body == null ? merge(in, State.MAYBE) : effect(loop.getCondition(), body);
    }
    if (statement instanceof TryTree tryTree) {
      return tryStatement(path, tryTree, in);
    }
    if (statement instanceof SwitchTree switchTree) {
      return switchStatement(path, switchTree, in);
    }
    if (statement instanceof SynchronizedTree sync) {
      return walk(new TreePath(path, sync.getBlock()), effect(sync.getExpression(), in));
    }
    if (statement instanceof LabeledStatementTree labeled) {
      return walk(new TreePath(path, labeled.getStatement()), in);
    }
    if (statement instanceof BreakTree || statement instanceof ContinueTree || statement instanceof ClassTree) {
      return in; // a jump is treated as reaching the statement after the loop: the safe side for this analysis
    }
    return effect(statement, in);
  }

  private State loop(TreePath path, StatementTree body, State in, boolean forever) {
    State after = walk(new TreePath(path, body), in);
    if (leak != null) {
      return null;
    }
    if (forever) {
      return hasBreak(body) ? State.MAYBE : null;
    }
    return merge(in, after == null ? in : after);
  }

  private State tryStatement(TreePath path, TryTree tryTree, State in) {
    State state = in;
    for (Tree resource : tryTree.getResources()) {
      state = resource instanceof VariableTree v && v.getInitializer() != null
          ? effect(v.getInitializer(), state)
          : effect(resource, state);
    }
    boolean finallyHandles = tryTree.getFinallyBlock() != null && handles(tryTree.getFinallyBlock());
    if (finallyHandles) {
      coveredByFinally++;
    }
    boolean catches = !tryTree.getCatches().isEmpty();
    if (catches) {
      insideTryWithCatches++;
    }
    State body = walk(new TreePath(path, tryTree.getBlock()), state);
    if (catches) {
      insideTryWithCatches--;
    }
    State result = body;
    State caught = body == null || body == state ? state : State.MAYBE;
    for (var catchTree : tryTree.getCatches()) {
      TreePath catchPath = new TreePath(path, catchTree);
      result = merge(result, walk(new TreePath(catchPath, catchTree.getBlock()), caught));
    }
    if (finallyHandles) {
      coveredByFinally--;
    }
    if (leak != null) {
      return null;
    }
    if (tryTree.getFinallyBlock() == null) {
      return result;
    }
    State afterFinally = walk(new TreePath(path, tryTree.getFinallyBlock()), result == null ? State.CLEAN : result);
    return result == null ? null : afterFinally;
  }

  private State switchStatement(TreePath path, SwitchTree switchTree, State in) {
    State state = effect(switchTree.getExpression(), in);
    boolean hasDefault = false;
    State result = null;
    for (CaseTree caseTree : switchTree.getCases()) {
      hasDefault |= caseTree.getExpressions().isEmpty();
      TreePath casePath = new TreePath(path, caseTree);
      State after;
      if (caseTree.getCaseKind() == CaseTree.CaseKind.RULE) {
        Tree body = caseTree.getBody();
        after = body instanceof StatementTree s ? walk(new TreePath(casePath, s), state) : effect(body, state);
      } else {
        after = state;
        for (StatementTree s : caseTree.getStatements()) {
          after = walk(new TreePath(casePath, s), after);
          if (after == null) {
            break;
          }
        }
        if (after == null && hasBreak(caseTree)) {
          after = state;
        }
      }
      if (leak != null) {
        return null;
      }
      result = merge(result, after);
    }
    return hasDefault ? result : merge(result, state);
  }

  private void exit(TreePath path, State state, boolean isThrow) {
    if (state == null || state == State.CLEAN || coveredByFinally > 0 || (isThrow && insideTryWithCatches > 0)) {
      return;
    }
    if (state == State.OPEN || handledAfter(positions.getEndPosition(unit, path.getLeaf()))) {
      leak = new Leak(path);
    }
  }

  /** The state after {@code tree}, an expression or simple statement evaluated in state {@code in}. */
  private State effect(Tree tree, State in) {
    if (in == null) {
      return null;
    }
    long start = positions.getStartPosition(unit, tree);
    long end = positions.getEndPosition(unit, tree);
    State state = in;
    for (Use use : uses.uses) {
      if (!use.nested() && use.start() >= start && use.start() < end) {
        if (use.kind() == Kind.CREATE) {
          state = State.OPEN;
        } else if (use.kind().handles()) {
          state = State.CLEAN;
        }
      }
    }
    return state;
  }

  private boolean handles(Tree tree) {
    long start = positions.getStartPosition(unit, tree);
    long end = positions.getEndPosition(unit, tree);
    return uses.uses.stream()
        .anyMatch(u -> !u.nested() && u.kind().handles() && u.start() >= start && u.start() < end);
  }

  private boolean handledAfter(long position) {
    return uses.uses.stream().anyMatch(u -> !u.nested() && u.kind().handles() && u.start() >= position);
  }

  private static State merge(State a, State b) {
    if (a == null) {
      return b;
    }
    if (b == null || a == b) {
      return a;
    }
    return State.MAYBE;
  }

  private static boolean isTrue(ExpressionTree condition) {
    return VetTypes.strip(condition) instanceof LiteralTree literal && Boolean.TRUE.equals(literal.getValue());
  }

  /** Whether {@code tree} contains a {@code break} (outside lambdas and classes). */
  private static boolean hasBreak(Tree tree) {
    return new AnyMatch(false) {
      @Override
      public Boolean visitBreak(BreakTree node, Void unused) {
        return true;
      }
    }.in(tree);
  }

}
