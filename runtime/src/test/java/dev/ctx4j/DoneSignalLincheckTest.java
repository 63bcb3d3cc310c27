package dev.ctx4j;

import static dev.ctx4j.LincheckSupport.A;
import static dev.ctx4j.LincheckSupport.check;
import static dev.ctx4j.LincheckSupport.spawn;
import static dev.ctx4j.LincheckSupport.join;
import static dev.ctx4j.LincheckSupport.modelCheck;
import static dev.ctx4j.LincheckSupport.state;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Validate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Lincheck on the done signal racing the cancel: no waiter and no stage may miss the end of the context (a lost
 * wake-up would hang it). A blocking {@code await()} is model checked: Lincheck schedules both the waiter and the
 * canceller, and reports a hang as a deadlock. A {@code toCompletionStage()} completes through the library's callback
 * pool, whose threads Lincheck does not schedule, so that race runs under Lincheck's stress strategy instead, with a
 * bounded wait for the stage after each run; the latch both share is the one the model-checked await uses.
 */
class DoneSignalLincheckTest extends ContextTestBase {

  @Test
  @DisplayName("G15 G16: await() racing cancel always returns, and err is set once it has")
  void awaitVsCancel() {
    modelCheck(
        () -> {
          CancellableContext ctx = Context.background().withCancel();
          Thread canceller = spawn(() -> ctx.cancel(A));
          awaitWithoutBound(ctx);
          check("err and cause once await() has returned", "Canceled/A", state(ctx));
          join(canceller);
        });
  }

  @Test
  @DisplayName("G6 G15: await() on a child racing the parent's cancel always returns")
  void awaitOnAChildVsCancelOfTheParent() {
    modelCheck(
        () -> {
          CancellableContext parent = Context.background().withCancel();
          Context child = parent.withCancel().withValue(Key.of("k"), "v");
          Thread canceller = spawn(() -> parent.cancel(A));
          awaitWithoutBound(child);
          check("the child's err and cause once await() has returned", "Canceled/A", state(child));
          join(canceller);
        });
  }

  /** Unbounded on purpose: under model checking a wait that is never woken is reported by Lincheck as a deadlock. */
  private static void awaitWithoutBound(Context ctx) {
    try {
      ctx.done().await();
    } catch (InterruptedException e) {
      throw new AssertionError("interrupted", e);
    }
  }

  /** A context cancelled while another thread asks for its done stage. */
  public static class StageVsCancel {
    private final CancellableContext ctx = Context.background().withCancel();
    private volatile CompletionStage<Void> stage;

    @Operation(runOnce = true)
    public boolean cancel() {
      return ctx.cancel();
    }

    @Operation(runOnce = true)
    public void stage() {
      stage = ctx.done().toCompletionStage();
    }

    @Validate
    public void theStageCompletesOnceTheContextIsDone() throws InterruptedException, ExecutionException {
      ctx.cancel(); // the scenario may not have cancelled
      CompletionStage<Void> s = stage;
      if (s == null) {
        return;
      }
      try {
        s.toCompletableFuture().get(ContextTestBase.BOUND_SECONDS, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("done().toCompletionStage() not complete " + ContextTestBase.BOUND
            + " after the context was cancelled", e);
      }
    }
  }

  /** Go's semantics for {@link StageVsCancel}: the first cancel returns true. */
  public static class StageVsCancelSpec {
    private boolean done;

    public boolean cancel() {
      boolean first = !done;
      done = true;
      return first;
    }

    public void stage() {}
  }

  @Test
  @DisplayName("G17: done().toCompletionStage() asked for while the context is cancelled always completes (stress)")
  void stageVsCancelStressed() {
    LincheckSupport.stress().actorsBefore(0).actorsAfter(0).actorsPerThread(1)
        .sequentialSpecification(StageVsCancelSpec.class).check(StageVsCancel.class);
  }
}
