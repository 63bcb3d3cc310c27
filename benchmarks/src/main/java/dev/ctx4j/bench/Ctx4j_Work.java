package dev.ctx4j.bench;

import dev.ctx4j.Context;
import dev.ctx4j.internal.Call;
import dev.ctx4j.internal.Ctx4jGenerated;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * TEMPORARY: hand-written in exactly the shape ctx4j's processor generates (see {@code dev.ctx4j.internal.Call}'s
 * Javadoc and the processor's {@code WrapperGenerator}), until the processor is merged into main. Then this file is
 * deleted and {@code ctx4j-processor} goes on this module's {@code annotationProcessorPaths}, which generates the
 * real {@code Ctx4j_Work} from {@link Work}.
 */
@Ctx4jGenerated
public final class Ctx4j_Work implements Work {
  private final Work delegate;

  /**
   * Wraps {@code delegate}.
   *
   * @param delegate the instance whose methods this wrapper calls
   * @throws NullPointerException if {@code delegate} is null
   */
  public Ctx4j_Work(Work delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /**
   * Calls {@link Work#timed(Context, int)} with a time limit of 1 s, because of its {@code @Timeout}.
   *
   * @param ctx the caller's context
   * @param x the argument
   * @return what the delegate returned
   */
  @Override
  public int timed(Context ctx, int x) {
    Call call = Call.timeout(ctx, "Work.timed", 1, TimeUnit.SECONDS, true);
    try {
      int result = delegate.timed(call.context(), x);
      call.end();
      return result;
    } catch (Throwable t) {
      throw call.fail(t);
    } finally {
      call.close();
    }
  }

  /**
   * Calls {@link Work#cancellable(Context, int)} under a cancellable child context, because of its
   * {@code @Cancellable}.
   *
   * @param ctx the caller's context
   * @param x the argument
   * @return what the delegate returned
   */
  @Override
  public int cancellable(Context ctx, int x) {
    Call call = Call.cancellable(ctx, "Work.cancellable", true);
    try {
      int result = delegate.cancellable(call.context(), x);
      call.end();
      return result;
    } catch (Throwable t) {
      throw call.fail(t);
    } finally {
      call.close();
    }
  }
}
