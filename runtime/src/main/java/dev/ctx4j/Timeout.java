package dev.ctx4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * Gives each call of the annotated method a time limit, like MicroProfile Fault Tolerance's {@code @Timeout}, but
 * carried by a {@link Context}: the call runs under a child whose deadline is the earlier of the caller's deadline and
 * now + {@link #value()}, so a nested timeout never extends the caller's budget.
 *
 * <p>ctx4j's annotation processor generates the wrapper {@code Ctx4j_Foo}, as for {@link Cancellable}. When the limit
 * passes, the thread running the body is interrupted (unless {@code interrupt = false}), and the call throws
 * {@link DeadlineExceededException} with a message such as {@code "OrderService.find timed out after 200 ms"}, even if
 * the body swallowed the interrupt and returned. A method returning {@code CompletionStage} or
 * {@code CompletableFuture} gets a stage that fails at the deadline (with {@link DeadlineExceededException}, a
 * {@link java.util.concurrent.CancellationException}, so the stage reports {@code isCancelled()}); the work behind it
 * goes on, and cancelling the stage cancels the call's context.
 *
 * <pre>{@code
 * interface OrderService {
 *   @Timeout(200)
 *   Order find(Context ctx, String id) throws SQLException;
 * }
 *
 * OrderService orders = new Ctx4j_OrderService(new JdbcOrderService(db));
 * orders.find(ctx, "42");   // at most 200 ms
 *
 * // generated (abridged):
 * private static final WrappedMethod FIND = WrappedMethod.timeout(OrderService.class, "find",
 *     "OrderService.find", 200, TimeUnit.MILLISECONDS, false, true);
 *
 * public Order find(Context ctx, String id) throws SQLException {
 *   Call call = Call.start(ctx, FIND);
 *   try {
 *     Order result = delegate.find(call.context(), id);
 *     call.end();
 *     return result;
 *   } catch (Throwable t) {
 *     throw call.fail(t);
 *   } finally {
 *     call.close();
 *   }
 * }
 * }</pre>
 *
 * <p><b>The annotation is the default; the key wins.</b> The limit can be changed without recompiling, with
 * MicroProfile Fault Tolerance's configuration keys, read once when the wrapper class initialises, from system
 * properties, environment variables and any {@link dev.ctx4j.spi.ConfigSource} on the class path:
 * {@code com.acme.OrderService/find/Timeout/value=500} (and {@code .../unit=MILLIS}, a
 * {@link java.time.temporal.ChronoUnit} name) for this method, {@code com.acme.OrderService/Timeout/value} for an
 * annotation on the type, {@code Timeout/value} for every {@code @Timeout}; {@code .../Timeout/enabled=false} takes
 * the limit away, leaving the call cancellable with its caller as under {@link Cancellable}. The class in a key is the
 * annotated type the wrapper was generated from. An invalid value fails the wrapper's class initialisation with an
 * {@link IllegalArgumentException} that names the key.
 * {@code docs/configuration.md} gives every key and the precedence among them.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Timeout {
  /**
   * The time limit, in {@link #unit()}; must be positive and at most 100 years. Configuration can override it
   * ({@code <class>/<method>/Timeout/value}).
   *
   * @return the limit
   */
  long value();

  /**
   * The unit of {@link #value()}. Configuration can override it ({@code <class>/<method>/Timeout/unit}, with a
   * {@link java.time.temporal.ChronoUnit} name such as {@code MILLIS}).
   *
   * @return the unit, milliseconds by default
   */
  TimeUnit unit() default TimeUnit.MILLISECONDS;

  /**
   * Whether the thread running the body is interrupted when the limit passes or the caller's context is done.
   *
   * @return {@code true} to interrupt
   */
  boolean interrupt() default true;
}
