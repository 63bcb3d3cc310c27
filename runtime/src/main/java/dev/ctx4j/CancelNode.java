package dev.ctx4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A cancellable context (Go's cancelCtx) and its own done signal. Its state is null while live and a {@link DoneState}
 * once done; that single volatile field is what {@code err()}, {@code cause()} and {@code done().isDone()} read.
 *
 * <p>How cancellation propagates: the thread whose compare-and-set moves a node from live to done owns that node's
 * subtree. It closes the node's registration list, then walks the subtree depth-first without recursion (climbing back
 * through each child's {@code owner} link, so a chain of a million contexts needs no stack), claiming each live
 * descendant the same way. A descendant that another thread claimed first is that thread's to finish, and this one
 * waits until it has (Go's cancel waits on each child's lock the same way): when any {@code cancel()} returns, the
 * whole subtree is done. No user code runs during the walk (afterFunc callbacks are handed to their executors, and a
 * user-written parent's registration is removed, after it), so two cancellers never wait for each other.
 */
class CancelNode extends Child implements CancellableContext, DoneSignal, StdContext {
  private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
  private static final VarHandle STATE = Handles.field(LOOKUP, CancelNode.class, "state", DoneState.class);
  private static final VarHandle LATCH = Handles.field(LOOKUP, CancelNode.class, "latch", DoneLatch.class);
  private static final VarHandle LOCK = Handles.field(LOOKUP, CancelNode.class, "lock", int.class);
  private static final VarHandle CHILDREN = Handles.field(LOOKUP, CancelNode.class, "children", Child.class);

  /** Marks a registration list taken by the thread that cancelled the node, which is still finishing the subtree. */
  private static final Child CLOSING = new Child();
  /** Marks a registration list that is closed and whose whole subtree is done. */
  private static final Child CLOSED = new Child();

  final Context parent;
  final Context deadlineOwner;
  final Context valueOwner;

  private volatile DoneState state;
  /** A tiny spin lock (Striped64's pattern) guarding the registrations list: its sections are a few pointer writes. */
  private volatile int lock;

  private void lock() {
    int spins = 0;
    while (!LOCK.compareAndSet(this, 0, 1)) {
      if (++spins > 64) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
  }

  private void unlock() {
    LOCK.setRelease(this, 0);
  }

  /** Created on the first blocking wait or done-stage dependent; opened when the node is done. */
  private volatile DoneLatch latch;
  /**
   * Head of the registrations list; CLOSING once a cancel has taken it, CLOSED when that cancel has finished the
   * subtree. Written under this node's lock while live; volatile so that a cancel can see an empty list without
   * locking (registrars re-check the state after linking).
   */
  private volatile Child children;
  /** Registration with a foreign parent, removed on cancel. */
  private AfterFuncHandle foreignRegistration;

  CancelNode(Context parent) {
    this.parent = parent;
    this.deadlineOwner = Nodes.deadlineOwnerOf(parent);
    this.valueOwner = Nodes.valueOwnerOf(parent);
  }

  /** Registers with the parent (Go's propagateCancel); done at once if the parent is done. Call once, when built. */
  final void propagateFrom(Context parent) {
    if (Leaks.on) {
      Leaks.created(this, parent);
    }
    Context owner = Nodes.doneOwnerOf(parent);
    if (owner == null) {
      return; // the parent can never be done
    }
    CancelNode p = owner instanceof CancelNode ? (CancelNode) owner : Nodes.embeddedCancelNode(owner);
    if (p != null) {
      if (!p.register(this)) {
        cancel(p.state, false);
      }
      return;
    }
    foreignRegistration = ForeignParents.subscribe(owner, this);
  }

  /**
   * Links {@code child} unless this node is done; returns whether it stays linked. When it returns false the caller
   * must finish {@code child} with this node's state itself (a cancel racing with the link may have missed it; doing
   * it twice is harmless, since every child's transition is a compare-and-set).
   */
  final boolean register(Child child) {
    lock();
    try {
      if (state != null) {
        return false;
      }
      child.owner = this;
      Child head = children;
      child.next = head;
      if (head != null) {
        head.prev = child;
      }
      children = child;
    } finally {
      unlock();
    }
    if (state != null) {
      unregister(child); // a cancel that read the list before our link is still running or has returned
      return false;
    }
    return true;
  }

  /** Unlinks {@code child} if it is still linked here. */
  final void unregister(Child child) {
    lock();
    try {
      unregisterLocked(child);
    } finally {
      unlock();
    }
  }

  private void unregisterLocked(Child child) {
    Child head = children;
    if (head == CLOSING || head == CLOSED || child.owner != this) {
      return; // a cancel owns the list now
    }
    if (child.prev != null) {
      child.prev.next = child.next;
    } else if (head == child) {
      children = child.next;
    } else {
      return; // not linked (already removed)
    }
    if (child.next != null) {
      child.next.prev = child.prev;
    }
    child.prev = null;
    child.next = null;
  }

  /** Takes the list for the calling canceller and returns its former head; called once the state is set. */
  private Child closeChildren() {
    if (children == null) {
      return null; // nothing registered; a registrar racing with us re-checks the state and finishes itself
    }
    lock();
    try {
      Child head = children;
      if (head == null) {
        return null;
      }
      children = CLOSING;
      return head;
    } finally {
      unlock();
    }
  }

  /** Marks the subtree of a node whose list this thread took as done, releasing threads in {@link #awaitSubtree}. */
  private void subtreeDone() {
    CHILDREN.setRelease(this, CLOSED);
  }

  /**
   * Waits until the thread that claimed this node has finished its subtree. That thread runs no user code meanwhile,
   * only propagation, so the wait is short and cannot be circular; it spins, then yields, then parks in short steps.
   */
  private void awaitSubtree() {
    Child head;
    int rounds = 0;
    while ((head = children) != null && head != CLOSED) {
      if (++rounds < 64) {
        Thread.onSpinWait();
      } else if (rounds < 128) {
        Thread.yield();
      } else {
        LockSupport.parkNanos(this, Math.min(1_000_000L, 1_000L << Math.min(rounds - 128, 10)));
      }
    }
  }

  /** Test hook: the number of registrations. */
  final int childCount() {
    lock();
    try {
      int n = 0;
      Child head = children;
      if (state == null && head != CLOSING && head != CLOSED) {
        for (Child c = head; c != null; c = c.next) {
          n++;
        }
      }
      return n;
    } finally {
      unlock();
    }
  }

  // --------------------------------------------------------------------------------------------------------------
  // Cancellation.

  @Override
  public final boolean cancel() {
    return cancel(DoneState.CANCELED, Observe.EXPLICIT);
  }

  @Override
  public final boolean cancel(Throwable cause) {
    return cancel(DoneState.cancelled(cause), Observe.EXPLICIT);
  }

  @Override
  public final void close() {
    cancel(DoneState.CANCELED, Observe.CLOSED);
  }

  /**
   * {@link #cancel(DoneState, int)} for the runtime's own ends: a normal end ({@code removeFromParent}, reported as
   * closed) or the end of an ancestor (not {@code removeFromParent}).
   */
  final boolean cancel(DoneState s, boolean removeFromParent) {
    return cancel(s, removeFromParent ? Observe.CLOSED : Observe.ANCESTOR);
  }

  /**
   * Moves this node to {@code s} if it is live and finishes every descendant; returns whether this call did it. Either
   * way, when it returns the whole standard subtree is done (G6), also when another thread is cancelling part of it.
   * {@code how} says why, for listeners and JFR ({@link Observe#EXPLICIT}, ...); all but {@link Observe#ANCESTOR}
   * remove the node from its parent's list.
   */
  final boolean cancel(DoneState s, int how) {
    if (!STATE.compareAndSet(this, null, s)) {
      awaitSubtree();
      return false;
    }
    Child c = closeChildren();
    finish();
    // the one check of listeners and JFR on this path; when set, the walk collects the nodes it ends, reported below,
    // once the whole subtree is done (no user code runs during the walk)
    boolean observed = Observe.on;
    long firedAt = observed && how == Observe.DEADLINE ? Nanos.now() : 0;
    ArrayList<CancelNode> ended = null;
    if (c != null) {
      if (observed) {
        ended = new ArrayList<>();
      }
      propagate(c, s, ended);
    }
    AfterFuncHandle foreign = foreignRegistration;
    if (foreign != null) {
      // leave a user-written parent's registry (G65), after the walk since its stop() is user code; a no-op when that
      // parent's callback is what cancelled us. Only a node that cancel() is called on can have one: the descendants
      // the walk reaches are registered with ctx4j nodes.
      foreignRegistration = null;
      ForeignParents.unsubscribe(foreign);
    }
    if (how != Observe.ANCESTOR) {
      // last, as in Go: a canceller of an ancestor that meets this node meanwhile waits for its subtree
      removeFromParent();
    }
    if (observed) {
      // in use: something was registered below it (children, callbacks) or waited on it (a blocked thread, a stage)
      Observe.ended(this, s, how, ended, firedAt, c != null || latch != null);
    }
    return true;
  }

  /**
   * Finishes the subtree below this node, whose list ({@code c} its head) this thread has just taken; adds each node
   * it claims to {@code ended} unless that is null.
   */
  private void propagate(Child c, DoneState s, ArrayList<CancelNode> ended) {
    AfterFuncNode toRun = null;
    CancelNode cur = this;
    while (true) {
      if (c != null) {
        Child next = c.next;
        if (c instanceof CancelNode) {
          CancelNode k = (CancelNode) c;
          if (STATE.compareAndSet(k, null, s)) {
            if (TestHooks.ENABLED) {
              TestHooks.afterClaim(k);
            }
            Child grand = k.closeChildren();
            k.finish();
            if (ended != null) {
              ended.add(k);
            }
            if (grand != null) {
              cur = k; // descend; k keeps its next link until we climb back
              c = grand;
              continue;
            }
          } else {
            k.awaitSubtree(); // another canceller claimed it first: done only once its subtree is
          }
        } else {
          AfterFuncNode a = (AfterFuncNode) c;
          if (a.start()) {
            a.nextToRun = toRun;
            toRun = a;
          }
        }
        c.prev = null;
        c.next = null;
        c = next;
      } else {
        cur.subtreeDone();
        if (cur == this) {
          break;
        }
        c = cur.next; // climb back to the parent's list, at the sibling after cur
        cur.prev = null;
        cur.next = null;
        cur = cur.owner;
      }
    }
    while (toRun != null) {
      AfterFuncNode a = toRun;
      toRun = a.nextToRun;
      a.nextToRun = null;
      a.run();
    }
  }

  private void removeFromParent() {
    CancelNode p = owner;
    if (p != null) {
      p.unregister(this);
    }
  }

  /** Runs once this node is done, on the thread that made it so: wakes waiters, releases resources. */
  void finish() {
    if (Leaks.on) {
      Leaks.finished(this);
    }
    DoneLatch l = latch;
    if (l != null) {
      l.open(); // wakes waiters; done-stage dependents hop to the callback executor: no user code runs here
    }
  }

  // --------------------------------------------------------------------------------------------------------------
  // Context.

  @Override
  public final DoneSignal done() {
    return this;
  }

  @Override
  public final ContextException err() {
    DoneState s = state;
    return s == null ? null : s.err;
  }

  @Override
  public final Throwable cause() {
    DoneState s = state;
    return s == null ? null : s.cause;
  }

  /** The state, null while live. */
  final DoneState state() {
    return state;
  }

  @Override
  public Optional<Instant> deadline() {
    return deadlineOwner == null ? Optional.empty() : ForeignParents.deadline(deadlineOwner);
  }

  @Override
  public final <T> T value(Key<T> key) {
    Nodes.checkNotNull(key, "key");
    if (key == Nodes.CANCEL_NODE_KEY) {
      return key.cast(this);
    }
    return valueOwner == null ? null : valueOwner.value(key);
  }

  @Override
  public final AfterFuncHandle afterFunc(Runnable callback, Executor executor) {
    AfterFuncNode a = new AfterFuncNode(Nodes.checkNotNull(callback, "callback"),
        Nodes.checkNotNull(executor, "executor"));
    if (Leaks.on) {
      Leaks.afterFunc(this, a);
    }
    if (!register(a) && a.start()) {
      a.run();
    }
    return a;
  }

  @Override
  public String toString() {
    return Describe.describe(this);
  }

  @Override
  public String label() {
    return "withCancel";
  }

  @Override
  public final Context parent() {
    return parent;
  }

  @Override
  public final Context doneOwner() {
    return this;
  }

  @Override
  public Context deadlineOwner() {
    return deadlineOwner;
  }

  @Override
  public final Context valueOwner() {
    return valueOwner;
  }

  // --------------------------------------------------------------------------------------------------------------
  // DoneSignal.

  @Override
  public final boolean isDone() {
    return state != null;
  }

  @Override
  public final void await() throws InterruptedException {
    if (state != null) {
      return;
    }
    latch().await();
  }

  @Override
  public final boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    Nodes.checkNotNull(unit, "unit");
    if (state != null) {
      return true;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (timeout <= 0) {
      return false;
    }
    return latch().await(timeout, unit) || state != null;
  }

  @Override
  public final CompletionStage<Void> toCompletionStage() {
    return new DoneStage(this);
  }

  private DoneLatch latch() {
    DoneLatch l = latch;
    if (l == null) {
      DoneLatch created = new DoneLatch();
      Object witness = LATCH.compareAndExchange(this, null, created);
      l = witness == null ? created : (DoneLatch) witness;
      if (state != null) {
        l.open(); // done before the latch was seen by finish()
      }
    }
    return l;
  }

  /** A future completed when this node is done, for done-stage views; the latch's own. */
  final CompletableFuture<Void> doneFuture() {
    return latch().future();
  }
}
