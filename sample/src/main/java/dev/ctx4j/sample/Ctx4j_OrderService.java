// TEMPORARY hand-written stand-in for the wrapper that ctx4j's annotation processor generates from OrderService.
// It has exactly the generated shape. Delete it once the processor is on the annotation processor path
// (sample/pom.xml, annotationProcessorPaths), which then writes the real one to
// target/generated-sources/annotations/dev/ctx4j/sample/Ctx4j_OrderService.java.
package dev.ctx4j.sample;

import dev.ctx4j.Context;
import dev.ctx4j.internal.Call;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * TEMPORARY stand-in for the generated wrapper of {@link OrderService}: delegates each call to the instance given to
 * the constructor, under the policy of the method's annotation.
 */
public final class Ctx4j_OrderService implements OrderService {
  private final OrderService delegate;

  /**
   * Creates the wrapper.
   *
   * @param delegate the implementation to call
   */
  public Ctx4j_OrderService(OrderService delegate) {
    this.delegate = delegate;
  }

  /**
   * Calls {@link OrderService#find(Context, String)} under a child of {@code ctx} that times out after 1 s
   * ({@code @Timeout(value = 1, unit = TimeUnit.SECONDS)}), interrupting the calling thread when that child is done.
   */
  @Override
  public Optional<Order> find(Context ctx, String id) throws InterruptedException {
    Call call = Call.timeout(ctx, "OrderService.find", 1, TimeUnit.SECONDS, true);
    try {
      Optional<Order> result = delegate.find(call.context(), id);
      call.end();
      return result;
    } catch (Throwable t) {
      throw call.fail(t);
    } finally {
      call.close();
    }
  }
}
