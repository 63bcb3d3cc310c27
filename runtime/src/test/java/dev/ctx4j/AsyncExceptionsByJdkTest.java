package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.internal.Call;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Pins what the README's Troubleshooting entry on asynchronous calls says, on whichever JDK runs the suite: the
 * future of a timed out or cancelled asynchronous call is a cancelled {@code CompletableFuture}; {@code get()} and
 * {@code join()} throw the ctx4j exception itself before JDK 23, and a new {@code CancellationException} caused by it
 * from JDK 23 on (JDK-8331987); callbacks see the ctx4j exception on every JDK, and so does the README's unwrapping
 * loop.
 */
class AsyncExceptionsByJdkTest extends ContextTestBase {
  private static final boolean WRAPS = Runtime.version().feature() >= 23;

  @Test
  @DisplayName("J8 async timeout: isCancelled() is true; get()/join() throw per the JDK; callbacks see the ctx4j exception")
  void timedOutFuture() throws Exception {
    Call call = Call.timeout(Context.background(), "Svc.fetch", 20, TimeUnit.MILLISECONDS, false);
    CompletableFuture<String> f = call.async(new CompletableFuture<String>());
    AtomicReference<Throwable> seen = new AtomicReference<>();
    CompletableFuture<Void> callback = f.handle((v, t) -> {
      seen.set(t);
      return null;
    });
    callback.get(30, TimeUnit.SECONDS);

    ContextException ctx4j = assertInstanceOf(DeadlineExceededException.class, seen.get());
    assertEquals("Svc.fetch timed out after 20 ms", ctx4j.getMessage());
    assertTrue(f.isCancelled(), "a timed out call's future reports isCancelled()");
    assertTrue(f.isCompletedExceptionally());
    assertThrown(ctx4j, "get", f::get);
    assertThrown(ctx4j, "get", () -> f.get(1, TimeUnit.SECONDS));
    assertThrown(ctx4j, "join", f::join);
    assertSame(ctx4j, readmeUnwrap(f));
  }

  @Test
  @DisplayName("J8 async cancel: get()/join() throw per the JDK, never an ExecutionException")
  void cancelledFuture() throws Exception {
    try (CancellableContext parent = Context.background().withCancel()) {
      Call call = Call.cancellable(parent, "Svc.fetch", false);
      CompletableFuture<String> f = call.async(new CompletableFuture<String>());
      parent.cancel();
      AtomicReference<Throwable> seen = new AtomicReference<>();
      f.handle((v, t) -> {
        seen.set(t);
        return null;
      }).get(30, TimeUnit.SECONDS);

      ContextException ctx4j = assertInstanceOf(CancelledException.class, seen.get());
      assertTrue(f.isCancelled());
      assertThrown(ctx4j, "get", f::get);
      assertThrown(ctx4j, "join", f::join);
      assertSame(ctx4j, readmeUnwrap(f));
    }
  }

  /** What {@code get()} or {@code join()} throws: the ctx4j exception, or (JDK 23+) a new one caused by it. */
  private static void assertThrown(ContextException ctx4j, String method, Executable call) {
    CancellationException e = assertThrows(CancellationException.class, call);
    if (WRAPS) {
      assertEquals(method, e.getMessage());
      assertSame(ctx4j, e.getCause());
    } else {
      assertSame(ctx4j, e);
    }
  }

  /** The README's portable handling: catch CancellationException and find the ctx4j exception on its cause chain. */
  private static ContextException readmeUnwrap(CompletableFuture<String> f)
      throws InterruptedException, ExecutionException {
    try {
      f.get();
      throw new AssertionError("the future succeeded");
    } catch (CancellationException e) {
      Throwable t = e;
      while (!(t instanceof ContextException) && t.getCause() != null) {
        t = t.getCause();
      }
      return assertInstanceOf(ContextException.class, t);
    }
  }
}
