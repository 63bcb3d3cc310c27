package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * G-K: bad input. A null argument throws {@link NullPointerException} whose message names the argument.
 *
 * <p>Not applicable to Java: G69's nil parent (the parent is the receiver of {@code withCancel()} and friends, so it
 * cannot be null; calling through a null reference fails before ctx4j runs) and {@code AfterFunc(nil, f)} (same).
 */
class ArgumentValidationTest extends ContextTestBase {

  static void assertNpeNames(String name, Executable call) {
    NullPointerException e = assertThrows(NullPointerException.class, call);
    assertTrue(
        e.getMessage() != null && e.getMessage().contains(name),
        () -> "NullPointerException message '" + e.getMessage() + "' should name '" + name + "'");
  }

  /** Every kind of context, so that each check is made on each implementation. */
  private static List<Context> contexts(CancellableContext live) {
    return List.of(
        Context.background(),
        Context.todo(),
        live,
        live.withValue(Key.of("k"), "v"),
        live.withoutCancel(),
        new OtherContext(live));
  }

  @Test
  @DisplayName("G69 a null deadline, timeout or key to a derivation throws NullPointerException naming it")
  void nullArgumentsToDerivations() {
    try (CancellableContext live = Context.background().withCancel()) {
      for (Context ctx : contexts(live)) {
        assertNpeNames("deadline", () -> ctx.withDeadline(null));
        assertNpeNames("deadline", () -> ctx.withDeadline(null, new Exception("c")));
        assertNpeNames("timeout", () -> ctx.withTimeout(null));
        assertNpeNames("timeout", () -> ctx.withTimeout(null, new Exception("c")));
        assertNpeNames("key", () -> ctx.withValue(null, "v"));
        assertNpeNames("key", () -> ctx.value(null));
      }
      assertTrue(children(live) == 0, "a rejected derivation registers nothing");
    }
  }

  @Test
  @DisplayName("G69 a null callback or executor to afterFunc throws NullPointerException naming it")
  void nullArgumentsToAfterFunc() {
    try (CancellableContext live = Context.background().withCancel()) {
      for (Context ctx : contexts(live)) {
        assertNpeNames("callback", () -> ctx.afterFunc(null));
        assertNpeNames("callback", () -> ctx.afterFunc(null, Runnable::run));
        assertNpeNames("executor", () -> ctx.afterFunc(() -> {}, null));
      }
      assertTrue(children(live) == 0);
    }
  }

  @Test
  @DisplayName("G69 null tasks, durations, futures and executors to the Java helpers throw NullPointerException naming them")
  void nullArgumentsToHelpers() {
    try (CancellableContext live = Context.background().withCancel()) {
      for (Context ctx : contexts(live)) {
        assertNpeNames("task", () -> ctx.run(null));
        assertNpeNames("task", () -> ctx.call(null));
        assertNpeNames("task", () -> ctx.wrap((Runnable) null));
        assertNpeNames("task", () -> ctx.wrap((Callable<?>) null));
        assertNpeNames("duration", () -> ctx.sleep(null));
        assertNpeNames("future", () -> ctx.await((Future<?>) null));
        assertNpeNames("stage", () -> ctx.await((CompletionStage<?>) null));
        assertNpeNames("timeout", () -> ctx.done().await((Duration) null));
        assertNpeNames("unit", () -> ctx.done().await(1, (TimeUnit) null));
      }
      assertNpeNames("executor", () -> Context.propagating((Executor) null));
      assertNpeNames("executor", () -> Context.propagating((ExecutorService) null));
      assertNpeNames("task", () -> Context.propagating((Executor) Runnable::run).execute(null));
      assertNpeNames("name", () -> Key.of(null));
    }
    assertTrue(Context.current() == Context.background());
  }

  @Test
  @DisplayName("G37 a null cause is not bad input: cancel(null), withTimeout(d, null) and withDeadline(t, null) are plain")
  void nullCauseIsAllowed() {
    CancellableContext ctx = Context.background().withCancel();
    assertDoesNotThrow(() -> ctx.cancel(null));
    assertDoesNotThrow(() -> Context.background().withTimeout(FOREVER, null).cancel());
    assertDoesNotThrow(() -> Context.background().withDeadline(Instant.now().plusSeconds(60), null).cancel());
    assertDoesNotThrow(() -> Context.background().withValue(Key.of("k"), null));
  }
}
