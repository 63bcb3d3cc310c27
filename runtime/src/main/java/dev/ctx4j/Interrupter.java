package dev.ctx4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Interrupts the thread that armed it when a context becomes done, until disarmed (rule J8). Disarming waits for an
 * interrupt in flight, clears the interrupt this mechanism caused, and restores one the thread had when it armed.
 * Used by the runtime's blocking helpers; generated calls have the same logic built into their node.
 */
final class Interrupter implements Runnable {
  static final int ARMED = 0;
  static final int FIRING = 1;
  static final int FIRED = 2;
  static final int WITHDRAWN = 3;
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Interrupter.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Thread target = Thread.currentThread();
  private final boolean hadInterrupt = target.isInterrupted();
  private volatile int state;
  private AfterFuncHandle registration;

  private Interrupter() {}

  /** Arms an interrupter for the calling thread on {@code ctx}. */
  static Interrupter arm(Context ctx) {
    Interrupter i = new Interrupter();
    i.registration = ctx.afterFunc(i, Callbacks.DIRECT);
    return i;
  }

  @Override
  public void run() {
    if (STATE.compareAndSet(this, ARMED, FIRING)) {
      target.interrupt();
      state = FIRED;
    }
  }

  /**
   * Withdraws; returns whether this interrupter fired. Must be called by the thread that armed it. Idempotent.
   */
  boolean disarm() {
    if (STATE.compareAndSet(this, ARMED, WITHDRAWN)) {
      registration.stop();
      return false;
    }
    if (state == WITHDRAWN) {
      return false;
    }
    while (state == FIRING) {
      Thread.onSpinWait();
    }
    state = WITHDRAWN;
    Thread.interrupted();
    if (hadInterrupt) {
      target.interrupt();
    }
    return true;
  }
}
