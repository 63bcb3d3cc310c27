package dev.ctx4j.spi;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A read-only description of one method that a generated {@code Ctx4j_Foo} wrapper wraps, as listeners see it. The
 * runtime builds one per wrapped method, once per wrapper class, so a listener may use it as a map key (identity) to
 * keep per-method state such as meters.
 *
 * @since 0.1.0
 */
public interface WrappedMethodInfo {
  /**
   * Returns the annotated type the wrapper was generated from (the interface or class declaring the method).
   *
   * @return the type
   */
  Class<?> type();

  /**
   * Returns the method's simple name.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the method's name for messages, {@code Type.method}.
   *
   * @return the label
   */
  String label();

  /**
   * Returns whether calls get a time limit of their own ({@code @Timeout}); false for {@code @Cancellable}.
   *
   * @return whether the method is timed
   */
  boolean timed();

  /**
   * Returns the time limit in {@link #unit()}; 0 when the method is not {@linkplain #timed() timed}.
   *
   * @return the limit
   */
  long timeout();

  /**
   * Returns the time limit's unit; null when the method is not {@linkplain #timed() timed}.
   *
   * @return the unit
   */
  TimeUnit unit();

  /**
   * Returns the fully qualified name of the method, {@code com.example.OrderService.find}: the binary name of
   * {@link #type()} ({@link Class#getName()}, so a nested type reads {@code Outer$Inner}), a dot, and {@link #name()}.
   * This is the form MicroProfile Fault Tolerance uses for its metrics' {@code method} tag.
   *
   * @return the qualified name
   */
  default String qualifiedName() {
    return type().getName() + "." + name();
  }

  /**
   * Returns the time limit as a duration, empty when the method is not {@linkplain #timed() timed}.
   *
   * @return the limit
   */
  default Optional<Duration> limit() {
    TimeUnit u = unit();
    return timed() && u != null ? Optional.of(Duration.ofNanos(u.toNanos(timeout()))) : Optional.empty();
  }
}
