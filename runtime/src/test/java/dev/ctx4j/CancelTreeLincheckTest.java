package dev.ctx4j;

import static dev.ctx4j.LincheckSupport.A;
import static dev.ctx4j.LincheckSupport.B;
import static dev.ctx4j.LincheckSupport.check;
import static dev.ctx4j.LincheckSupport.spawn;
import static dev.ctx4j.LincheckSupport.join;
import static dev.ctx4j.LincheckSupport.modelCheck;
import static dev.ctx4j.LincheckSupport.state;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Model checking (Lincheck) of cancels racing in different places of one tree: a parent and its child, and the root
 * and a middle node (the promise that every descendant is done when {@code cancel()} returns, G6, also under
 * concurrency). These are invariants, not linearizability: Go itself makes a subtree done node by node (see
 * {@link CancelRaceLincheckTest}).
 */
class CancelTreeLincheckTest extends ContextTestBase {

  @Test
  @DisplayName("G38-G43: a parent and its child cancelled at once: the child keeps the cause that reached it first")
  void parentVsChild() {
    modelCheck(
        () -> {
          CancellableContext parent = Context.background().withCancel();
          CancellableContext child = parent.withCancel();
          boolean[] childWon = new boolean[1];
          Thread other = spawn(() -> childWon[0] = child.cancel(B));
          boolean parentWon = parent.cancel(A);
          // the parent's cancel has returned: the child is done with one of the two causes, whichever came first
          String seen = state(child);
          check("the child is done when the parent's cancel() returns: " + seen, !seen.equals("live"));
          join(other);
          check("the parent's only cancel returns true", parentWon);
          check("parent", "Canceled/A", state(parent));
          check("the child's cancel(B) returned true iff B is its cause", childWon[0] ? "Canceled/B" : "Canceled/A",
              state(child));
          check("the child's state did not change once done", seen, state(child));
        });
  }

  @Test
  @DisplayName("G38-G43: after both cancels the grandchild agrees with its parent, whichever cancel reached it")
  void grandchildFollowsItsParent() {
    modelCheck(
        () -> {
          CancellableContext parent = Context.background().withCancel();
          CancellableContext child = parent.withCancel();
          CancellableContext grandchild = child.withCancel();
          Thread other = spawn(() -> child.cancel(B));
          boolean first = parent.cancel(A);
          join(other);
          check("the parent's first cancel returns true", first);
          check("parent", "Canceled/A", state(parent));
          String c = state(child);
          check("the child kept one of the two causes: " + c, c.equals("Canceled/A") || c.equals("Canceled/B"));
          check("the grandchild has its parent's err and cause", c, state(grandchild));
        });
  }

  /**
   * Issue 8, bug 2: the root's cancel must not return while a middle node that another thread is cancelling still
   * has live descendants. The code before the fix of issue 8 failed this: the root's cancel found the middle node
   * already claimed (its state set by the other thread), skipped it, and returned before the other thread reached the
   * leaf.
   */
  @Test
  @DisplayName("G6: when the root's cancel() returns, every descendant is done, even while a middle node is being"
      + " cancelled by another thread")
  void rootCancelWaitsForAMiddleNodeBeingCancelled() {
    modelCheck(
        () -> {
          CancellableContext root = Context.background().withCancel();
          CancellableContext middle = root.withCancel();
          CancellableContext leaf = middle.withCancel();
          Context leafView = leaf.withValue(Key.of("k"), "v");
          Thread other = spawn(middle::cancel);
          root.cancel(A);
          // no wait: G6 promises this the moment cancel() returns
          check("middle done when the root's cancel() returned", middle.done().isDone());
          check("leaf done when the root's cancel() returned", leaf.done().isDone());
          check("leaf's view done when the root's cancel() returned", leafView.done().isDone());
          join(other);
          check("leaf after both cancels", state(middle), state(leaf));
        });
  }
}
