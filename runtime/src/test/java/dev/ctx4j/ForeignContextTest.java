package dev.ctx4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * G-I and the foreign-context rows of G-F: user-written {@link Context} implementations as parents. Go starts a
 * goroutine per child of a custom context whose done channel is its own (G63); ctx4j must start no thread at all
 * (J-map), so every test here that derives children also checks the number of live threads.
 *
 * <p>Three foreign shapes: {@link OtherContext} (delegates its done signal to a ctx4j context), {@link OwnDoneContext}
 * (its own done signal, no afterFunc of its own), {@link RegistryContext} (its own afterFunc registry, G64).
 */
class ForeignContextTest extends ContextTestBase {

  /** Threads a test may see appear for reasons of its own (JIT, reference handling, the first callback thread). */
  private static final int THREAD_SLACK = 3;

  private final Exception e = new Exception("e");
  private final Exception p = new Exception("parent cause");

  @BeforeEach
  void warmUpLibraryThreads() throws InterruptedException {
    // Start the library's own shared threads (timer, callback executor) before any thread count is taken.
    CancellableContext warm = Context.background().withTimeout(Duration.ofMillis(1));
    CountDownLatch ran = new CountDownLatch(1);
    warm.afterFunc(ran::countDown);
    assertTrue(ran.await(BOUND_SECONDS, SECONDS));
  }

  // -------------------------------------------------------------------------------------------------------------
  // G49, G51, G52: cause through foreign contexts.

  /** Go's newCustomContext: a custom context with its own done signal, finished by an afterFunc on its parent. */
  private static OwnDoneContext customChildOf(Context parent) {
    OwnDoneContext custom = new OwnDoneContext(parent);
    parent.afterFunc(custom::finish);
    return custom;
  }

  @Test
  @DisplayName("G49 a custom context cancelled itself gives (Canceled, Canceled)")
  void customContextCancelledItself() {
    CancellableContext parent = Context.background().withCancel();
    try {
      OwnDoneContext custom = customChildOf(parent);
      custom.finish(CANCELED);
      assertSame(CANCELED, custom.err());
      assertSame(CANCELED, custom.cause());
    } finally {
      parent.cancel();
    }
  }

  @Test
  @DisplayName("G49 a custom context whose parent is cancelled with p first gives (Canceled, p)")
  void customContextParentCancelledFirst() throws InterruptedException {
    CancellableContext parent = Context.background().withCancel();
    OwnDoneContext custom = customChildOf(parent);
    parent.cancel(p);
    awaitDone(custom);
    custom.finish(CANCELED);
    assertSame(CANCELED, custom.err());
    assertSame(p, custom.cause());
  }

  @Test
  @DisplayName("G49 a custom context cancelled before its parent reports the parent's cause p (Go's documented limit)")
  void customContextCancelledBeforeParentReportsParentCause() {
    CancellableContext parent = Context.background().withCancel();
    OwnDoneContext custom = customChildOf(parent);
    custom.finish(CANCELED);
    parent.cancel(p);
    assertSame(CANCELED, custom.err());
    // Not really right, as Go's test says: cause() cannot tell the order for a foreign context and reports the
    // cause of the nearest ctx4j ancestor.
    assertSame(p, custom.cause());
  }

  @Test
  @DisplayName("G51 a child of a foreign wrapper with its own done signal gets the cause found through its values")
  void customContextPropagation() throws InterruptedException {
    CancellableContext ctx1 = Context.background().withCancel();
    OwnDoneContext ctx2 = new OwnDoneContext(ctx1);
    CancellableContext ctx3 = ctx2.withCancel();

    ctx1.cancel(e);
    assertFalse(
        ctx3.done().isDone(),
        "G63: a wrapper whose done signal differs from its ctx4j ancestor's must not be bypassed");
    ctx2.finish();

    awaitDone(ctx3);
    assertSame(CANCELED, ctx3.err());
    assertSame(e, ctx3.cause());
    assertSame(e, ctx2.cause());
  }

  @Test
  @DisplayName("G52 a custom context without values falls back to err for its cause")
  void customContextWithoutValuesCauseIsErr() {
    OwnDoneContext ctx = OwnDoneContext.withoutValues();
    assertNull(ctx.cause());
    ctx.finish();
    assertSame(CANCELED, ctx.err());
    assertSame(CANCELED, ctx.cause());
  }

  @Test
  @DisplayName("G52 a child of a custom context cancelled with e gives (Canceled, e) and leaves the parent live, then done")
  void childOfCustomContextKeepsItsOwnCause() throws InterruptedException {
    OwnDoneContext parent = OwnDoneContext.withoutValues();
    CancellableContext child = parent.withCancel();
    child.cancel(e);
    assertSame(CANCELED, child.err());
    assertSame(e, child.cause());
    assertNull(parent.err());
    assertNull(parent.cause());

    parent.finish();

    assertSame(CANCELED, child.err());
    assertSame(e, child.cause());
    assertSame(CANCELED, parent.err());
    assertSame(CANCELED, parent.cause());
  }

