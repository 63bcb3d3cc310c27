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
 * <p>Instances are immutable and safe to share between threads. Listeners see them as {@link WrappedMethodInfo}.
 */
public final class WrappedMethod implements WrappedMethodInfo {
  private final Class<?> type;
  private final String name;
  private final String label;
  private final long timeout;
  private final TimeUnit unit;
  private final boolean interrupt;

  private WrappedMethod(Class<?> type, String name, String label, long timeout, TimeUnit unit, boolean interrupt) {
    this.type = type;
    this.name = name;
    this.label = label;
    this.timeout = timeout;
    this.unit = unit;
    this.interrupt = interrupt;
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
        interrupt);
  }

  /**
   * Describes a {@code @Timeout} method.
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
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public static WrappedMethod timeout(
      Class<?> type, String name, String label, long timeout, TimeUnit unit, boolean onType, boolean interrupt) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(unit, "unit");
    if (timeout <= 0) {
      throw new IllegalArgumentException(label + ": timeout must be positive, was " + timeout);
    }
    return new WrappedMethod(type, name, label, timeout, unit, interrupt);
  }

  /**
   * Returns the annotated type the wrapper was generated from.
   *
   * @return the type
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
   * Returns whether calls get a time limit of their own ({@code @Timeout}); false for {@code @Cancellable}.
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

  @Override
  public String toString() {
    return timed() ? label + " @Timeout(" + timeout + " " + unit + ")" : label + " @Cancellable";
  }
}
