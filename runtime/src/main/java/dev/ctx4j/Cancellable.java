package dev.ctx4j;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes each call of the annotated method run under its own cancellable child context. ctx4j's annotation processor
 * (artifact {@code ctx4j-processor}, on the annotation processor path) generates a wrapper class {@code Ctx4j_Foo} for
 * the annotated type {@code Foo}; calling the method through the wrapper:
 *
 * <ol>
 *   <li>takes the context from the method's {@link Context} parameter, or {@link Context#current()} when it has none;
 *   <li>throws the context's exception without running the body if that context is already done;
 *   <li>derives a child with {@link Context#withCancel()} and hands it to the body (as the parameter, or bound as
 *       current);
 *   <li>interrupts the thread running the body if the child becomes done meanwhile (unless {@code interrupt = false});
 *   <li>cancels the child when the call ends, and throws {@link CancelledException} if the context was cancelled
 *       while the body ran, even if the body returned.
 * </ol>
 *
 * <pre>{@code
 * interface Inventory {
 *   @Cancellable
 *   int reserve(Context ctx, String sku) throws IOException;
 * }
 *
 * // generated (abridged):
 * public final class Ctx4j_Inventory implements Inventory {
 *   private static final WrappedMethod RESERVE =
 *       WrappedMethod.cancellable(Inventory.class, "reserve", "Inventory.reserve", true);
 *
 *   public int reserve(Context ctx, String sku) throws IOException {
 *     Call call = Call.start(ctx, RESERVE);
 *     try {
 *       int result = delegate.reserve(call.context(), sku);
 *       call.end();
 *       return result;
 *     } catch (Throwable t) {
 *       throw call.fail(t);
 *     } finally {
 *       call.close();
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>On a type, the annotation applies to each method the type declares that a wrapper can override; a method's own
 * {@code @Cancellable} or {@link Timeout} takes precedence.
 *
 * @since 0.1.0
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Cancellable {
  /**
   * Whether the thread running the body is interrupted when the call's context becomes done. Turn it off for code
   * that an interrupt harms, such as NIO channels (which close when interrupted).
   *
   * @return {@code true} to interrupt
   */
  boolean interrupt() default true;
}
