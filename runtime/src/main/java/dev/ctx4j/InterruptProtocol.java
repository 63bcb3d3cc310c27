package dev.ctx4j;

import java.lang.invoke.VarHandle;

/**
 * The one protocol by which a context's end interrupts a thread blocked on its behalf (J8), shared by
 * {@link Interrupter} (the runtime's blocking helpers) and {@link CallNode} (generated calls, which keep the state in
 * their own node so that a call allocates nothing more). The state is an int field of the holder:
 *
 * <pre>
 * ARMED --fire (the thread that ends the context)--> FIRING --> FIRED
 * ARMED --withdraw (the target thread itself)------> WITHDRAWN
 * </pre>
 *
 * <p>Withdrawing after a fire waits until the interrupt is delivered, clears it, and restores the interrupt the target
 * thread had when it armed, so an interrupt caused by ctx4j never leaks past the call and one the caller had is never
 * lost.
 */
final class InterruptProtocol {
  static final int ARMED = 0;
  static final int FIRING = 1;
  static final int FIRED = 2;
  static final int WITHDRAWN = 3;

  private InterruptProtocol() {}

  /** The ending side: interrupts {@code target} if the holder is still armed. */
  static void fire(VarHandle state, Object holder, Thread target) {
    if ((int) state.getVolatile(holder) == ARMED && state.compareAndSet(holder, ARMED, FIRING)) {
      target.interrupt();
      state.setVolatile(holder, FIRED);
    }
  }

  /**
   * The target side, on the target thread: withdraws, and returns whether the holder fired. Idempotent (a second call
   * returns false).
   */
  static boolean withdraw(VarHandle state, Object holder, boolean hadInterrupt) {
    if (state.compareAndSet(holder, ARMED, WITHDRAWN) || (int) state.getVolatile(holder) == WITHDRAWN) {
      return false;
    }
    while ((int) state.getVolatile(holder) == FIRING) {
      Thread.onSpinWait();
    }
    state.setVolatile(holder, WITHDRAWN);
    Thread.interrupted();
    if (hadInterrupt) {
      Thread.currentThread().interrupt();
    }
    return true;
  }
}
