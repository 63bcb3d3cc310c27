package dev.ctx4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;

/** An afterFunc callback registered with a cancel node (Go counts it as a child, G60). */
final class AfterFuncNode extends Child implements AfterFuncHandle {
  private static final VarHandle STATE = Handles.field(MethodHandles.lookup(), AfterFuncNode.class, "state", int.class);
  private static final int ARMED = 0;
  private static final int STARTED = 1;
  private static final int STOPPED = 2;

  private final Runnable callback;
  private final Executor executor;
  private volatile int state;
  /** Links the callbacks one cancel has started, to be handed to their executors once its traversal ends. */
  AfterFuncNode nextToRun;

  AfterFuncNode(Runnable callback, Executor executor) {
    this.callback = callback;
    this.executor = executor;
  }

  /** Claims the callback for running; true exactly once, and never after a successful {@link #stop()}. */
  boolean start() {
    return STATE.compareAndSet(this, ARMED, STARTED);
  }

  /** Whether the callback has neither started nor been stopped (leak tracking). */
  boolean armed() {
    return state == ARMED;
  }

  /** Hands the started callback to its executor. */
  void run() {
    Callbacks.execute(executor, callback);
  }

  @Override
  public boolean stop() {
    if (!STATE.compareAndSet(this, ARMED, STOPPED)) {
      if (state == STOPPED) {
        unlink(); // another stop() won and may still be unlinking: return only once the registration is gone
      }
      return false;
    }
    if (TestHooks.ENABLED) {
      TestHooks.afterStopClaim(this);
    }
    unlink();
    return true;
  }

  /** Removes this registration from its owner's list, if it is still there (idempotent). */
  private void unlink() {
    CancelNode o = owner;
    if (o != null) {
      o.unregister(this);
    }
  }
}
