package dev.ctx4j.processor.vet;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.lang.model.element.Element;

/**
 * Whether a finding is suppressed: {@code @SuppressWarnings("ctx4j")} or {@code @SuppressWarnings("ctx4j:<rule>")}
 * on any declaration enclosing it (a class, a method or constructor, a field, a parameter or a local variable).
 */
final class Suppressions {
  /** The string that silences every rule, as it silences the processor's warnings. */
  static final String ALL = "ctx4j";

  private final Trees trees;

  Suppressions(Trees trees) {
    this.trees = trees;
  }

  /** Whether {@code rule} is suppressed at {@code path}, by a declaration on it or enclosing it. */
  boolean suppressed(Rule rule, TreePath path) {
    String own = ALL + ":" + rule.id();
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      Tree leaf = p.getLeaf();
      if (leaf instanceof ClassTree || leaf instanceof MethodTree || leaf instanceof VariableTree) {
        Element element = trees.getElement(p);
        SuppressWarnings annotation = element == null ? null : element.getAnnotation(SuppressWarnings.class);
        if (annotation != null) {
          for (String value : annotation.value()) {
            if (value.equals(ALL) || value.equals(own)) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }
}
