package dev.ctx4j.bench;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark-local annotated type of W7 and W7b: two trivial methods, one under {@code @Timeout(1 s)} and one
 * under {@code @Cancellable}. ctx4j's processor generates {@code Ctx4j_Work} for it.
 */
public interface Work {
  /**
   * W7: a trivial method with a one-second time limit.
   *
   * @param ctx the caller's context
   * @param x the argument
   * @return a small value computed from {@code x}
   */
  @Timeout(value = 1, unit = TimeUnit.SECONDS)
  int timed(Context ctx, int x);

  /**
   * W7b: a trivial method that runs under its own cancellable child context.
   *
   * @param ctx the caller's context
   * @param x the argument
   * @return a small value computed from {@code x}
   */
  @Cancellable
  int cancellable(Context ctx, int x);

  /**
   * The same trivial computation with no context at all: what the peers run and the direct-call baseline.
   *
   * @param x the argument
   * @return a small value computed from {@code x}
   */
  static int compute(int x) {
    return x * 31 + 7;
  }

  /** The implementation every benchmark calls, directly or through a wrapper. */
  final class Impl implements Work {
    /** Creates the implementation. */
    public Impl() {}

    @Override
    public int timed(Context ctx, int x) {
      return compute(x);
    }

    @Override
    public int cancellable(Context ctx, int x) {
      return compute(x);
    }
  }
}
