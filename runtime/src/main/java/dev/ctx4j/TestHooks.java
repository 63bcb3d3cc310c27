package dev.ctx4j;

import java.util.function.Consumer;

/**
 * Fault injection for the runtime's own tests: points where a test can pause a thread to force an interleaving that
 * real load produces only now and then. Off unless the JVM runs with {@code -Ddev.ctx4j.test.hooks=true}; the flag is
 * a constant, so with it off the JIT removes the hooks and production code pays nothing.
 */
final class TestHooks {
  static final boolean ENABLED = Boolean.getBoolean("dev.ctx4j.test.hooks");

  /** Called by a cancelling thread right after it has claimed a descendant, before it finishes that descendant. */
  static volatile Consumer<CancelNode> afterClaim;

  /** Called by {@code AfterFuncHandle.stop()} right after it has claimed the registration, before it unlinks it. */
  static volatile Consumer<AfterFuncNode> afterStopClaim;

  private TestHooks() {}

  static void afterStopClaim(AfterFuncNode claimed) {
    Consumer<AfterFuncNode> hook = afterStopClaim;
    if (hook != null) {
      hook.accept(claimed);
    }
  }

  static void afterClaim(CancelNode claimed) {
    Consumer<CancelNode> hook = afterClaim;
    if (hook != null) {
      hook.accept(claimed);
    }
  }
}
