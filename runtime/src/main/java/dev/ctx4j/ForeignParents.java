package dev.ctx4j;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Support for user-written contexts ("foreign" ones: any {@link Context} implementation that is not ctx4j's): how
 * ctx4j's children follow them, and the defaults {@link Context} gives them.
 *
 * <p>A ctx4j child of a foreign parent learns that the parent is done through a callback, never a thread:
 *
 * <ul>
 *   <li>A parent that overrides {@code afterFunc} gets one registration per child through it, removed with
 *       {@code stop()} when the child is cancelled first (Go's afterFuncer parents).
 *   <li>A parent that does not is followed through its done signal's stage, which cannot be unsubscribed from. So
 *       that a long-lived parent does not accumulate one subscription per child it ever had, ctx4j subscribes once
 *       per parent, to a hidden cancel node that its children register with (and leave in O(1) when cancelled). The
 *       parent is held weakly: the hidden node goes when the parent does.
 * </ul>
 *
 * <p>A parent's methods are user code and may misbehave. When its {@code err()} or {@code cause()} throws once it is
 * done, its children are cancelled all the same, with a plain cancellation, and the throwable goes to the reporting
 * thread's uncaught-exception handler. A {@code deadline()} that returns null is read as "no deadline".
 */
final class ForeignParents {
  private ForeignParents() {}

  // --------------------------------------------------------------------------------------------------------------
  // Reading a foreign context safely.

  /** The deadline of a foreign context, with null read as none. */
  static Optional<Instant> deadline(Context foreign) {
    Optional<Instant> d = foreign.deadline();
    return d != null ? d : Optional.empty();
  }

  /** The state of a foreign context, or null while it is live; an {@code err()} that throws counts as cancelled. */
  private static DoneState stateOf(Context foreign) {
    ContextException err;
    try {
      err = foreign.err();
    } catch (Throwable t) {
      reportMisbehaviour(foreign, "err()", t);
      return DoneState.CANCELED;
    }
    return err == null ? null : stateWith(foreign, err);
  }

  /** The state of a foreign context whose done signal has closed. */
  private static DoneState stateAfterDone(Context foreign) {
    DoneState s = stateOf(foreign);
    return s != null ? s : DoneState.CANCELED; // a signal that closed before err() says so: plainly cancelled
  }

  private static DoneState stateWith(Context foreign, ContextException err) {
    Throwable cause;
    try {
      cause = foreign.cause();
    } catch (Throwable t) {
      reportMisbehaviour(foreign, "cause()", t);
      cause = err;
    }
    return DoneState.of(err, cause);
  }

  private static void reportMisbehaviour(Context foreign, String method, Throwable t) {
    Callbacks.report(new IllegalStateException("ctx4j: " + foreign.getClass().getName() + "." + method
        + " threw; ctx4j treats the context as cancelled and cancels its children", t));
  }

  // --------------------------------------------------------------------------------------------------------------
  // Children of a foreign parent.

  /**
   * Makes {@code child} follow {@code parent}, a foreign context that answers for its own done signal; cancels the
   * child at once if the parent is done. Returns the registration to remove when the child is cancelled first, or
   * null when there is none to remove (the child then leaves through its {@code owner} link, or never registered).
   */
  static AfterFuncHandle subscribe(Context parent, CancelNode child) {
    DoneState s = stateOf(parent);
    if (s != null) {
      child.cancel(s, false);
      return null;
    }
    if (OWN_AFTER_FUNC.get(parent.getClass())) {
      return parent.afterFunc(() -> child.cancel(stateAfterDone(parent), false));
    }
    CancelNode hub = hubOf(parent);
    if (hub != null && !hub.register(child)) {
      child.cancel(hub.state(), false);
    }
    return null;
  }

  /** Removes a child's registration with a foreign parent; a {@code stop()} that throws is reported. */
  static void unsubscribe(AfterFuncHandle registration) {
    try {
      registration.stop();
    } catch (Throwable t) {
      Callbacks.report(t);
    }
  }

  /** Whether a context class overrides either {@code afterFunc} method, so that its registrations can be removed. */
  private static final ClassValue<Boolean> OWN_AFTER_FUNC = new ClassValue<>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("afterFunc", Runnable.class, Executor.class).getDeclaringClass() != Context.class
            || type.getMethod("afterFunc", Runnable.class).getDeclaringClass() != Context.class;
      } catch (NoSuchMethodException | SecurityException e) {
        return true;
      }
    }
  };

  // --------------------------------------------------------------------------------------------------------------
  // One hidden cancel node per foreign parent without an afterFunc of its own.

  /**
   * Parent to hub, both weakly: the hub is kept alive by the parent's own subscription (the parent's done stage holds
   * the callback that holds the hub), so this map pins neither.
   */
  private static final ConcurrentHashMap<Identity, WeakReference<CancelNode>> HUBS = new ConcurrentHashMap<>();
  private static final ReferenceQueue<Context> COLLECTED = new ReferenceQueue<>();

  /** The parent's hub, subscribed to its done signal; null when the parent can never be done. */
  private static CancelNode hubOf(Context parent) {
    DoneSignal done = parent.done();
    if (done == null || done == NeverDone.INSTANCE) {
      return null;
    }
    expungeCollected();
    Identity probe = new Identity(parent, null);
    while (true) {
      WeakReference<CancelNode> ref = HUBS.get(probe);
      CancelNode hub = ref == null ? null : ref.get();
      if (hub != null) {
        return hub;
      }
      CancelNode created = new CancelNode(Context.background());
      Identity key = new Identity(parent, COLLECTED);
      WeakReference<CancelNode> createdRef = new WeakReference<>(created);
      boolean won = ref == null ? HUBS.putIfAbsent(key, createdRef) == null : HUBS.replace(probe, ref, createdRef);
      if (!won) {
        continue; // another thread installed a hub first
      }
      try {
        if (done.isDone()) {
          fire(parent, createdRef, created);
        } else {
          done.toCompletionStage().whenComplete((v, e) -> fire(parent, createdRef, created));
        }
      } catch (RuntimeException | Error e) {
        HUBS.remove(probe, createdRef);
        throw e;
      }
      return created;
    }
  }

  private static void fire(Context parent, WeakReference<CancelNode> ref, CancelNode hub) {
    HUBS.remove(new Identity(parent, null), ref);
    hub.cancel(stateAfterDone(parent), false);
  }

  private static void expungeCollected() {
    Reference<? extends Context> r;
    while ((r = COLLECTED.poll()) != null) {
      HUBS.remove(r);
    }
  }

  /** A weak key compared by the identity of its referent. */
  private static final class Identity extends WeakReference<Context> {
    private final int hash;

    Identity(Context referent, ReferenceQueue<Context> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      if (o == this) {
        return true;
      }
      if (!(o instanceof Identity)) {
        return false;
      }
      Context mine = get();
      return mine != null && mine == ((Identity) o).get();
    }
  }

  // --------------------------------------------------------------------------------------------------------------
  // Defaults of Context for foreign implementations.

  /** Go's Cause for a foreign context: the nearest ctx4j cancel node's cause, else its own error. */
  static Throwable cause(Context c) {
    ContextException err = c.err();
    if (err == null) {
      return null;
    }
    CancelNode node = c.value(Nodes.CANCEL_NODE_KEY);
    DoneState s = node == null ? null : node.state();
    // the nearest ctx4j ancestor's cause once it is done (G49: it cannot tell the order); until then the context's own
    return s == null ? err : s.cause;
  }

  /**
   * afterFunc for a foreign context that has no registry of its own: a registration with its ctx4j ancestor when it
   * merely wraps one, else with the context's hub, so that {@code stop()} removes it.
   */
  static AfterFuncHandle afterFunc(Context c, Runnable callback, Executor executor) {
    CancelNode embedded = Nodes.embeddedCancelNode(c);
    if (embedded != null) {
      return embedded.afterFunc(callback, executor);
    }
    CancelNode hub = hubOf(c);
    if (hub == null) {
      return new Roots.NeverHandle();
    }
    return hub.afterFunc(callback, executor);
  }
}
