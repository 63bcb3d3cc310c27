package dev.ctx4j.processor.vet;

import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * {@code ctxfirst}: a method or constructor whose first {@code Context} parameter is not its first parameter, abstract
 * interface methods included. Exempt: a method that overrides or implements a supertype's (its signature is not its
 * author's to choose), a record's canonical constructor (the record's header orders it, and {@code containedctx}
 * reports the component), and a method the annotation processor wraps (its {@code [Ctx4jContextNotFirst]} warning
 * already says this).
 */
final class CtxFirst {
  private final VetTypes types;
  private final Findings findings;

  CtxFirst(VetTypes types, Findings findings) {
    this.types = types;
    this.findings = findings;
  }

  /** At a method or constructor. */
  void check(TreePath path) {
    if (!findings.enabled(Rule.CTXFIRST)) {
      return;
    }
    MethodTree tree = (MethodTree) path.getLeaf();
    List<? extends VariableTree> parameters = tree.getParameters();
    int index = -1;
    for (int i = 0; i < parameters.size(); i++) {
      Element parameter = types.elementOf(parameters.get(i));
      if (parameter != null && types.isContext(parameter.asType())) {
        index = i;
        break;
      }
    }
    if (index <= 0) {
      return;
    }
    if (!(types.elementOf(tree) instanceof ExecutableElement method)
        || !(method.getEnclosingElement() instanceof TypeElement owner)
        || types.elements.getOrigin(method) != Elements.Origin.EXPLICIT
        || isCanonicalConstructor(method, owner)
        || wrappedByProcessor(method, owner)
        || overrides(method, owner)) {
      return;
    }
    VariableTree parameter = parameters.get(index);
    findings.report(
        Rule.CTXFIRST,
        new TreePath(path, parameter),
        (method.getKind() == ElementKind.CONSTRUCTOR ? "constructor " : "method ")
            + owner.getSimpleName()
            + (method.getKind() == ElementKind.CONSTRUCTOR ? "" : "." + method.getSimpleName())
            + " takes its Context "
            + parameter.getName()
            + " as parameter "
            + (index + 1)
            + ", but the context comes first, as in Go, so that every call reads the same way; move "
            + parameter.getName()
            + " to the first position");
  }

  private boolean isCanonicalConstructor(ExecutableElement method, TypeElement owner) {
    if (method.getKind() != ElementKind.CONSTRUCTOR || owner.getKind() != ElementKind.RECORD) {
      return false;
    }
    List<? extends RecordComponentElement> components = owner.getRecordComponents();
    if (components.size() != method.getParameters().size()) {
      return false;
    }
    for (int i = 0; i < components.size(); i++) {
      if (!types.types.isSameType(components.get(i).asType(), method.getParameters().get(i).asType())) {
        return false;
      }
    }
    return true;
  }

  /** Whether the processor wraps the method, and so already warns about its parameter order. */
  private boolean wrappedByProcessor(ExecutableElement method, TypeElement owner) {
    if (method.getKind() != ElementKind.METHOD) {
      return false;
    }
    if (types.hasCtx4jAnnotation(method)) {
      return true;
    }
    Set<Modifier> modifiers = method.getModifiers();
    String name = method.getSimpleName().toString();
    return types.hasCtx4jAnnotation(owner)
        && !modifiers.contains(Modifier.STATIC)
        && !modifiers.contains(Modifier.PRIVATE)
        && !modifiers.contains(Modifier.FINAL)
        && !name.equals("equals")
        && !name.equals("hashCode")
        && !name.equals("toString");
  }

  private boolean overrides(ExecutableElement method, TypeElement owner) {
    if (method.getKind() != ElementKind.METHOD || method.getModifiers().contains(Modifier.STATIC)) {
      return false;
    }
    Deque<TypeMirror> pending = new ArrayDeque<>(types.types.directSupertypes(owner.asType()));
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      TypeMirror supertype = pending.pop();
      if (!(supertype instanceof DeclaredType declared)
          || !(declared.asElement() instanceof TypeElement type)
          || !seen.add(type.getQualifiedName().toString())) {
        continue;
      }
      for (Element member : type.getEnclosedElements()) {
        if (member.getKind() == ElementKind.METHOD
            && member.getSimpleName().equals(method.getSimpleName())
            && types.elements.overrides(method, (ExecutableElement) member, owner)) {
          return true;
        }
      }
      pending.addAll(types.types.directSupertypes(supertype));
    }
    return false;
  }
}
