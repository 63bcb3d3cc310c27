package dev.ctx4j.nojfr;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.internal.Call;
import dev.ctx4j.internal.WrappedMethod;
import dev.ctx4j.spi.CallOutcome;
import dev.ctx4j.spi.Ctx4jListener;
import dev.ctx4j.spi.Ctx4jListeners;
import dev.ctx4j.spi.WrappedMethodInfo;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run by {@code NoJfrImageTest} on a JDK image linked without {@code jdk.jfr}: a cancel with a cause, a deadline and a
 * wrapper-shaped call that times out, with a listener registered; prints what happened. Uses only exported API, so it
 * runs with the runtime on the class path or the module path (its package is not the runtime's).
 */
public final class NoJfrMain {
  private NoJfrMain() {}

  /**
   * Runs the scenario.
   *
   * @param args ignored
   * @throws Exception if anything goes wrong (exit code 1)
   */
  public static void main(String[] args) throws Exception {
    System.out.println("jdk.jfr present: " + ModuleLayer.boot().findModule("jdk.jfr").isPresent());
    AtomicInteger ended = new AtomicInteger();
    StringBuilder calls = new StringBuilder();
    Ctx4jListeners.Registration registration = Ctx4jListeners.register(new Ctx4jListener() {
      @Override
      public void callEnded(WrappedMethodInfo method, CallOutcome outcome, Throwable thrown, long durationNanos) {
        synchronized (calls) {
          calls.append(method.qualifiedName()).append(' ').append(outcome);
        }
      }

      @Override
      public void contextEnded(Context context, ContextException err, Throwable cause, boolean byAncestor) {
        ended.incrementAndGet();
      }
    });

    CancellableContext ctx = Context.background().withCancel();
    ctx.cancel(new IllegalStateException("boom"));
    System.out.println("cancel: " + ctx.err().getMessage() + ", cause " + ctx.cause().getMessage());

    try (CancellableContext timed = Context.background().withTimeout(Duration.ofMillis(20))) {
      timed.done().await();
      System.out.println("deadline: " + timed.err().getMessage());
    }

    WrappedMethod slow = WrappedMethod.timeout(NoJfrMain.class, "slow", "NoJfrMain.slow", 20, TimeUnit.MILLISECONDS,
        false, true);
    try {
      Call call = Call.start(Context.background(), slow);
      try {
        call.context().done().await();
        call.end();
      } catch (Throwable t) {
        throw call.fail(t);
      } finally {
        call.close();
      }
      System.out.println("call: returned");
    } catch (ContextException e) {
      System.out.println("call: " + e.getMessage());
    }
    registration.close();
    synchronized (calls) {
      System.out.println("listener: " + calls + ", contexts ended " + ended.get());
    }
  }
}
