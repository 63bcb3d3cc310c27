package demo;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import java.time.Duration;

/** Contexts that are never cancelled: ctx4j vet reports each marked line. */
public final class Leaky {
  private Leaky() {}

  /**
   * Leaks its timer: the context is never cancelled.
   *
   * @param parent the parent
   */
  public static void neverCancelled(Context parent) {
    CancellableContext ctx = parent.withTimeout(Duration.ofSeconds(1)); // expect: lostcancel
    ctx.done();
  }

  /**
   * Discards the context, so nothing can cancel it.
   *
   * @param parent the parent
   */
  public static void discarded(Context parent) {
    parent.withTimeout(Duration.ofSeconds(1)); // expect: lostcancel
  }
}
