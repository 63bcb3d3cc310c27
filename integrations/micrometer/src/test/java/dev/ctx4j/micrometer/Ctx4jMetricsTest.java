package dev.ctx4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.DeadlineExceededException;
import dev.ctx4j.spi.Ctx4jListeners;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every metric and tag of {@link Ctx4jMetrics}, through a real generated wrapper and a {@link SimpleMeterRegistry}. */
class Ctx4jMetricsTest {
  static final String STOCK = "dev.ctx4j.micrometer.Inventory.stock";
  static final String RESERVE = "dev.ctx4j.micrometer.Inventory.reserve";

  /** Behaves as each test's input asks. */
  static class Database implements Inventory {
    @Override
    public String stock(Context ctx, String item) throws InterruptedException {
      switch (item) {
        case "slow":
          ctx.done().await(); // until the 500 ms limit
          return "late";
        case "broken":
          throw new IllegalStateException("no such table");
        default:
          return item + ": 3";
      }
    }

    @Override
    public String reserve(Context ctx, String item) {
      if (item.equals("broken")) {
        throw new IllegalArgumentException(item);
      }
      return "reserved " + item;
    }
  }

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final Inventory inventory = new Ctx4j_Inventory(new Database());
  Ctx4jMetrics metrics;

  @AfterEach
  void unbind() {
    if (metrics != null) {
      metrics.close();
    }
    assertEquals(List.of(), Ctx4jListeners.registered(), "close() unregisters");
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void microProfileNamesTagsAndUnits() throws Exception {
    metrics = new Ctx4jMetrics();
    metrics.bindTo(registry);
    assertEquals("tea: 3", inventory.stock(Context.background(), "tea"));
    assertEquals("tea: 3", inventory.stock(Context.background(), "tea"));
    assertThrows(IllegalStateException.class, () -> inventory.stock(Context.background(), "broken"));
    DeadlineExceededException e =
        assertThrows(DeadlineExceededException.class, () -> inventory.stock(Context.background(), "slow"));
    assertTrue(e.getMessage().contains("Inventory.stock timed out after 500 ms"), e::getMessage);
    assertEquals("reserved tea", inventory.reserve(Context.background(), "tea"));
    assertThrows(IllegalArgumentException.class, () -> inventory.reserve(Context.background(), "broken"));
    try (CancellableContext caller = Context.background().withCancel()) {
      caller.cancel();
      // refused before it starts: the body never runs, nothing is counted (as no interceptor would run either)
      assertThrows(CancelledException.class, () -> inventory.reserve(caller, "tea"));
    }

    assertEquals(2, count("ft.invocations.total", "method", STOCK, "result", "valueReturned", "fallback", "notDefined"));
    assertEquals(2, count("ft.invocations.total", "method", STOCK, "result", "exceptionThrown", "fallback",
        "notDefined"));
    assertEquals(1, count("ft.invocations.total", "method", RESERVE, "result", "valueReturned", "fallback",
        "notDefined"));
    assertEquals(1, count("ft.invocations.total", "method", RESERVE, "result", "exceptionThrown", "fallback",
        "notDefined"));
    assertEquals(1, count("ft.timeout.calls.total", "method", STOCK, "timedOut", "true"));
    assertEquals(3, count("ft.timeout.calls.total", "method", STOCK, "timedOut", "false"));
    assertTrue(registry.find("ft.timeout.calls.total").tag("method", RESERVE).meters().isEmpty(),
        "@Cancellable methods have no timeout metrics");
    assertTrue(registry.find("ft.timeout.executionDuration").tag("method", RESERVE).meters().isEmpty());

    DistributionSummary duration = registry.get("ft.timeout.executionDuration").tag("method", STOCK).summary();
    assertEquals(4, duration.count());
    assertEquals("nanoseconds", duration.getId().getBaseUnit());
    assertTrue(duration.max() >= TimeUnit.MILLISECONDS.toNanos(500), () -> "the timed out call: " + duration.max());
    assertTrue(duration.max() < TimeUnit.SECONDS.toNanos(10), () -> "in nanoseconds: " + duration.max());
    assertEquals(Meter.Type.DISTRIBUTION_SUMMARY, duration.getId().getType());
    assertEquals(Meter.Type.COUNTER,
        registry.get("ft.invocations.total").tag("method", STOCK).meters().iterator().next().getId().getType());

    // the tags are exactly the specification's
    assertEquals(new TreeSet<>(List.of("fallback", "method", "result")), tagKeys("ft.invocations.total"));
    assertEquals(new TreeSet<>(List.of("method", "timedOut")), tagKeys("ft.timeout.calls.total"));
    assertEquals(new TreeSet<>(List.of("method")), tagKeys("ft.timeout.executionDuration"));
    // no deadline anywhere: nothing recorded
    assertEquals(0, registry.get("ctx4j.deadline.remaining").tag("method", STOCK).timer().count());
  }

  private TreeSet<String> tagKeys(String name) {
    return registry.find(name).meters().stream().flatMap(m -> m.getId().getTags().stream())
        .map(t -> t.getKey()).collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theBudgetCallersArriveWith() throws Exception {
    metrics = new Ctx4jMetrics();
    metrics.bindTo(registry);
    try (CancellableContext caller = Context.background().withTimeout(Duration.ofSeconds(30))) {
      inventory.stock(caller, "tea");
      inventory.reserve(caller, "tea");
    }
    inventory.stock(Context.background(), "tea"); // no deadline: not recorded
    Timer remaining = registry.get("ctx4j.deadline.remaining").tag("method", STOCK).timer();
    assertEquals(1, remaining.count());
    assertTrue(remaining.max(TimeUnit.SECONDS) > 20 && remaining.max(TimeUnit.SECONDS) <= 30,
        () -> "about 30 s left: " + remaining.max(TimeUnit.SECONDS));
    assertEquals(1, registry.get("ctx4j.deadline.remaining").tag("method", RESERVE).timer().count());
  }

  @Test
  void ctx4jNamesAndCommonTags() throws Exception {
    metrics = new Ctx4jMetrics(Ctx4jMetrics.Naming.CTX4J, Tags.of("app", "shop"));
    metrics.bindTo(registry);
    inventory.stock(Context.background(), "tea");
    assertThrows(IllegalStateException.class, () -> inventory.stock(Context.background(), "broken"));
    assertThrows(DeadlineExceededException.class, () -> inventory.stock(Context.background(), "slow"));
    CancellableContext caller = Context.background().withCancel();
    Inventory cancelling = new Ctx4j_Inventory(new Database() {
      @Override
      public String reserve(Context ctx, String item) {
        caller.cancel(); // the caller gives up while the body runs
        return "too late";
      }
    });
    assertThrows(CancelledException.class, () -> cancelling.reserve(caller, "tea"));
    for (String[] expected : new String[][] {
        {STOCK, "returned"}, {STOCK, "threw"}, {STOCK, "timedOut"}, {RESERVE, "cancelled"}}) {
      Timer t = registry.get("ctx4j.calls").tags("app", "shop", "method", expected[0], "outcome", expected[1]).timer();
      assertEquals(1, t.count(), String.join(" ", expected));
    }
    assertEquals(0, registry.get("ctx4j.calls").tags("method", STOCK, "outcome", "cancelled").timer().count());
    assertNull(registry.find("ft.invocations.total").meter());
  }

  @Test
  void closeStopsPublishingAndEachRegistryGetsItsOwnMeters() throws Exception {
    SimpleMeterRegistry other = new SimpleMeterRegistry();
    metrics = new Ctx4jMetrics();
    metrics.bindTo(registry);
    metrics.bindTo(other);
    inventory.stock(Context.background(), "tea");
    metrics.close();
    inventory.stock(Context.background(), "tea");
    for (SimpleMeterRegistry r : List.of(registry, other)) {
      Counter c = r.get("ft.invocations.total").tags("method", STOCK, "result", "valueReturned").counter();
      assertEquals(1, c.count());
    }
  }
}
