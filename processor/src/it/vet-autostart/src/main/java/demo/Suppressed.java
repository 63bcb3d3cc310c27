package demo;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import java.time.Duration;

/** The same leaks as {@link Leaky}, suppressed: ctx4j vet reports nothing here. */
public final class Suppressed {
  private Suppressed() {}

  /**
   * Leaks its timer, knowingly.
   *
   * @param parent the parent
   */
  @SuppressWarnings("ctx4j:lostcancel")
  public static void neverCancelled(Context parent) {
    CancellableContext ctx = parent.withTimeout(Duration.ofSeconds(1));
    ctx.done();
  }

  /**
   * Discards the context, knowingly.
   *
   * @param parent the parent
   */
  @SuppressWarnings("ctx4j:lostcancel")
  public static void discarded(Context parent) {
    parent.withTimeout(Duration.ofSeconds(1));
  }
}
