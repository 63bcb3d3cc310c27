package dev.ctx4j;

import static dev.ctx4j.LincheckSupport.A;
import static dev.ctx4j.LincheckSupport.check;
import static dev.ctx4j.LincheckSupport.spawn;
import static dev.ctx4j.LincheckSupport.join;
import static dev.ctx4j.LincheckSupport.modelCheck;
import static dev.ctx4j.LincheckSupport.state;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Model checking (Lincheck) of deriving contexts from a parent that is ending at the same moment (G9, G12, G13): a
 * child is born done with its parent's err and cause, or registers in time to be reached by the parent's cancel;
 * never is a child left live under a done parent. Each derivation is linearizable against {@link GoModel}; after every
 * interleaving a validation function checks every child against its parent, then cancels the parent and checks that
 * every child follows.
 *
 * <p>{@code withTimeout} children are armed on the shared timer, whose thread Lincheck does not schedule; the
 * timer's own methods are therefore run as one step outside the model ({@code ignore()}), so the model checker
 * explores the node's races around them, and the timer's locks stay real. Their deadlines are
 * {@link LincheckSupport#FAR} away, so the real timer never fires one during the test.
 */
class DeriveLincheckTest extends ContextTestBase {
  private static final Key<String> K = Key.of("k");

  /** The parent's own methods are modelled; the timer's run as one unexplored step (see the class comment). */
  private static ModelCheckingOptions modelCheckingWithRealTimer() {
    return LincheckSupport.modelChecking()
        .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(n -> n.startsWith(Timer.class.getName()))
            .allMethods().ignore());
  }

  /** Checks every derived child against its parent, then ends the parent and checks that each child followed. */
  private static void checkChildren(CancellableContext parent, Queue<Context> children) {
    String before = state(parent);
    for (Context c : children) {
      check("a child of a parent in state " + before, before, state(c));
    }
    parent.cancel(); // also takes the withTimeout children off the shared timer
    String after = state(parent);
    for (Context c : children) {
      check("a child once the parent is done", after, state(c));
    }
  }

  /** A cancel node cancelled while children of every kind are derived from it. */
  public static class CancelVsDerive {
    private final CancellableContext parent = Context.background().withCancel();
    private final Queue<Context> children = new ConcurrentLinkedQueue<>();

    private String keep(Context child) {
      children.add(child);
      return state(child);
    }

    @Operation
    public boolean cancelA() {
      return parent.cancel(A);
    }

    @Operation
    public String deriveCancel() {
      return keep(parent.withCancel());
    }

    @Operation
    public String deriveTimeout() {
      return keep(parent.withTimeout(LincheckSupport.FAR));
    }

    @Operation
    public String deriveValue() {
      return keep(parent.withValue(K, "v"));
    }

    @Operation
    public String deriveCancelOfValue() {
      return keep(parent.withValue(K, "v").withCancel());
    }

    @Validate
    public void everyChildFollowsItsParent() {
      checkChildren(parent, children);
    }
  }

  /** Go's semantics for {@link CancelVsDerive}: a new child starts in its parent's state. */
  public static class CancelVsDeriveSpec {
    private final GoModel.Node parent = GoModel.derive(GoModel.root());

    public boolean cancelA() {
      return GoModel.cancel(parent, "A");
    }

    public String deriveCancel() {
      return GoModel.derive(parent).state;
    }

    public String deriveTimeout() {
      return GoModel.derive(parent).state;
    }

    public String deriveValue() {
      return parent.state;
    }

    public String deriveCancelOfValue() {
      return GoModel.derive(parent).state;
    }
  }

  @Test
  @DisplayName("G9 G12 G13: withCancel, withTimeout and withValue children derived while the parent is cancelled are"
      + " done iff the parent is, with its err and cause")
  void cancelVsDeriveModelChecked() {
    modelCheckingWithRealTimer().sequentialSpecification(CancelVsDeriveSpec.class).check(CancelVsDerive.class);
  }

  @Test
  @DisplayName("G9 G12 G13: children derived while the parent is cancelled, under stress on real threads")
  void cancelVsDeriveStressed() {
    LincheckSupport.stress().sequentialSpecification(CancelVsDeriveSpec.class).check(CancelVsDerive.class);
  }

  /** A deadline node whose deadline passes (modelled by {@code expire()}) while children are derived from it. */
  public static class ExpiryVsDerive {
    private final DeadlineNode parent = LincheckSupport.unarmedDeadline(Context.background());
    private final Queue<Context> children = new ConcurrentLinkedQueue<>();

    private String keep(Context child) {
      children.add(child);
      return state(child);
    }

    @Operation
    public void expire() {
      parent.expire();
    }

    @Operation
    public String deriveCancel() {
      return keep(parent.withCancel());
    }

    /** Earlier than the parent's deadline, so the child is armed on the timer itself. */
    @Operation
    public String deriveEarlierTimeout() {
      return keep(parent.withTimeout(LincheckSupport.FAR.minusDays(1)));
    }

    /** Later than the parent's deadline: the parent's comes first, so the child has no timer of its own (G20). */
    @Operation
    public String deriveLaterTimeout() {
      return keep(parent.withTimeout(LincheckSupport.FAR.plusDays(1)));
    }

    @Operation
    public String deriveValue() {
      return keep(parent.withValue(K, "v"));
    }

    @Validate
    public void everyChildFollowsItsParent() {
      checkChildren(parent, children);
    }
  }

  /** Go's semantics for {@link ExpiryVsDerive}: a new child starts in its parent's state. */
  public static class ExpiryVsDeriveSpec {
    private final GoModel.Node parent = GoModel.derive(GoModel.root());

    public void expire() {
      GoModel.expire(parent, "E");
    }

    public String deriveCancel() {
      return GoModel.derive(parent).state;
    }

    public String deriveEarlierTimeout() {
      return GoModel.derive(parent).state;
    }

    public String deriveLaterTimeout() {
      return GoModel.derive(parent).state;
    }

    public String deriveValue() {
      return parent.state;
    }
  }

  @Test
  @DisplayName("G9 G12 G56: children derived while the parent's deadline passes are done iff the parent is, with"
      + " DeadlineExceeded and the deadline's cause")
  void expiryVsDeriveModelChecked() {
    modelCheckingWithRealTimer().sequentialSpecification(ExpiryVsDeriveSpec.class).check(ExpiryVsDerive.class);
  }

  @Test
  @DisplayName("G48 G53: withoutCancel of a parent being cancelled is never done, and what is derived from it is not"
      + " reached by the parent's cancel")
  void withoutCancelVsCancel() {
    modelCheck(
        () -> {
          CancellableContext parent = Context.background().withValue(K, "v").withCancel();
          Thread canceller = spawn(() -> parent.cancel(A));
          Context detached = parent.withoutCancel();
          CancellableContext child = detached.withCancel();
          int[] runs = new int[1];
          AfterFuncHandle callback = detached.afterFunc(() -> runs[0]++, Runnable::run);
          join(canceller);
          check("the parent", "Canceled/A", state(parent));
          check("withoutCancel is never done", "live", state(detached));
          check("withoutCancel keeps the parent's values", "v", detached.value(K));
          check("a child of withoutCancel is not reached by the parent's cancel", "live", state(child));
          check("the parent holds no registration from below withoutCancel", ContextTestBase.children(parent) == 0);
          check("an afterFunc on withoutCancel never runs", runs[0] == 0);
          check("so it can always be stopped", callback.stop());
          check("the child still cancels on its own", child.cancel());
          check("the child", "Canceled/Canceled", state(child));
        });
  }
}
