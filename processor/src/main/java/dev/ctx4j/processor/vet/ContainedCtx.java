package dev.ctx4j.processor.vet;

import com.sun.source.util.TreePath;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;

/**
 * {@code containedctx}: a field (static or not) whose type is {@code Context} or a subtype: contexts are passed, not
 * stored. Exempt: a {@code CancellableContext} field of a class that is {@code AutoCloseable} (directly or through a
 * supertype such as {@code Closeable}): a component that owns the context's lifetime and cancels it when closed;
 * and any field of a class that implements {@code Context} itself (a decorator holds the context it wraps).
 */
final class ContainedCtx {
  private final VetTypes types;
  private final Findings findings;

  ContainedCtx(VetTypes types, Findings findings) {
    this.types = types;
    this.findings = findings;
  }

  /** At a variable declaration (only fields are checked). */
  void check(TreePath path) {
    if (!findings.enabled(Rule.CONTAINEDCTX)) {
      return;
    }
    Element field = types.elementOf(path.getLeaf());
    if (field == null || field.getKind() != ElementKind.FIELD || !types.isContext(field.asType())) {
      return;
    }
    if (!(field.getEnclosingElement() instanceof TypeElement owner)) {
      return;
    }
    if (types.isCancellableContext(field.asType()) && types.isAutoCloseable(owner.asType())) {
      return;
    }
    if (types.isContext(owner.asType())) {
      return; // a Context implementation (a decorator) holds the context it wraps: that is what it is
    }
    findings.report(
        Rule.CONTAINEDCTX,
        path,
        "field "
            + owner.getSimpleName()
            + "."
            + field.getSimpleName()
            + " stores a context, but contexts are passed, not stored: a stored context outlives the call it belongs"
            + " to, and the code that reads it misses its caller's deadline and cancellation; pass the Context as the"
            + " first parameter of each method that needs it (a component that owns a CancellableContext for its"
            + " whole life implements AutoCloseable and cancels it in close())");
  }
}
