package dev.ctx4j;

import static dev.ctx4j.LincheckSupport.A;
import static dev.ctx4j.LincheckSupport.check;
import static dev.ctx4j.LincheckSupport.spawn;
import static dev.ctx4j.LincheckSupport.join;
import static dev.ctx4j.LincheckSupport.modelCheck;
import static dev.ctx4j.LincheckSupport.name;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Model checking (Lincheck) of afterFunc racing the end of its context (G55-G61): a callback registered before, during
 * or after the cancel runs exactly once, and only once the context is done; {@code stop()} returns true iff the
 * callback never runs. Callbacks run on a direct executor ({@code Runnable::run}), so they run on the threads
 * Lincheck schedules, inside the explored interleavings.
 */
class AfterFuncLincheckTest extends ContextTestBase {

  /** A callback that counts its runs and records the err its context had when it ran. */
  private static final class Recorder implements Runnable {
    final Context ctx;
    final AtomicInteger runs = new AtomicInteger();
    final AtomicReference<String> errWhenRun = new AtomicReference<>();

    Recorder(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public void run() {
      runs.incrementAndGet();
      errWhenRun.set(name(ctx.err()));
    }
  }

  @Test
  @DisplayName("G55 G57 G60: afterFunc registered while the context is cancelled runs exactly once, after the cancel")
  void registrationVsCancel() {
    modelCheck(
        () -> {
          CancellableContext ctx = Context.background().withCancel();
          Recorder f = new Recorder(ctx);
          Thread canceller = spawn(() -> ctx.cancel(A));
          AfterFuncHandle handle = ctx.afterFunc(f, Runnable::run);
          join(canceller);
          check("runs of the callback", 1, f.runs.get());
          check("the context's err when the callback ran", "Canceled", f.errWhenRun.get());
          check("stop() after the run returns false", !handle.stop());
          check("no registration is left on the done context", ContextTestBase.children(ctx) == 0);
        });
  }

  @Test
  @DisplayName("G55 G57 G60: afterFunc registered on a child while the parent is cancelled runs exactly once")
  void registrationOnAChildVsCancelOfTheParent() {
    modelCheck(
        () -> {
          CancellableContext parent = Context.background().withCancel();
          Context child = parent.withValue(Key.of("k"), "v").withCancel();
          Recorder f = new Recorder(child);
          Thread canceller = spawn(() -> parent.cancel(A));
          AfterFuncHandle handle = child.afterFunc(f, Runnable::run);
          join(canceller);
          check("runs of the callback", 1, f.runs.get());
          check("the child's err when the callback ran", "Canceled", f.errWhenRun.get());
          check("stop() after the run returns false", !handle.stop());
        });
  }

  @Test
  @DisplayName("G58 G61: stop() racing cancel returns true iff the callback never runs")
  void stopVsCancel() {
    modelCheck(
        () -> {
          CancellableContext ctx = Context.background().withCancel();
          Recorder f = new Recorder(ctx);
          AfterFuncHandle handle = ctx.afterFunc(f, Runnable::run);
          Thread canceller = spawn(ctx::cancel);
          boolean stopped = handle.stop();
          join(canceller);
          check("runs of the callback when stop() returned " + stopped, stopped ? 0 : 1, f.runs.get());
          check("a second stop() returns false", !handle.stop());
          if (!stopped) {
            check("the context's err when the callback ran", "Canceled", f.errWhenRun.get());
          }
          check("no registration is left on the done context", ContextTestBase.children(ctx) == 0);
        });
  }

  @Test
  @DisplayName("G56 G58: stop() racing the deadline passing returns true iff the callback never runs")
  void stopVsExpiry() {
    modelCheck(
        () -> {
          DeadlineNode ctx = LincheckSupport.unarmedDeadline(Context.background());
          Recorder f = new Recorder(ctx);
          AfterFuncHandle handle = ctx.afterFunc(f, Runnable::run);
          Thread timer = spawn(ctx::expire);
          boolean stopped = handle.stop();
          join(timer);
          check("runs of the callback when stop() returned " + stopped, stopped ? 0 : 1, f.runs.get());
          if (!stopped) {
            check("the context's err when the callback ran", "DeadlineExceeded", f.errWhenRun.get());
          }
          check("a second stop() returns false", !handle.stop());
        });
  }

  @Test
  @DisplayName("G58 G61: two afterFuncs, one stopped while the context is cancelled: only the other always runs")
  void stopOneOfTwoVsCancel() {
    modelCheck(
        () -> {
          CancellableContext ctx = Context.background().withCancel();
          Recorder kept = new Recorder(ctx);
          Recorder dropped = new Recorder(ctx);
          ctx.afterFunc(kept, Runnable::run);
          AfterFuncHandle handle = ctx.afterFunc(dropped, Runnable::run);
          Thread canceller = spawn(ctx::cancel);
          boolean stopped = handle.stop();
          join(canceller);
          check("runs of the callback that was not stopped", 1, kept.runs.get());
          check("runs of the other when stop() returned " + stopped, stopped ? 0 : 1, dropped.runs.get());
        });
  }
}
