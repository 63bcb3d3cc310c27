package dev.ctx4j.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import dev.ctx4j.CancellableContext;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.DeadlineExceededException;
import dev.ctx4j.Key;
import dev.ctx4j.Scope;
import dev.ctx4j.processor.fn.Body;
import dev.ctx4j.processor.fn.OpsApi;
import dev.ctx4j.processor.fn.ServiceApi;
import dev.ctx4j.processor.fn.SigsApi;
import dev.ctx4j.processor.fn.Tag;
import dev.ctx4j.processor.fn.TypedApi;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Functional tests: {@code inputs/functional/} is compiled with the processor in memory, the class files are loaded,
 * and the generated wrappers are called. Each test's display name starts with the P id (docs/semantics.md) it covers.
 *
 * <p>Timing: limits are 300 ms or one minute; a test expects the short one to fire within {@link #BOUND} (generous,
 * for slow shared machines) and never relies on sleeping: it waits on latches, futures or {@code done()}.
 */
class WrapperBehaviourTest {
  /** How long anything that should happen "soon" may take on a slow 2-core machine. */
  static final Duration BOUND = Duration.ofSeconds(20);
  /** The short limit used by {@code @Timeout(300)}. */
  static final Duration LIMIT = Duration.ofMillis(300);

  private static final Key<String> USER = Key.of("user");

  private static Compilation compilation;
  private static ClassLoader loader;
  private static OpsApi ops;

  @BeforeAll
  static void compile() throws Exception {
    compilation = TestSupport.compileCase("functional");
    assertThat(compilation).succeededWithoutWarnings();
    loader = TestSupport.classLoader(compilation);
    ops = (OpsApi) wrap("fn.Ctx4j_Ops", "fn.Ops", "fn.OpsImpl");
  }

  @AfterEach
  void noLeaks() {
    // every test leaves the thread as it found it: nothing bound, no interrupt pending
    assertThat(Context.current()).isSameInstanceAs(Context.background());
    assertThat(Thread.interrupted()).isFalse();
  }

  private static Object wrap(String wrapper, String type, String impl) throws Exception {
    Object delegate = loader.loadClass(impl).getConstructor().newInstance();
    return loader.loadClass(wrapper).getConstructor(loader.loadClass(type)).newInstance(delegate);
  }

  private static long millisSince(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }

  private static Throwable unwrapExecution(ExecutionException e) {
    return e.getCause();
  }

  /** Whether {@code thrown} is {@code e}'s cause or one of its suppressed exceptions (P7: "attached"). */
  private static boolean attached(Throwable e, Throwable thrown) {
    return e.getCause() == thrown || Arrays.asList(e.getSuppressed()).contains(thrown);
  }

