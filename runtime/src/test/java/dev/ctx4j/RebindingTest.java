package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ctx4j.internal.Rebinding;
import org.junit.jupiter.api.Test;

/** The integrations' lambda-free binding: the same binding and restoring as {@link Context#run}. */
class RebindingTest extends ContextTestBase {

  @Test
  void bindsAndRestoresNestedBindings() {
    CancellableContext outer = Context.background().withCancel();
    CancellableContext inner = outer.withCancel();
    Context none = Rebinding.RUNTIME.swap(outer);
    Context previous = Rebinding.RUNTIME.swap(inner);
    assertSame(inner, Context.current());
    Rebinding.RUNTIME.restore(previous);
    assertSame(outer, Context.current());
    Rebinding.RUNTIME.restore(none);
    assertSame(Context.background(), Context.current(), "the thread's binding before the first bind is back");
    inner.cancel();
    outer.cancel();
  }

  @Test
  void rejectsNull() {
    assertThrows(NullPointerException.class, () -> Rebinding.RUNTIME.swap(null));
  }
}
