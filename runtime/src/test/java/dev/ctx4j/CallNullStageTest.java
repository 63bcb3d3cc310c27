package dev.ctx4j;

import static java.util.concurrent.TimeUnit.MINUTES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.internal.Call;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * P7/P8: a body whose contract allows a null {@code CompletionStage} (the JDK's {@code WebSocket.Listener}), driven as
 * generated code drives {@link Call#asyncOrNull}.
 */
class CallNullStageTest extends ContextTestBase {

  /** The generated asynchronous shape. */
  private static <T> CompletableFuture<T> invoke(Call call, CompletionStage<T> returned) {
    try {
      return call.asyncOrNull(returned);
    } catch (Throwable t) {
      throw call.fail(t);
    }
  }

  @Test
  @DisplayName("P7 a null stage is returned unchanged and ends the call: the derived context is cancelled")
  void nullStageEndsTheCall() {
    Call call = Call.cancellable(Context.background(), "Listener.onText", true);
    Context derived = call.context();
    assertNull(invoke(call, null));
    assertTrue(derived.done().isDone());
    assertTrue(derived.err() instanceof CancelledException);
  }

  @Test
  @DisplayName("P7 a null stage from a method without a Context parameter restores the thread's binding")
  void nullStageRestoresBinding() {
    Call call = Call.cancellable(Context.current(), "Listener.onText", true).attach();
    assertSame(call.context(), Context.current());
    assertNull(invoke(call, null));
    assertSame(Context.background(), Context.current());
  }

  @Test
  @DisplayName("P7 a null stage after the derived context ended throws the context's exception, as a return would")
  void nullStageAfterCancellation() {
    CancellableContext parent = Context.background().withCancel();
    Call call = Call.timeout(parent, "Listener.onText", 1, MINUTES, false);
    parent.cancel();
    CancelledException e = assertThrows(CancelledException.class, () -> invoke(call, null));
    assertTrue(e.getMessage().contains("Listener.onText"), e.getMessage());
  }

  @Test
  @DisplayName("P8 a non-null stage still goes through async: the returned future completes like it")
  void nonNullStage() throws Exception {
    Call call = Call.cancellable(Context.background(), "Listener.onText", true);
    CompletableFuture<String> work = new CompletableFuture<>();
    CompletableFuture<String> returned = invoke(call, work);
    work.complete("done");
    assertEquals("done", returned.get());
  }
}
