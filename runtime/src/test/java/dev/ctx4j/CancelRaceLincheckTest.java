package dev.ctx4j;

import static dev.ctx4j.LincheckSupport.A;
import static dev.ctx4j.LincheckSupport.B;
import static dev.ctx4j.LincheckSupport.check;
import static dev.ctx4j.LincheckSupport.spawn;
import static dev.ctx4j.LincheckSupport.join;
import static dev.ctx4j.LincheckSupport.modelCheck;
import static dev.ctx4j.LincheckSupport.state;

import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Model checking (Lincheck) of the races on one context: two cancels, a cancel and the deadline passing, and readers
 * polling err/cause/isDone while the context ends. The operation-based scenarios are checked for linearizability
 * against {@link GoModel}, Go's semantics as a sequential model; every read also checks the read rules of
 * {@link LincheckSupport#state}.
 *
 * <p>Linearizability is the right notion for one context (and its value views, which read its state): its state
 * changes once, atomically. It is not for a subtree: Go's cancel makes the nodes of a subtree done one after the
 * other, so another thread may see the parent done and still cancel the child with its own cause first (ctx4j does
 * the same). Subtree races are therefore checked as invariants on what must hold once cancel() returns (the
 * {@code modelCheck} blocks here and in {@link CancelTreeLincheckTest}).
 */
class CancelRaceLincheckTest extends ContextTestBase {
  private static final Key<String> K = Key.of("k");

  /** One cancel node and a value view of it, cancelled concurrently with different causes. */
  public static class CancelVsCancel {
    private final CancellableContext ctx = Context.background().withCancel();
    private final Context view = ctx.withValue(K, "v");

    @Operation
    public boolean cancelA() {
      return ctx.cancel(A);
    }

    @Operation
    public boolean cancelB() {
      return ctx.cancel(B);
    }

    @Operation
    public boolean cancel() {
      return ctx.cancel();
    }

    @Operation
    public String read() {
      return state(ctx);
    }

    @Operation
    public String readView() {
      return state(view);
    }
  }

  /** Go's semantics for {@link CancelVsCancel}: the first cancel wins and fixes err and cause for good. */
  public static class CancelVsCancelSpec {
    private final GoModel.Node ctx = GoModel.derive(GoModel.root());

    public boolean cancelA() {
      return GoModel.cancel(ctx, "A");
    }

    public boolean cancelB() {
      return GoModel.cancel(ctx, "B");
    }

    public boolean cancel() {
      return GoModel.cancel(ctx, null);
    }

    public String read() {
      return ctx.state;
    }

    public String readView() {
      return ctx.state;
    }
  }

  @Test
  @DisplayName("G14 G35-G37: concurrent cancels of one context: exactly one returns true and its cause is the one kept")
  void cancelVsCancelModelChecked() {
    LincheckSupport.modelChecking().sequentialSpecification(CancelVsCancelSpec.class).check(CancelVsCancel.class);
  }

  @Test
  @DisplayName("G14 G35-G37: concurrent cancels of one context, under stress on real threads")
  void cancelVsCancelStressed() {
    LincheckSupport.stress().sequentialSpecification(CancelVsCancelSpec.class).check(CancelVsCancel.class);
  }

  /**
   * A deadline node (its timer modelled by calling {@code expire()}) and a value view of it: a cancel races the
   * expiry.
   */
  public static class ExpiryVsCancel {
    private final DeadlineNode ctx = LincheckSupport.unarmedDeadline(Context.background());
    private final Context view = ctx.withValue(K, "v");

    @Operation
    public void expire() {
      ctx.expire();
    }

    @Operation
    public boolean cancelA() {
      return ctx.cancel(A);
    }

    @Operation
    public boolean cancel() {
      return ctx.cancel();
    }

    @Operation
    public String read() {
      return state(ctx);
    }

    @Operation
    public String readView() {
      return state(view);
    }
  }

  /** Go's semantics for {@link ExpiryVsCancel}: err is DeadlineExceeded (cause E) iff the deadline passed first. */
  public static class ExpiryVsCancelSpec {
    private final GoModel.Node ctx = GoModel.derive(GoModel.root());

    public void expire() {
      GoModel.expire(ctx, "E");
    }

    public boolean cancelA() {
      return GoModel.cancel(ctx, "A");
    }

    public boolean cancel() {
      return GoModel.cancel(ctx, null);
    }

    public String read() {
      return ctx.state;
    }

    public String readView() {
      return ctx.state;
    }
  }

  @Test
  @DisplayName("G24 G44 G56: the deadline passing races a cancel: err is DeadlineExceeded iff the expiry came first")
  void expiryVsCancelModelChecked() {
    LincheckSupport.modelChecking().sequentialSpecification(ExpiryVsCancelSpec.class).check(ExpiryVsCancel.class);
  }

  @Test
  @DisplayName("G15 G16 G50: polling cause, err and isDone while another thread cancels never sees them disagree")
  void readsStayConsistentWhileCancelled() {
    modelCheck(
        () -> {
          CancellableContext ctx = Context.background().withCancel();
          Context view = ctx.withValue(K, "v");
          CancellableContext child = view.withCancel();
          Thread canceller = spawn(() -> ctx.cancel(A));
          // every read checks cause => err => isDone at the instant it is taken
          String first = state(child);
          String second = state(view);
          String third = state(ctx);
          join(canceller);
          check("a state once done is final (child)", first.equals("live") || first.equals("Canceled/A"));
          check("a state once done is final (view)", second.equals("live") || second.equals("Canceled/A"));
          // read in the order child, view, node: a descendant seen done means every ancestor read later is done
          check("the view was live after the child was seen done", first.equals("live") || !second.equals("live"));
          check("the node was live after its view was seen done", second.equals("live") || !third.equals("live"));
          check("after the cancel: node", "Canceled/A", state(ctx));
          check("after the cancel: view", "Canceled/A", state(view));
          check("after the cancel: child", "Canceled/A", state(child));
        });
  }

  @Test
  @DisplayName("G15 G16 G50: polling cause, err and isDone while the deadline passes never sees them disagree")
  void readsStayConsistentWhileExpiring() {
    modelCheck(
        () -> {
          DeadlineNode ctx = LincheckSupport.unarmedDeadline(Context.background());
          CancellableContext child = ctx.withCancel();
          Thread timer = spawn(ctx::expire);
          String seen = state(child);
          String parentSeen = state(ctx);
          join(timer);
          check("a child seen done has its parent done", seen.equals("live") || !parentSeen.equals("live"));
          check("after the expiry: node", "DeadlineExceeded/E", state(ctx));
          check("after the expiry: child", "DeadlineExceeded/E", state(child));
        });
  }
}