  /** Blocks until interrupted, then rethrows; a body that honours interruption. */
  private static <T> T blockUntilInterrupted() throws InterruptedException {
    new CountDownLatch(1).await();
    throw new AssertionError("unreachable");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // P1 Targets

  @Test
  @DisplayName("P1 an interface wrapper is a final class that delegates to the (non-null) instance it is given")
  void interfaceWrapperDelegates() throws Exception {
    Class<?> wrapper = loader.loadClass("fn.Ctx4j_Ops");
    assertThat(Modifier.isFinal(wrapper.getModifiers())).isTrue();
    assertThat(Modifier.isPublic(wrapper.getModifiers())).isTrue();
    assertThat(ops.<String>timedLong(Context.background(), ctx -> "ran")).isEqualTo("ran");

    Constructor<?> constructor = wrapper.getConstructor(loader.loadClass("fn.Ops"));
    InvocationTargetException e =
        assertThrows(InvocationTargetException.class, () -> constructor.newInstance((Object) null));
    assertThat(e.getCause()).isInstanceOf(NullPointerException.class);
    assertThat(e.getCause()).hasMessageThat().isEqualTo("delegate");
  }

  @Test
  @DisplayName("P1 a class wrapper is a final subclass that mirrors non-private constructors and calls super")
  void classWrapperMirrorsConstructors() throws Exception {
    Class<?> wrapper = loader.loadClass("fn.Ctx4j_Service");
    assertThat(Modifier.isFinal(wrapper.getModifiers())).isTrue();
    assertThat(wrapper.getSuperclass().getName()).isEqualTo("fn.Service");
    ServiceApi named = (ServiceApi) wrapper.getConstructor(String.class).newInstance("orders");
    // the protected constructor stays protected (P1: the access of what is mirrored is kept)
    Constructor<?> protectedConstructor = wrapper.getDeclaredConstructor();
    assertThat(Modifier.isProtected(protectedConstructor.getModifiers())).isTrue();
    protectedConstructor.setAccessible(true);
    ServiceApi unnamed = (ServiceApi) protectedConstructor.newInstance();
    assertThat(named.name()).isEqualTo("orders");
    assertThat(unnamed.name()).isEqualTo("default");
    assertThat(named.<Boolean>timed(Context.background(), ctx -> ctx.deadline().isPresent())).isTrue();

    long start = System.nanoTime();
    DeadlineExceededException e =
        assertThrows(
            DeadlineExceededException.class, () -> named.timed(Context.background(), ctx -> blockUntilInterrupted()));
    assertThat(e).hasMessageThat().contains("Service.timed");
    assertThat(millisSince(start)).isLessThan(BOUND.toMillis());
  }

  @Test
  @DisplayName("P1 a type-level annotation applies to the type's own methods; a method's own annotation wins")
  void typeLevelAnnotation() throws Exception {
    TypedApi typed = (TypedApi) wrap("fn.Ctx4j_Typed", "fn.Typed", "fn.TypedImpl");
    Instant before = Instant.now();
    Instant deadline = typed.fromType(Context.background(), ctx -> ctx.deadline().orElseThrow());
    assertThat(deadline).isAtLeast(before.plusSeconds(50));
    assertThat(deadline).isAtMost(Instant.now().plusSeconds(61));

    long start = System.nanoTime();
    assertThrows(
        DeadlineExceededException.class, () -> typed.own(Context.background(), ctx -> blockUntilInterrupted()));
    assertThat(millisSince(start)).isLessThan(BOUND.toMillis());
  }

  @Test
  @DisplayName("P1 a method's own annotation is honoured by every wrapper that implements it (Ctx4j_Base, Ctx4j_Typed)")
  void inheritedMethodAnnotationHonouredEverywhere() throws Exception {
    TypedApi typed = (TypedApi) wrap("fn.Ctx4j_Typed", "fn.Typed", "fn.TypedImpl");
    TypedApi base = (TypedApi) wrap("fn.Ctx4j_Base", "fn.Base", "fn.TypedImpl");
    Context parent = Context.background().withValue(USER, "ana");
    for (TypedApi wrapper : List.of(typed, base)) {
      Context seen = wrapper.inherited(parent, ctx -> ctx);
      assertThat(seen).isNotSameInstanceAs(parent);
      assertThat(seen.value(USER)).isEqualTo("ana");
      // @Cancellable on Base.inherited: Typed's type-level @Timeout (Typed does not declare it) sets no deadline
      assertThat(seen.deadline()).isEmpty();
    }
    // Ctx4j_Base delegates the methods Base only inherits and that carry no annotation of their own
    assertThat(base.<Context>own(parent, ctx -> ctx)).isSameInstanceAs(parent);
  }

  @Test
  @DisplayName("P1 a nested type Outer.Inner is wrapped by the top-level Ctx4j_Outer_Inner")
  void nestedTypeWrapper() throws Exception {
    Class<?> inner = loader.loadClass("fn.Outer$Inner");
    Object delegate =
        Proxy.newProxyInstance(
            loader, new Class<?>[] {inner}, (p, m, args) -> ((Body<?>) args[1]).run((Context) args[0]));
    Class<?> wrapper = loader.loadClass("fn.Ctx4j_Outer_Inner");
    assertThat(wrapper.getEnclosingClass()).isNull();
    Object wrapped = wrapper.getConstructor(inner).newInstance(delegate);
    Method timed = wrapper.getMethod("timed", Context.class, Body.class);
    Body<Boolean> hasDeadline = ctx -> ctx.deadline().isPresent();
    assertThat(timed.invoke(wrapped, Context.background(), hasDeadline)).isEqualTo(true);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // P2 Where the context comes from

  @Test
  @DisplayName("P2 the body gets a child of the Context argument in its place, with the parent's values")
  void contextParameterReplacedByChild() throws Exception {
    try (CancellableContext parent = Context.background().withCancel()) {
      Context withUser = parent.withValue(USER, "ana");
      AtomicReference<Context> seen = new AtomicReference<>();
      String user = ops.cancellable(withUser, ctx -> {
        seen.set(ctx);
        return ctx.value(USER);
      });
      assertThat(user).isEqualTo("ana");
      assertThat(seen.get()).isNotSameInstanceAs(withUser);
      assertThat(seen.get().err()).isInstanceOf(CancelledException.class); // P5: cancelled at the end
      assertThat(parent.err()).isNull(); // the caller's context is untouched
    }
  }

  @Test
  @DisplayName("P2 without a Context parameter the body runs under a child of Context.current(), bound as current")
  @SuppressWarnings("try") // the scope is used for its close(), not referenced
  void currentContextBound() throws Exception {
    Context parent = Context.background().withValue(USER, "bo");
    try (Scope ignored = parent.attach()) {
      AtomicReference<Context> seen = new AtomicReference<>();
      String user = ops.current(() -> {
        seen.set(Context.current());
        return Context.current().value(USER);
      });
      assertThat(user).isEqualTo("bo");
      assertThat(seen.get()).isNotSameInstanceAs(parent);
      assertThat(seen.get().deadline()).isPresent();
      assertThat(Context.current()).isSameInstanceAs(parent); // binding restored
    }
  }

  @Test
  @DisplayName("P2 the thread's binding is restored when a body without a Context parameter throws")
  @SuppressWarnings("try") // the scope is used for its close(), not referenced
  void currentContextRestoredOnThrow() {
    Context parent = Context.background().withValue(USER, "cy");
    try (Scope ignored = parent.attach()) {
      IllegalStateException thrown = new IllegalStateException("mine");
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> ops.currentCancellable(() -> {
            throw thrown;
          }));
      assertThat(e).isSameInstanceAs(thrown);
      assertThat(Context.current()).isSameInstanceAs(parent);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // P3 Fail fast

  @Test
  @DisplayName("P3 fail fast: a cancelled context throws CancelledException and the body never runs")
  void failFastCancelled() {
    CancellableContext parent = Context.background().withCancel();
    parent.cancel();
    AtomicBoolean ran = new AtomicBoolean();
    CancelledException e =
        assertThrows(CancelledException.class, () -> ops.timedLong(parent, ctx -> ran.getAndSet(true)));
    assertThat(e).hasMessageThat().contains("Ops.timedLong");
    assertThat(ran.get()).isFalse();
  }

  @Test
  @DisplayName("P3 fail fast: an expired deadline throws DeadlineExceededException and the body never runs")
  void failFastExpired() {
    try (CancellableContext parent = Context.background().withTimeout(Duration.ZERO)) {
      AtomicBoolean ran = new AtomicBoolean();
      assertThrows(DeadlineExceededException.class, () -> ops.cancellable(parent, ctx -> ran.getAndSet(true)));
      assertThat(ran.get()).isFalse();
    }
  }

  @Test
  @DisplayName("P3 fail fast: without a Context parameter, a done current context stops the call before the body")
  @SuppressWarnings("try") // the scope is used for its close(), not referenced
  void failFastCurrent() {
    CancellableContext parent = Context.background().withCancel();
    parent.cancel();
    AtomicBoolean ran = new AtomicBoolean();
    try (Scope ignored = parent.attach()) {
      assertThrows(CancelledException.class, () -> ops.current(() -> ran.getAndSet(true)));
      assertThat(Context.current()).isSameInstanceAs(parent);
    }
    assertThat(ran.get()).isFalse();
  }

  @Test
  @DisplayName("P3 fail fast: an async method throws at once, it does not return a failed stage")
  void failFastAsync() {
    CancellableContext parent = Context.background().withCancel();
    parent.cancel();
    AtomicBoolean ran = new AtomicBoolean();
    assertThrows(CancelledException.class, () -> ops.stage(parent, ctx -> {
      ran.set(true);
      return new CompletableFuture<>();
    }));
    assertThat(ran.get()).isFalse();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // P4 Derive

  @Test
  @DisplayName("P4 @Timeout derives a child whose deadline is now + the limit")
  void timeoutDerivesDeadline() throws Exception {
    Instant before = Instant.now();
    Instant deadline = ops.timedLong(Context.background(), ctx -> ctx.deadline().orElseThrow());
    Instant after = Instant.now();
    assertThat(deadline).isAtLeast(before.plusSeconds(59));
    assertThat(deadline).isAtMost(after.plusSeconds(61));
  }

  @Test
  @DisplayName("P4 a nested timeout never extends the caller's budget: the caller's earlier deadline wins")
  void nestedTimeoutKeepsCallerBudget() throws Exception {
    try (CancellableContext caller = Context.background().withTimeout(LIMIT)) {
      long start = System.nanoTime();
      DeadlineExceededException e =
          assertThrows(DeadlineExceededException.class, () -> ops.timedLong(caller, ctx -> blockUntilInterrupted()));
      assertThat(e).hasMessageThat().contains("Ops.timedLong");
      assertThat(millisSince(start)).isLessThan(BOUND.toMillis()); // not the one-minute limit
    }
  }

  @Test
  @DisplayName("P4 @Cancellable derives a cancellable child: cancelling it leaves the parent live")
  void cancellableDerivesChild() throws Exception {
    try (CancellableContext parent = Context.background().withCancel()) {
      Context seen = ops.<Context>cancellable(parent, ctx -> {
        assertThat(ctx).isNotSameInstanceAs(parent);
        assertThat(ctx.deadline().isPresent()).isFalse();
        assertThat(ctx.err()).isNull();
        return ctx;
      });
      assertThat(seen.err()).isInstanceOf(CancelledException.class);
      assertThat(parent.err()).isNull();
    }
  }

  @Test
  @DisplayName("P4 the body's context reports the caller's deadline when that comes first (@Cancellable, @Timeout)")
  void derivedContextReportsCallerDeadline() throws Exception {
    try (CancellableContext parent = Context.background().withTimeout(Duration.ofSeconds(30))) {
      assertThat(ops.<Optional<Instant>>cancellable(parent, ctx -> ctx.deadline())).isEqualTo(parent.deadline());
      assertThat(ops.<Optional<Instant>>timedLong(parent, ctx -> ctx.deadline())).isEqualTo(parent.deadline());
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // P5 Always cancel

  @Test
  @DisplayName("P5 the derived context is cancelled when the call returns normally")
  void cancelledOnReturn() throws Exception {
    Context seen = ops.timedLong(Context.background(), ctx -> ctx);
    assertThat(seen.err()).isInstanceOf(CancelledException.class);
  }

  @Test
  @DisplayName("P5 the derived context is cancelled when the call throws")
  void cancelledOnThrow() {
    AtomicReference<Context> seen = new AtomicReference<>();
    assertThrows(IOException.class, () -> ops.cancellable(Context.background(), ctx -> {
      seen.set(ctx);
      throw new IOException("mine");
    }));
    assertThat(seen.get().err()).isInstanceOf(CancelledException.class);
  }

  @Test
  @DisplayName("P5 async: the derived context lives until the returned stage completes, then is cancelled")
  void asyncCancelledWhenStageCompletes() throws Exception {
    CompletableFuture<String> work = new CompletableFuture<>();
    AtomicReference<Context> seen = new AtomicReference<>();
    CompletableFuture<String> result = ops.future(Context.background(), ctx -> {
      seen.set(ctx);
      return work;
    });
    assertThat(seen.get().err()).isNull(); // the call has not ended: its work runs on
    work.complete("done");
    assertThat(result.get(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo("done");
    assertThat(seen.get().done().await(BOUND)).isTrue();
    assertThat(seen.get().err()).isInstanceOf(CancelledException.class);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // P6 Interrupt

  @Test
  @DisplayName("P6 a body blocked past the deadline is interrupted; the call throws DeadlineExceededException")
  void deadlineInterruptsBody() {
    long start = System.nanoTime();
    DeadlineExceededException e =
        assertThrows(DeadlineExceededException.class, () -> ops.timed(Context.background(), ctx -> blockUntilInterrupted()));
    long elapsed = millisSince(start);
    assertThat(elapsed).isAtLeast(LIMIT.toMillis() - 20); // not before the limit (timer granularity aside)
    assertThat(elapsed).isLessThan(BOUND.toMillis());
    assertThat(e).hasMessageThat().isEqualTo("Ops.timed timed out after 300 ms");
    assertThat(e.getCause() instanceof InterruptedException
            || Arrays.stream(e.getSuppressed()).anyMatch(s -> s instanceof InterruptedException))
        .isTrue();
    // flag hygiene: the wrapper's own interrupt does not outlive the call (also checked after each test)
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  @DisplayName("P6 an interrupt the wrapper delivered but the body never consumed is cleared when the call ends")
  void pendingWrapperInterruptCleared() {
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    assertThrows(DeadlineExceededException.class, () -> ops.timed(Context.background(), ctx -> {
      // a busy body that never blocks: the wrapper's interrupt stays pending on the thread
      while (!Thread.currentThread().isInterrupted()) {
        Thread.onSpinWait();
      }
      sawInterrupt.set(true);
      return "late";
    }));
    assertThat(sawInterrupt.get()).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  @DisplayName("P6 the caller's own earlier interrupt is kept across a wrapped call")
  void callerInterruptKept() throws Exception {
    Thread.currentThread().interrupt();
    try {
      assertThat(ops.<String>timedLong(Context.background(), ctx -> "fine")).isEqualTo("fine");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  @DisplayName("P6 an interrupt from elsewhere during the call (not the wrapper's) is kept")
  void foreignInterruptKept() throws Exception {
    Thread caller = Thread.currentThread();
    try {
      String result = ops.<String>timedLong(Context.background(), ctx -> {
        Thread other = new Thread(caller::interrupt);
        other.start();
        boolean interrupted = false;
        while (true) {
          try {
            other.join(); // uninterruptibly: the interrupt is the point, keep it for after the wait
            break;
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
        return "fine";
      });
      assertThat(result).isEqualTo("fine");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  @DisplayName("P6 a parent cancelled mid-call interrupts the body; the call throws CancelledException")
  void parentCancelledMidCall() throws Exception {
    CancellableContext parent = Context.background().withCancel();
    CountDownLatch started = new CountDownLatch(1);
    Thread canceller = new Thread(() -> {
      try {
        if (started.await(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
          parent.cancel();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    canceller.start();
    long start = System.nanoTime();
    CancelledException e =
        assertThrows(CancelledException.class, () -> ops.cancellable(parent, ctx -> {
          started.countDown();
          return blockUntilInterrupted();
        }));
    canceller.join();
    assertThat(e).hasMessageThat().isEqualTo("Ops.cancellable cancelled");
    assertThat(millisSince(start)).isLessThan(BOUND.toMillis());
  }

  @Test
  @DisplayName("P6 @Timeout(interrupt = false): the body is not interrupted, it sees done() instead")
  void timeoutWithoutInterrupt() {
    AtomicBoolean interrupted = new AtomicBoolean(true);
    assertThrows(DeadlineExceededException.class, () -> ops.timedQuiet(Context.background(), ctx -> {
      assertThat(ctx.done().await(BOUND)).isTrue();
      interrupted.set(Thread.currentThread().isInterrupted());
      return "late";
    }));
    assertThat(interrupted.get()).isFalse();
  }

  @Test
  @DisplayName("P6 @Cancellable(interrupt = false): a cancelled parent does not interrupt the body")
  void cancellableWithoutInterrupt() throws Exception {
    CancellableContext parent = Context.background().withCancel();
    AtomicBoolean interrupted = new AtomicBoolean(true);
    assertThrows(CancelledException.class, () -> ops.cancellableQuiet(parent, ctx -> {
      Thread canceller = new Thread(parent::cancel);
      canceller.start();
      boolean done = ctx.done().await(BOUND);
      canceller.join();
      interrupted.set(Thread.currentThread().isInterrupted());
      return done;
    }));
    assertThat(interrupted.get()).isFalse();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // P7 Outcome

  @Test
  @DisplayName("P7 a body that swallows the interrupt and returns late still ends in DeadlineExceededException")
  void swallowedInterruptStillTimesOut() {
    AtomicBoolean returned = new AtomicBoolean();
    DeadlineExceededException e =
        assertThrows(DeadlineExceededException.class, () -> ops.timed(Context.background(), ctx -> {
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException swallowed) {
            // a careless body: drops the interrupt and carries on
          }
          returned.set(true);
          return "late";
        }));
    assertThat(returned.get()).isTrue();
    assertThat(e).hasMessageThat().isEqualTo("Ops.timed timed out after 300 ms");
  }

  @Test
  @DisplayName("P7 a body's own exception passes unchanged, checked or not")
  void ownExceptionUnchanged() {
    IOException checked = new IOException("mine");
    IllegalArgumentException unchecked = new IllegalArgumentException("also mine");
    assertThat(assertThrows(IOException.class, () -> ops.timedLong(Context.background(), ctx -> {
      throw checked;
    }))).isSameInstanceAs(checked);
    assertThat(assertThrows(IllegalArgumentException.class, () -> ops.cancellable(Context.background(), ctx -> {
      throw unchecked;
    }))).isSameInstanceAs(unchecked);
  }

  @Test
  @DisplayName("P7 a body that fails after the deadline ends in DeadlineExceededException with its exception attached")
  void lateFailureAttached() {
    IOException late = new IOException("late");
    DeadlineExceededException e =
        assertThrows(DeadlineExceededException.class, () -> ops.timed(Context.background(), ctx -> {
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException interrupted) {
            throw late;
          }
          return "unreachable";
        }));
    assertThat(attached(e, late)).isTrue();
  }

  @Test
  @DisplayName("P7 a call that finishes in time returns the body's value unchanged")
  void valueUnchanged() throws Exception {
    Object value = new Object();
    assertThat(ops.<Object>timed(Context.background(), ctx -> value)).isSameInstanceAs(value);
    assertThat(ops.<Object>unwrapped(Context.background(), ctx -> value)).isSameInstanceAs(value);
  }

  // ---------------------------------------------------------------------------------------------------------------
  // P8 Async

  @Test
  @DisplayName("P8 the returned stage fails with DeadlineExceededException at the deadline while the work goes on")
  void stageFailsAtDeadline() throws Exception {
    CompletableFuture<String> work = new CompletableFuture<>();
    AtomicReference<Context> seen = new AtomicReference<>();
    long start = System.nanoTime();
    CompletionStage<String> stage = ops.stage(Context.background(), ctx -> {
      seen.set(ctx);
      return work;
    });
    // handle() sees the exception itself; get() would throw it as a CancellationException (ContextException extends
    // CancellationException), as is on JDK 17 and wrapped in a new CancellationException("get") on JDK 25
    Throwable e =
        stage
            .handle((value, failure) -> failure)
            .toCompletableFuture()
            .get(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    assertThat(e).isInstanceOf(DeadlineExceededException.class);
    assertThat(millisSince(start)).isLessThan(BOUND.toMillis());
    assertThat(e).hasMessageThat().isEqualTo("Ops.stage timed out after 300 ms");
    assertThat(work.isDone()).isFalse(); // the work itself goes on; its context tells it to stop
    assertThat(seen.get().err()).isInstanceOf(DeadlineExceededException.class);
    work.complete("too late");
  }

  @Test
  @DisplayName("P8 cancelling the returned stage cancels the derived context")
  void cancellingStageCancelsContext() throws Exception {
    CompletableFuture<String> work = new CompletableFuture<>();
    AtomicReference<Context> seen = new AtomicReference<>();
    CompletableFuture<String> result = ops.future(Context.background(), ctx -> {
      seen.set(ctx);
      return work;
    });
    assertThat(result.cancel(true)).isTrue();
    assertThat(seen.get().done().await(BOUND)).isTrue();
    assertThat(seen.get().err()).isInstanceOf(CancelledException.class);
    assertThat(work.isDone()).isFalse();
  }

  @Test
  @DisplayName("P8 a stage that fails within the limit passes its exception unchanged")
  void stageFailureUnchanged() throws Exception {
    CompletableFuture<String> work = new CompletableFuture<>();
    CompletableFuture<String> result = ops.future(Context.background(), ctx -> work);
    IOException failure = new IOException("mine");
    work.completeExceptionally(failure);
    ExecutionException e =
        assertThrows(
            ExecutionException.class, () -> result.get(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
    assertThat(unwrapExecution(e)).isSameInstanceAs(failure);
  }

  @Test
  @DisplayName("P8 without a Context parameter the body starts under the child as current; the binding is restored")
  @SuppressWarnings("try") // the scope is used for its close(), not referenced
  void asyncCurrentBinding() throws Exception {
    Context parent = Context.background().withValue(USER, "di");
    CompletableFuture<Context> work = new CompletableFuture<>();
    CompletionStage<Context> stage;
    try (Scope ignored = parent.attach()) {
      stage = ops.stageCurrent(() -> {
        work.complete(Context.current());
        return work;
      });
      assertThat(Context.current()).isSameInstanceAs(parent);
    }
    Context seen = stage.toCompletableFuture().get(BOUND.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    assertThat(seen).isNotSameInstanceAs(parent);
    assertThat(seen.value(USER)).isEqualTo("di");
    assertThat(seen.done().await(BOUND)).isTrue(); // P5: cancelled once the stage completed
  }

  // ---------------------------------------------------------------------------------------------------------------
  // P9 Signatures

  @Test
  @DisplayName("P9 generics, bounds, varargs, checked exceptions, overloads and parameter annotations are preserved")
  void signaturesPreserved() throws Exception {
    Class<?> source = loader.loadClass("fn.Sigs");
    Class<?> wrapper = loader.loadClass("fn.Ctx4j_Sigs");
    List<String> compared = new ArrayList<>();
    for (Method expected : source.getDeclaredMethods()) {
      Method actual = wrapper.getMethod(expected.getName(), expected.getParameterTypes());
      assertThat(actual.getDeclaringClass()).isEqualTo(wrapper);
      assertThat(actual.getGenericReturnType().getTypeName()).isEqualTo(expected.getGenericReturnType().getTypeName());
      assertThat(typeNames(actual.getGenericParameterTypes())).isEqualTo(typeNames(expected.getGenericParameterTypes()));
      assertThat(typeNames(actual.getGenericExceptionTypes())).isEqualTo(typeNames(expected.getGenericExceptionTypes()));
      assertThat(actual.isVarArgs()).isEqualTo(expected.isVarArgs());
      assertThat(actual.getTypeParameters().length).isEqualTo(expected.getTypeParameters().length);
      for (int i = 0; i < actual.getTypeParameters().length; i++) {
        assertThat(typeNames(actual.getTypeParameters()[i].getBounds()))
            .isEqualTo(typeNames(expected.getTypeParameters()[i].getBounds()));
      }
      assertThat(Arrays.deepToString(actual.getParameterAnnotations()))
          .isEqualTo(Arrays.deepToString(expected.getParameterAnnotations()));
      compared.add(expected.getName());
    }
    assertThat(compared).containsAtLeast("add", "touch", "count", "over", "max", "greet", "tagged");
    Method tagged = wrapper.getMethod("tagged", Context.class, String.class);
    assertThat(tagged.getParameters()[1].getAnnotation(Tag.class).value()).isEqualTo("value");
  }

  @Test
  @DisplayName("P9 primitive and void returns, varargs, overloads, default methods and checked exceptions work")
  void signaturesBehave() throws Exception {
    SigsApi sigs = (SigsApi) wrap("fn.Ctx4j_Sigs", "fn.Sigs", "fn.SigsImpl");
    Context ctx = Context.background();
    assertThat(sigs.add(ctx, 2, 3)).isEqualTo(5);
    AtomicInteger counter = new AtomicInteger();
    sigs.touch(ctx, counter);
    assertThat(counter.get()).isEqualTo(1);
    assertThat(sigs.count(ctx, "a", "b", "c")).isEqualTo(3);
    assertThat(sigs.count(ctx)).isEqualTo(0);
    assertThat(sigs.over(ctx, 7)).isEqualTo("int 7");
    assertThat(sigs.over(ctx, "7")).isEqualTo("String 7");
    assertThat(sigs.max(ctx, List.of(3, 9, 4))).isEqualTo(9);
    IOException e = assertThrows(IOException.class, () -> sigs.max(ctx, List.<Integer>of()));
    assertThat(e).hasMessageThat().isEqualTo("empty");
    assertThat(sigs.greet(ctx)).isEqualTo("sigs without deadline"); // Sigs' default, run under @Cancellable
    assertThat(sigs.tagged(ctx, "kept")).isEqualTo("kept");
    // checked exceptions declared by the source are declared by the wrapper
    assertThat(Arrays.asList(wrapperMethod("max").getExceptionTypes()))
        .containsExactly(IOException.class, TimeoutException.class);
  }

  private static Method wrapperMethod(String name) throws ClassNotFoundException {
    for (Method m : loader.loadClass("fn.Ctx4j_Sigs").getDeclaredMethods()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new AssertionError(name);
  }

  private static List<String> typeNames(java.lang.reflect.Type[] types) {
    List<String> names = new ArrayList<>();
    for (java.lang.reflect.Type type : types) {
      names.add(type.getTypeName());
    }
    return names;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // P11 Readable output (what only the class file shows)

  @Test
  @DisplayName("P11 the class file carries the CLASS-retained @Ctx4jGenerated, for coverage tools")
  void classFileMarked() {
    byte[] bytes = TestSupport.classFiles(compilation).get("fn.Ctx4j_Ops");
    assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).contains("Ldev/ctx4j/internal/Ctx4jGenerated;");
  }
}
