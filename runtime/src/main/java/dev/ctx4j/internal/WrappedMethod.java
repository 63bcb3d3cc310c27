package dev.ctx4j.internal;

import dev.ctx4j.spi.WrappedMethodInfo;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Not API: one method of a generated wrapper and what its annotation asks for, built once per wrapper class in a
 * static field, so that each call only reads it. A generated wrapper holds one per wrapped method:
 *
 * <pre>{@code
 * private static final WrappedMethod FIND =
 *     WrappedMethod.timeout(OrderService.class, "find", "OrderService.find", 200, TimeUnit.MILLISECONDS, false, true);
 * ...
 * Call call = Call.start(ctx, Ctx4j_OrderService.FIND);
 * }</pre>
 *
 * <p>A {@code @Timeout}'s limit comes from its annotation unless configuration overrides it: MicroProfile Fault
 * Tolerance's keys ({@code com.acme.OrderService/find/Timeout/value}, {@code .../unit}, {@code .../enabled}), read
 * once, by {@link #timeout(Class, String, String, long, TimeUnit, boolean, boolean) timeout(...)}, from system
 * properties, environment variables and the {@link dev.ctx4j.spi.ConfigSource}s on the class path
 * ({@code docs/configuration.md}). A {@code @Cancellable} method has no keys.
 *
 * <p>Instances are immutable and safe to share between threads. Listeners see them as {@link WrappedMethodInfo}.
 */
public final class WrappedMethod implements WrappedMethodInfo {
  private final Class<?> type;
  private final String name;
  private final String label;
  private final long timeout;
  private final TimeUnit unit;
  private final boolean interrupt;
  /** What configuration changed ({@code key=value (origin), ...}), or null when the annotation stands as written. */
  private final String overrides;

  private WrappedMethod(
      Class<?> type, String name, String label, long timeout, TimeUnit unit, boolean interrupt, String overrides) {
    this.type = type;
    this.name = name;
    this.label = label;
    this.timeout = timeout;
    this.unit = unit;
    this.interrupt = interrupt;
    this.overrides = overrides;
  }

  /**
   * Describes a {@code @Cancellable} method.
   *
   * @param type the annotated type the wrapper was generated from
   * @param name the method's simple name
   * @param label the method's name for messages, {@code Type.method}
   * @param interrupt whether to interrupt the calling thread when the call's context becomes done
   * @return the description
   * @throws NullPointerException if any argument is null
   */
  public static WrappedMethod cancellable(Class<?> type, String name, String label, boolean interrupt) {
    return new WrappedMethod(
        Objects.requireNonNull(type, "type"),
        Objects.requireNonNull(name, "name"),
        Objects.requireNonNull(label, "label"),
        0,
        null,
        interrupt,
        null);
  }

  /**
   * Describes a {@code @Timeout} method, as the annotation says unless configuration overrides it. The keys are
   * MicroProfile Fault Tolerance's, with {@code type}'s name ({@link Class#getName()}) as the class name, and are read
   * now, once: {@code <type>/<name>/Timeout/value} (or {@code <type>/Timeout/value} when {@code onType}), then
   * {@code Timeout/value}; the same for {@code unit} (a {@link java.time.temporal.ChronoUnit} name); and
   * {@code <type>/<name>/Timeout/enabled}, {@code <type>/Timeout/enabled}, {@code Timeout/enabled},
   * {@code MP_Fault_Tolerance_NonFallback_Enabled} in that order. When {@code enabled} is false, calls run as for
   * {@code @Cancellable}: under a cancellable child of the caller's context, with no limit of their own
   * ({@link #timed()} is false). See {@code docs/configuration.md}.
   *
   * @param type the annotated type the wrapper was generated from
   * @param name the method's simple name
   * @param label the method's name for messages, {@code Type.method}
   * @param timeout the annotation's limit, positive
   * @param unit the annotation's unit
   * @param onType whether the annotation is on the type rather than on the method (or a method it overrides)
   * @param interrupt whether to interrupt the calling thread when the call's context becomes done
   * @return the description
   * @throws NullPointerException if any reference argument is null
   * @throws IllegalArgumentException if {@code timeout} is not positive, or a configuration key that applies has an
   *     invalid value (the message names the key, quotes the value and says where it came from)
   */
  public static WrappedMethod timeout(
      Class<?> type, String name, String label, long timeout, TimeUnit unit, boolean onType, boolean interrupt) {
    Objects.requireNonNull(type, "type");
    return timeout(ConfigLookup.standard(type.getClassLoader()), type, name, label, timeout, unit, onType, interrupt);
  }

  /** {@link #timeout(Class, String, String, long, TimeUnit, boolean, boolean)} with the given configuration. */
  static WrappedMethod timeout(
      ConfigLookup config,
      Class<?> type,
      String name,
      String label,
      long timeout,
      TimeUnit unit,
      boolean onType,
      boolean interrupt) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(unit, "unit");
    if (timeout <= 0) {
      throw new IllegalArgumentException(label + ": timeout must be positive, was " + timeout);
    }
    TimeoutConfig.Resolved resolved = TimeoutConfig.resolve(config, type, name, label, timeout, unit, onType);
    return resolved.enabled()
        ? new WrappedMethod(type, name, label, resolved.timeout(), resolved.unit(), interrupt, resolved.overrides())
        : new WrappedMethod(type, name, label, 0, null, interrupt, resolved.overrides());
  }

  /**
   * Describes a method for the older, hand-written call form ({@link Call#timeout}, {@link Call#cancellable}), which
   * names only a label: {@link #type()} is null, {@link #name()} is the label, and no configuration is read. Such calls
   * are not reported to listeners, which are promised a type.
   *
   * @param label the method's name for messages, {@code Type.method}
   * @param timeout the limit, positive; ignored when {@code unit} is null
   * @param unit the limit's unit, or null for {@code @Cancellable}
   * @param interrupt whether to interrupt the calling thread when the call's context becomes done
   * @return the description
   * @throws NullPointerException if {@code label} is null
   * @throws IllegalArgumentException if {@code unit} is given and {@code timeout} is not positive
   */
  public static WrappedMethod labelled(String label, long timeout, TimeUnit unit, boolean interrupt) {
    Objects.requireNonNull(label, "method");
    if (unit == null) {
      return new WrappedMethod(null, label, label, 0, null, interrupt, null);
    }
    if (timeout <= 0) {
      throw new IllegalArgumentException(label + ": timeout must be positive, was " + timeout);
    }
    return new WrappedMethod(null, label, label, timeout, unit, interrupt, null);
  }

  /**
   * Returns the annotated type the wrapper was generated from.
   *
   * @return the type; null only for a {@linkplain #labelled labelled} description, which listeners never see
   */
  @Override
  public Class<?> type() {
    return type;
  }

  /**
   * Returns the method's simple name.
   *
   * @return the name
   */
  @Override
  public String name() {
    return name;
  }

  /**
   * Returns the method's name for messages, {@code Type.method}.
   *
   * @return the label
   */
  @Override
  public String label() {
    return label;
  }

  /**
   * Returns whether calls get a time limit of their own ({@code @Timeout}); false for {@code @Cancellable}, and for a
   * {@code @Timeout} that configuration turned off ({@code .../Timeout/enabled=false}).
   *
   * @return whether the method is timed
   */
  @Override
  public boolean timed() {
    return unit != null;
  }

  /**
   * Returns the time limit in {@link #unit()}; 0 when the method is not {@linkplain #timed() timed}.
   *
   * @return the limit
   */
  @Override
  public long timeout() {
    return timeout;
  }

  /**
   * Returns the time limit's unit; null when the method is not {@linkplain #timed() timed}.
   *
   * @return the unit
   */
  @Override
  public TimeUnit unit() {
    return unit;
  }

  /**
   * Returns whether a call interrupts its thread when the call's context becomes done.
   *
   * @return whether to interrupt
   */
  public boolean interrupt() {
    return interrupt;
  }

  /**
   * Returns, for example, {@code OrderService.find @Timeout(500 MILLISECONDS)}, followed by what configuration
   * changed: {@code [configured: com.acme.OrderService/find/Timeout/value=500 (system property)]}.
   *
   * @return the description
   */
  @Override
  public String toString() {
    String policy = timed()
        ? label + " @Timeout(" + timeout + " " + unit + ")"
        : label + (overrides == null ? " @Cancellable" : " @Timeout disabled, runs as @Cancellable");
    return overrides == null ? policy : policy + " [configured: " + overrides + "]";
  }
}
