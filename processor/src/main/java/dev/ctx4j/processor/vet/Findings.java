package dev.ctx4j.processor.vet;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;

/**
 * The findings of one class, held until its scan ends and then printed as javac warnings (errors with the
 * {@code errors} option), or dropped when the class turned out not to compile (javac's errors say what matters).
 * Each message starts with {@code [ctx4j:<rule>]} and ends with the fix.
 */
final class Findings {
  private record Finding(Diagnostic.Kind kind, String message, Tree tree, CompilationUnitTree unit) {}

  private final Trees trees;
  private final VetOptions options;
  private final Suppressions suppressions;
  private final List<Finding> pending = new ArrayList<>();

  Findings(Trees trees, VetOptions options, Suppressions suppressions) {
    this.trees = trees;
    this.options = options;
    this.suppressions = suppressions;
  }

  /** Whether {@code rule} is on; rules skip their work when it is not. */
  boolean enabled(Rule rule) {
    return options.enabled(rule);
  }

  /**
   * Reports {@code text} for {@code rule} on the tree at {@code at}, unless the rule is off or suppressed there or at
   * any of {@code alsoSuppressedAt} (the declaration of the variable a finding is about, for example).
   */
  void report(Rule rule, TreePath at, String text, TreePath... alsoSuppressedAt) {
    if (!options.enabled(rule) || suppressions.suppressed(rule, at)) {
      return;
    }
    for (TreePath other : alsoSuppressedAt) {
      if (other != null && suppressions.suppressed(rule, other)) {
        return;
      }
    }
    Diagnostic.Kind kind = options.errors ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING;
    pending.add(new Finding(kind, "[ctx4j:" + rule.id() + "] " + text, at.getLeaf(), at.getCompilationUnit()));
  }

  /** Prints the findings held, or drops them when {@code print} is false. */
  void flush(boolean print) {
    if (print) {
      for (Finding finding : pending) {
        trees.printMessage(finding.kind(), finding.message(), finding.tree(), finding.unit());
      }
    }
    pending.clear();
  }
}
