package dev.ctx4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Interrupts the thread that armed it when a context becomes done, until withdrawn: {@link InterruptProtocol} for the
 * runtime's blocking helpers, registered as an afterFunc that runs on the cancelling thread.
 */
final class Interrupter implements Runnable {
  private static final VarHandle STATE = Handles.field(MethodHandles.lookup(), Interrupter.class, "state", int.class);

  private final Thread target = Thread.currentThread();
  private final boolean hadInterrupt = target.isInterrupted();
  private volatile int state = InterruptProtocol.ARMED;
  private AfterFuncHandle registration;

  private Interrupter() {}

  /** Arms an interrupter for the calling thread on {@code ctx}. */
  static Interrupter arm(Context ctx) {
    Interrupter i = new Interrupter();
    i.registration = ctx.afterFunc(i, Callbacks.DIRECT);
    return i;
  }

  /** Fires (the context is done). */
  @Override
  public void run() {
    InterruptProtocol.fire(STATE, this, target);
  }

  /** Withdraws; returns whether this interrupter fired. Must be called by the thread that armed it. Idempotent. */
  boolean withdraw() {
    boolean fired = InterruptProtocol.withdraw(STATE, this, hadInterrupt);
    if (!fired) {
      registration.stop();
    }
    return fired;
  }
}
