package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The additions users of gRPC's Context reach for first: time left, a numeric timeout, scheduled propagation, keys with defaults. */
class ApiAdditionsTest extends ContextTestBase {

  @Test
  @DisplayName("timeRemaining: empty without a deadline, the budget left with one, zero once it has passed")
  void timeRemaining() throws Exception {
    assertEquals(Optional.empty(), Context.background().timeRemaining());
    try (CancellableContext plain = Context.background().withCancel()) {
      assertEquals(Optional.empty(), plain.timeRemaining());
    }
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofHours(1))) {
      Duration left = ctx.timeRemaining().orElseThrow();
      assertTrue(left.compareTo(Duration.ofHours(1)) <= 0 && left.compareTo(Duration.ofMinutes(59)) > 0, left::toString);
      Context child = ctx.withValue(Key.of("k"), 1).withCancel();
      Duration childLeft = child.timeRemaining().orElseThrow();
      assertTrue(childLeft.compareTo(left) <= 0, "a child has no more time than its parent");
      ((CancellableContext) child).cancel();
    }
    try (CancellableContext expired = Context.background().withTimeout(Duration.ofMillis(-1))) {
      assertEquals(Optional.of(Duration.ZERO), expired.timeRemaining());
    }
  }

  @Test
  @DisplayName("timeRemaining of a user-written context and of its children comes from its deadline()")
  void timeRemainingOfAForeignContext() {
    Instant deadline = Instant.now().plusSeconds(600);
    Context foreign = new Context() {
      private final TestDoneSignal done = new TestDoneSignal();

      @Override
      public DoneSignal done() {
        return done;
      }

      @Override
      public ContextException err() {
        return null;
      }

      @Override
      public Optional<Instant> deadline() {
        return Optional.of(deadline);
      }

      @Override
      public <T> T value(Key<T> key) {
        return null;
      }
    };
    Duration left = foreign.timeRemaining().orElseThrow();
    assertTrue(left.compareTo(Duration.ofSeconds(600)) <= 0 && left.compareTo(Duration.ofSeconds(590)) > 0, left::toString);
    try (CancellableContext child = foreign.withCancel()) {
      assertTrue(child.timeRemaining().orElseThrow().compareTo(Duration.ofSeconds(600)) <= 0);
    }
  }

  @Test
  @DisplayName("withTimeout(long, TimeUnit) is withTimeout(Duration)")
  void numericTimeout() {
    try (CancellableContext ctx = Context.background().withTimeout(250, TimeUnit.MILLISECONDS)) {
      Duration left = ctx.timeRemaining().orElseThrow();
      assertTrue(left.compareTo(Duration.ofMillis(250)) <= 0, left::toString);
    }
    try (CancellableContext done = Context.background().withTimeout(0, TimeUnit.SECONDS)) {
      assertTrue(done.done().isDone());
      assertSame(DEADLINE_EXCEEDED, done.err());
    }
    try (CancellableContext forever = Context.background().withTimeout(Long.MAX_VALUE, TimeUnit.DAYS)) {
      assertEquals(Optional.empty(), forever.deadline(), "more than 100 years is no deadline");
    }
    NullPointerException e = assertThrows(NullPointerException.class, () -> Context.background().withTimeout(1, null));
    assertEquals("unit must not be null", e.getMessage());
  }

  @Test
  @DisplayName("propagating(ScheduledExecutorService) carries the context into delayed and periodic tasks")
  void scheduledPropagation() throws Exception {
    Key<String> name = Key.of("name");
    Context ctx = Context.background().withValue(name, "request-7");
    ScheduledExecutorService scheduler = Context.propagating(Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "scheduler");
      t.setDaemon(true);
      return t;
    }));
    try {
      AtomicReference<String> delayed = new AtomicReference<>();
      CountDownLatch periodicRuns = new CountDownLatch(3);
      AtomicReference<String> periodic = new AtomicReference<>();
      ScheduledFuture<?> repeating;
      try (Scope ignored = ctx.attach()) {
        scheduler.schedule(() -> delayed.set(Context.current().value(name)), 1, TimeUnit.MILLISECONDS)
            .get(BOUND_SECONDS, TimeUnit.SECONDS);
        repeating = scheduler.scheduleAtFixedRate(() -> {
          periodic.set(Context.current().value(name));
          periodicRuns.countDown();
        }, 0, 1, TimeUnit.MILLISECONDS);
      }
      assertEquals("request-7", delayed.get());
      assertTrue(periodicRuns.await(BOUND_SECONDS, TimeUnit.SECONDS));
      repeating.cancel(false);
      assertEquals("request-7", periodic.get());
      assertNull(scheduler.schedule(() -> Context.current().value(name), 0, TimeUnit.MILLISECONDS)
          .get(BOUND_SECONDS, TimeUnit.SECONDS), "a task scheduled with no context bound runs with none");
    } finally {
      shutdown(scheduler);
    }
  }

  @Test
  @DisplayName("Key.withDefault: get(ctx) and get() return the default when unset, value() stays Go's null")
  void keysWithDefaults() {
    Key<String> locale = Key.withDefault("locale", "root");
    assertEquals("root", locale.defaultValue());
    assertEquals("root", locale.get(Context.background()));
    assertEquals("root", locale.get());
    assertNull(Context.background().value(locale));
    Context ctx = Context.background().withValue(locale, "fr");
    assertEquals("fr", locale.get(ctx));
    try (Scope ignored = ctx.attach()) {
      assertEquals("fr", locale.get());
    }
    Key<String> plain = Key.of("plain");
    assertNull(plain.get());
    assertNull(plain.defaultValue());
    assertThrows(NullPointerException.class, () -> Key.withDefault("x", null));
    assertThrows(NullPointerException.class, () -> locale.get(null));
    assertFalse(locale.toString().isEmpty());
  }
}
