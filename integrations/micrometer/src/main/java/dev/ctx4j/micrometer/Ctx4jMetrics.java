package dev.ctx4j.micrometer;

import dev.ctx4j.Context;
import dev.ctx4j.spi.CallOutcome;
import dev.ctx4j.spi.Ctx4jListener;
import dev.ctx4j.spi.Ctx4jListeners;
import dev.ctx4j.spi.WrappedMethodInfo;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the calls of ctx4j's generated wrappers to Micrometer, under MicroProfile Fault Tolerance's metric names by
 * default, so that dashboards built for MicroProfile keep working:
 *
 * <pre>{@code
 * Ctx4jMetrics metrics = new Ctx4jMetrics();
 * metrics.bindTo(registry);   // or let Spring Boot bind it: it is a MeterBinder
 * ...
 * metrics.close();            // stops publishing
 * }</pre>
 *
 * <p>With {@link Naming#MICROPROFILE} (the default), for each wrapped method ({@code method} tag: the declaring type's
 * binary name, a dot, the method's name, as MicroProfile Fault Tolerance 4.x's "Integration with MicroProfile Metrics"
 * section has it):
 *
 * <ul>
 *   <li>{@code ft.invocations.total} (counter; tags {@code method}, {@code result} = {@code valueReturned} or
 *       {@code exceptionThrown}, {@code fallback} = {@code notDefined}): every call, {@code @Timeout} and
 *       {@code @Cancellable} alike; a call that timed out or was cancelled threw.
 *   <li>{@code ft.timeout.calls.total} (counter; tags {@code method}, {@code timedOut} = {@code true} or {@code false}):
 *       calls of {@code @Timeout} methods; {@code true} when the call's context passed its deadline (its own limit, or
 *       the caller's deadline when that came first).
 *   <li>{@code ft.timeout.executionDuration} (distribution summary in nanoseconds, the specification's histogram and
 *       unit; tag {@code method}): how long each call of a {@code @Timeout} method took.
 * </ul>
 *
 * <p>With {@link Naming#CTX4J}: {@code ctx4j.calls} (timer; tags {@code method}, {@code outcome} = {@code returned},
 * {@code threw}, {@code timedOut} or {@code cancelled}) for every call. With either naming:
 * {@code ctx4j.deadline.remaining} (timer; tag {@code method}): the budget each call arrives with, recorded at the
 * call's start when the caller's context has a deadline (calls without one are not recorded).
 *
 * <p>Meters for a method are registered on its first call, with every combination of tags at once (as the
 * specification asks), plus any common tags given to the constructor. Each {@link #bindTo} registers one
 * {@link Ctx4jListener}; {@link #close()} unregisters them all. Recording runs on the thread that starts or ends each
 * call: a map look-up and a few counter updates.
 */
public final class Ctx4jMetrics implements MeterBinder, AutoCloseable {
  /** The metric names to publish under. */
  public enum Naming {
    /** MicroProfile Fault Tolerance's names, tags and units (the default). */
    MICROPROFILE,
    /** ctx4j's own: one {@code ctx4j.calls} timer tagged by outcome. */
    CTX4J
  }

  private final Naming naming;
  private final Tags tags;
  private final List<Ctx4jListeners.Registration> registrations = new ArrayList<>();

  /** Publishes under MicroProfile Fault Tolerance's names, with no common tags. */
  public Ctx4jMetrics() {
    this(Naming.MICROPROFILE, Tags.empty());
  }

  /**
   * Publishes under the given names, with {@code tags} added to every meter.
   *
   * @param naming the names to use
   * @param tags common tags
   * @throws NullPointerException if either argument is null
   */
  public Ctx4jMetrics(Naming naming, Iterable<Tag> tags) {
    this.naming = Objects.requireNonNull(naming, "naming");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
  }

  /**
   * Starts publishing to {@code registry}: registers a listener that records each call of a generated wrapper from
   * now on.
   *
   * @param registry the registry
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    Ctx4jListeners.Registration r = Ctx4jListeners.register(new Recorder(registry));
    synchronized (registrations) {
      registrations.add(r);
    }
  }

  /** Stops publishing: unregisters every listener {@link #bindTo} registered. The meters stay in their registries. */
  @Override
  public void close() {
    List<Ctx4jListeners.Registration> all;
    synchronized (registrations) {
      all = new ArrayList<>(registrations);
      registrations.clear();
    }
    all.forEach(Ctx4jListeners.Registration::close);
  }

  /** The listener bound to one registry. */
  private final class Recorder implements Ctx4jListener {
    private final MeterRegistry registry;
    private final Map<WrappedMethodInfo, Meters> meters = new ConcurrentHashMap<>();

    Recorder(MeterRegistry registry) {
      this.registry = registry;
    }

    private Meters meters(WrappedMethodInfo method) {
      Meters m = meters.get(method);
      return m != null ? m : meters.computeIfAbsent(method, k -> new Meters(registry, k));
    }

    @Override
    public void callStarted(WrappedMethodInfo method, Context caller) {
      Optional<Instant> deadline = caller.deadline();
      if (deadline.isPresent()) {
        Duration left = Duration.between(Instant.now(), deadline.get());
        meters(method).remaining.record(left.isNegative() ? Duration.ZERO : left);
      }
    }

    @Override
    public void callEnded(WrappedMethodInfo method, CallOutcome outcome, Throwable thrown, long durationNanos) {
      meters(method).record(outcome, durationNanos);
    }
  }

  /** One method's meters in one registry. */
  private final class Meters {
    final Timer remaining;
    // MICROPROFILE
    final Counter returned;
    final Counter threw;
    final Counter timedOut;
    final Counter notTimedOut;
    final DistributionSummary executionDuration;
    // CTX4J
    final Timer[] calls;

    Meters(MeterRegistry registry, WrappedMethodInfo method) {
      Tags base = tags.and("method", method.qualifiedName());
      remaining = Timer.builder("ctx4j.deadline.remaining")
          .description("The deadline budget callers arrive with, at the call's start")
          .tags(base).register(registry);
      if (naming == Naming.MICROPROFILE) {
        returned = invocations(registry, base, "valueReturned");
        threw = invocations(registry, base, "exceptionThrown");
        if (method.timed()) {
          timedOut = timeoutCalls(registry, base, "true");
          notTimedOut = timeoutCalls(registry, base, "false");
          executionDuration = DistributionSummary.builder("ft.timeout.executionDuration")
              .description("Histogram of execution times for the method").baseUnit("nanoseconds")
              .tags(base).register(registry);
        } else {
          timedOut = null;
          notTimedOut = null;
          executionDuration = null;
        }
        calls = null;
      } else {
        returned = null;
        threw = null;
        timedOut = null;
        notTimedOut = null;
        executionDuration = null;
        calls = new Timer[CallOutcome.values().length];
        for (CallOutcome o : CallOutcome.values()) {
          calls[o.ordinal()] = Timer.builder("ctx4j.calls")
              .description("Calls through ctx4j's generated wrappers, by outcome")
              .tags(base.and("outcome", outcomeTag(o))).register(registry);
        }
      }
    }

    void record(CallOutcome outcome, long durationNanos) {
      if (calls != null) {
        calls[outcome.ordinal()].record(durationNanos, TimeUnit.NANOSECONDS);
        return;
      }
      (outcome == CallOutcome.RETURNED ? returned : threw).increment();
      if (executionDuration != null) {
        (outcome == CallOutcome.TIMED_OUT ? timedOut : notTimedOut).increment();
        executionDuration.record(durationNanos);
      }
    }
  }

  private static Counter invocations(MeterRegistry registry, Tags base, String result) {
    return Counter.builder("ft.invocations.total").description("The number of times the method was called")
        .tags(base.and("result", result).and("fallback", "notDefined")).register(registry);
  }

  private static Counter timeoutCalls(MeterRegistry registry, Tags base, String timedOut) {
    return Counter.builder("ft.timeout.calls.total").description("The number of times the timeout logic was run")
        .tags(base.and("timedOut", timedOut)).register(registry);
  }

  /** The {@code outcome} tag of {@link Naming#CTX4J}. */
  static String outcomeTag(CallOutcome outcome) {
    switch (outcome) {
      case RETURNED:
        return "returned";
      case THREW:
        return "threw";
      case TIMED_OUT:
        return "timedOut";
      default:
        return "cancelled";
    }
  }
}