  @Test
  @DisplayName("G52 a custom context that cancels its child itself leaves the child at (Canceled, Canceled)")
  void customContextCancellingItsChildPlainly() throws InterruptedException {
    OwnDoneContext parent = OwnDoneContext.withoutValues();
    CancellableContext child = parent.withCancel();
    parent.setCancelChild(child);
    parent.finish();
    awaitDone(child);
    assertSame(CANCELED, child.err());
    assertSame(CANCELED, child.cause());
  }

  // -------------------------------------------------------------------------------------------------------------
  // G63: no thread per child.

  @Test
  @DisplayName("G63 children of a foreign context with its own done signal start no thread, and are cancelled by it")
  void childrenOfOwnDoneContextStartNoThread() throws InterruptedException {
    OwnDoneContext parent = new OwnDoneContext(Context.background());
    int before = liveThreads();
    List<CancellableContext> kids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      kids.add(parent.withCancel());
      kids.add(parent.withTimeout(FOREVER));
    }
    int after = liveThreads();
    assertTrue(after - before <= THREAD_SLACK, "threads before " + before + ", after " + after);

    parent.finish();

    for (CancellableContext kid : kids) {
      awaitDone(kid);
      assertSame(CANCELED, kid.err());
    }
  }

  @Test
  @DisplayName("G63 a wrapper that does not override done: its children register with the embedded ctx4j node")
  void wrapperWithoutOwnDoneRegistersWithEmbeddedNode() {
    CancellableContext inner = Context.background().withCancel();
    try {
      Context wrapper = new OtherContext(inner);
      int before = liveThreads();
      List<CancellableContext> kids = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        kids.add(wrapper.withCancel());
      }
      assertTrue(liveThreads() - before <= THREAD_SLACK);
      assertEquals(100, children(inner), "each child registered directly with the embedded node");
      kids.get(0).cancel();
      assertEquals(99, children(inner), "and is removed from it on cancel");
      inner.cancel();
      for (CancellableContext kid : kids) {
        assertTrue(kid.done().isDone(), "synchronously, as between standard contexts");
      }
      assertEquals(0, children(inner));
    } finally {
      inner.cancel();
    }
  }

  @Test
  @DisplayName("G63 a wrapper that overrides done on top of a ctx4j node is not bypassed")
  void wrapperWithOwnDoneIsNotBypassed() throws InterruptedException {
    CancellableContext inner = Context.background().withCancel();
    OwnDoneContext wrapper = new OwnDoneContext(inner);
    CancellableContext child = wrapper.withCancel();
    CancellableContext timed = wrapper.withTimeout(FOREVER);
    inner.cancel();
    assertFalse(child.done().isDone(), "the child follows the wrapper's own signal, not the embedded node");
    assertFalse(timed.done().isDone());
    wrapper.finish();
    awaitDone(child);
    awaitDone(timed);
  }

  @Test
  @DisplayName("G63 timer and cancel children and chains below ctx4j nodes, and children of a done context, start no thread")
  void standardChildrenStartNoThread() {
    CancellableContext root = Context.background().withCancel();
    CancellableContext done = Context.background().withCancel();
    done.cancel();
    OwnDoneContext finished = new OwnDoneContext(Context.background());
    finished.finish();
    int before = liveThreads();
    Context c = root;
    for (int i = 0; i < 200; i++) {
      c = (i % 2 == 0 ? c.withCancel() : c.withTimeout(FOREVER)).withValue(Key.of("k" + i), i);
      done.withCancel();
      done.withTimeout(FOREVER);
      finished.withCancel();
      finished.withTimeout(FOREVER);
    }
    int after = liveThreads();
    root.cancel();
    assertTrue(after - before <= THREAD_SLACK, "threads before " + before + ", after " + after);
    assertTrue(c.done().isDone());
  }

  // -------------------------------------------------------------------------------------------------------------
  // G64, G65: a foreign parent with its own afterFunc.

  @Test
  @DisplayName("G64 withCancel on a context with its own afterFunc registers through it; its cancel cancels the children")
  void childrenRegisterThroughTheForeignAfterFunc() throws InterruptedException {
    RegistryContext ctx0 = new RegistryContext();
    int before = liveThreads();
    CancellableContext ctx1 = ctx0.withCancel();
    CancellableContext ctx2 = ctx0.withCancel();
    assertEquals(2, ctx0.registrySize());
    assertTrue(liveThreads() - before <= THREAD_SLACK);

    ctx0.cancel();

    awaitDone(ctx1);
    awaitDone(ctx2);
    assertSame(CANCELED, ctx1.err());
    assertSame(CANCELED, ctx2.err());
    assertEquals(0, ctx0.registrySize());
  }

  @Test
  @DisplayName("G64 withTimeout on a context with its own afterFunc registers through it and is cancelled by it")
  void timeoutChildRegistersThroughTheForeignAfterFunc() throws InterruptedException {
    RegistryContext ctx0 = new RegistryContext();
    CancellableContext ctx1 = ctx0.withTimeout(FOREVER);
    assertEquals(1, ctx0.registrySize());
    ctx0.cancel();
    awaitDone(ctx1);
    assertSame(CANCELED, ctx1.err());
    ctx1.cancel();
  }

  @Test
  @DisplayName("G64 afterFunc on a context with its own afterFunc uses that method")
  void afterFuncUsesTheForeignAfterFunc() throws InterruptedException {
    RegistryContext ctx0 = new RegistryContext();
    CountDownLatch ran = new CountDownLatch(1);
    AfterFuncHandle stop = ctx0.afterFunc(ran::countDown);
    assertEquals(1, ctx0.registrySize());
    ctx0.cancel();
    assertTrue(ran.await(BOUND_SECONDS, SECONDS));
    assertFalse(stop.stop());
  }

  @Test
  @DisplayName("G64 a child of a child of a foreign parent is cancelled with it, and a done foreign parent registers nothing")
  void grandChildrenOfForeignParent() throws InterruptedException {
    RegistryContext ctx0 = new RegistryContext();
    CancellableContext child = ctx0.withCancel();
    CancellableContext grandChild = child.withValue(Key.of("k"), "v").withCancel();
    assertEquals(1, ctx0.registrySize(), "the grandchild registers with the ctx4j child");
    assertEquals(1, children(child));
    ctx0.cancel();
    awaitDone(grandChild);

    int calls = ctx0.registrations();
    CancellableContext late = ctx0.withCancel();
    assertTrue(late.done().isDone(), "a child of a done foreign parent is done at construction");
    assertSame(CANCELED, late.err());
    assertTrue(ctx0.registrations() - calls <= 1);
    assertEquals(0, ctx0.registrySize());
  }

  @Test
  @DisplayName("G65 cancelling children of a foreign parent unregisters them: 2 to 0")
  void cancellingChildrenUnregisters() {
    RegistryContext ctx0 = new RegistryContext();
    CancellableContext ctx1 = ctx0.withCancel();
    CancellableContext ctx2 = ctx0.withCancel();
    assertEquals(2, ctx0.registrySize());
    ctx1.cancel();
    assertEquals(1, ctx0.registrySize());
    ctx2.cancel();
    assertEquals(0, ctx0.registrySize());
  }

  @Test
  @DisplayName("G65 cancelling a timeout child of a foreign parent unregisters it: 1 to 0")
  void cancellingTimeoutChildUnregisters() {
    RegistryContext ctx0 = new RegistryContext();
    CancellableContext ctx1 = ctx0.withTimeout(FOREVER);
    assertEquals(1, ctx0.registrySize());
    ctx1.cancel();
    assertEquals(0, ctx0.registrySize());

    CancellableContext ctx2 = ctx0.withDeadline(Instant.now().plusSeconds(3600));
    assertEquals(1, ctx0.registrySize());
    ctx2.close();
    assertEquals(0, ctx0.registrySize());
  }

  @Test
  @DisplayName("G65 a timeout child of a foreign parent that expires unregisters itself")
  void expiredChildUnregisters() throws InterruptedException {
    RegistryContext ctx0 = new RegistryContext();
    CancellableContext ctx1 = ctx0.withTimeout(Duration.ofMillis(1));
    awaitDone(ctx1);
    assertSame(DEADLINE_EXCEEDED, ctx1.err());
    awaitTrue(() -> ctx0.registrySize() == 0, () -> "registry size " + ctx0.registrySize());
  }

  @Test
  @DisplayName("G65 stopping an afterFunc on a foreign parent unregisters it: 1 to 0")
  void stoppingAfterFuncUnregisters() {
    RegistryContext ctx0 = new RegistryContext();
    AfterFuncHandle stop = ctx0.afterFunc(() -> {});
    assertEquals(1, ctx0.registrySize());
    assertTrue(stop.stop());
    assertEquals(0, ctx0.registrySize());
    assertFalse(stop.stop());
  }

  @Test
  @DisplayName("G17 through a foreign parent the done signal may close after the parent's cancel returns, never before")
  void foreignPropagationMayBeAsynchronous() throws InterruptedException {
    RegistryContext ctx0 = new RegistryContext();
    CancellableContext child = ctx0.withCancel();
    assertFalse(child.done().isDone());
    ctx0.cancel();
    awaitDone(child);
    assertSame(CANCELED, child.err());
    assertSame(CANCELED, child.cause());
  }
}
