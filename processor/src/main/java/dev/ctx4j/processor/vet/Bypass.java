package dev.ctx4j.processor.vet;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.util.TreePath;
import java.util.ArrayDeque;
import java.util.Deque;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * {@code bypass}: {@code new Foo(...)} where {@code Foo} is a class with {@code @Timeout}/{@code @Cancellable}
 * methods (or carrying one itself) and a generated {@code Ctx4j_Foo}: the annotations do nothing on a plain
 * {@code Foo}. Exempt inside {@code Foo} and inside {@code Ctx4j_Foo}; an anonymous subclass ({@code new Foo() {...}})
 * is its author's explicit choice and is not reported.
 */
final class Bypass {
  private final VetTypes types;
  private final Findings findings;

  Bypass(VetTypes types, Findings findings) {
    this.types = types;
    this.findings = findings;
  }

  /** At a {@code new} expression. */
  void check(TreePath path) {
    NewClassTree tree = (NewClassTree) path.getLeaf();
    if (!findings.enabled(Rule.BYPASS) || tree.getClassBody() != null) {
      return;
    }
    if (!(types.elementOf(tree) instanceof ExecutableElement constructor)
        || !(constructor.getEnclosingElement() instanceof TypeElement type)
        || type.getKind() != ElementKind.CLASS
        || !annotated(type)) {
      return;
    }
    String wrapperName = wrapperName(type);
    TypeElement wrapper = types.elements.getTypeElement(wrapperName);
    if (wrapper == null || inside(path, type, wrapper)) {
      return;
    }
    String simple = wrapper.getSimpleName().toString();
    findings.report(
        Rule.BYPASS,
        path,
        "new "
            + type.getSimpleName()
            + "(...) makes a plain "
            + type.getSimpleName()
            + ", on which @Timeout and @Cancellable do nothing: only the generated wrapper applies them; construct"
            + " new "
            + simple
            + "(...) instead, which takes the same arguments");
  }

  private boolean annotated(TypeElement type) {
    if (types.hasCtx4jAnnotation(type)) {
      return true;
    }
    for (Element member : type.getEnclosedElements()) {
      if (member.getKind() == ElementKind.METHOD && types.hasCtx4jAnnotation(member)) {
        return true;
      }
    }
    return false;
  }

  /** {@code p.Ctx4j_Outer_Inner} for {@code p.Outer.Inner}: the processor's naming rule. */
  private static String wrapperName(TypeElement type) {
    Deque<String> names = new ArrayDeque<>();
    Element e = type;
    while (e instanceof TypeElement t) {
      names.addFirst(t.getSimpleName().toString());
      e = t.getEnclosingElement();
    }
    String simple = VetTypes.WRAPPER_PREFIX + String.join("_", names);
    while (e != null && !(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    String pkg = e == null ? "" : ((PackageElement) e).getQualifiedName().toString();
    return pkg.isEmpty() ? simple : pkg + "." + simple;
  }

  private boolean inside(TreePath path, TypeElement type, TypeElement wrapper) {
    for (TreePath p = path; p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof ClassTree) {
        Element element = types.elementOf(p.getLeaf());
        if (type.equals(element) || wrapper.equals(element)) {
          return true;
        }
      }
    }
    return false;
  }
}
