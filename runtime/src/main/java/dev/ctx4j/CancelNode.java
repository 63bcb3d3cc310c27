package dev.ctx4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A cancellable context (Go's cancelCtx) and its own done signal. Its state is null while live and a {@link DoneState}
 * once done; that single volatile field is what {@code err()}, {@code cause()} and {@code done().isDone()} read.
 */
class CancelNode extends Child implements CancellableContext, DoneSignal, StdContext {
  private static final VarHandle STATE;
  private static final VarHandle LATCH;
  private static final VarHandle LOCK;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(CancelNode.class, "state", DoneState.class);
      LATCH = lookup.findVarHandle(CancelNode.class, "latch", CompletableFuture.class);
      LOCK = lookup.findVarHandle(CancelNode.class, "lock", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Marks a children list that is closed because the node is done: nothing may register any more. */
  private static final Child CLOSED = new Child() {
    @Override
    CancelNode parentDone(DoneState state) {
      throw new AssertionError();
    }
  };

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
  /** Created on the first blocking wait; completed when the node is done. */
  private volatile CompletableFuture<Void> latch;
  /**
   * Head of the registrations list; CLOSED once a cancel has taken it. Written under this node's lock; volatile so
   * that a cancel can see an empty list without locking (registrars re-check the state after linking).
   */
  private volatile Child children;
  /** Registration with a foreign parent, removed on cancel. */
  private AfterFuncHandle foreignRegistration;

  CancelNode(Context parent) {
    this.parent = parent;
    this.deadlineOwner = Nodes.deadlineOwnerOf(parent);
    this.valueOwner = Nodes.valueOwnerOf(parent);
  }

  /** Registers with the parent (Go's propagateCancel); done at once if the parent is done. Call once, after construction. */
  final void propagateFrom(Context parent) {
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
    ContextException err = owner.err();
    if (err != null) {
      cancel(DoneState.of(err, owner.cause()), false);
      return;
    }
    foreignRegistration = owner.afterFunc(() -> {
      ContextException e = owner.err();
      cancel(e == null ? DoneState.CANCELED : DoneState.of(e, owner.cause()), false);
    });
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
    if (children == CLOSED || child.owner != this) {
      return;
    }
    if (child.prev != null) {
      child.prev.next = child.next;
    } else if (children == child) {
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

  /** Closes the list and returns its former head; called once the state is set. */
  private Child closeChildren() {
    if (children == null) {
      return null; // nothing registered; a registrar racing with us re-checks the state and finishes itself
    }
    lock();
    try {
      Child head = children;
      children = CLOSED;
      return head;
    } finally {
      unlock();
    }
  }

  /** Test hook: the number of registrations. */
  final int childCount() {
    lock();
    try {
      int n = 0;
      if (state == null && children != CLOSED) {
        for (Child c = children; c != null; c = c.next) {
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
    return cancel(DoneState.CANCELED, true);
  }

  @Override
  public final boolean cancel(Throwable cause) {
    return cancel(DoneState.cancelled(cause), true);
  }

  @Override
  public final void close() {
    cancel(DoneState.CANCELED, true);
  }

  /**
   * Moves this node to {@code s} if it is live, then finishes every descendant iteratively (rule J6): when this
   * returns, the whole standard subtree is done (G6).
   */
  final boolean cancel(DoneState s, boolean removeFromParent) {
    if (!STATE.compareAndSet(this, null, s)) {
      return false;
    }
    if (removeFromParent) {
      removeFromParent();
    }
    // Depth-first, iteratively (Go's order, without its recursion): a child's own subtree is finished as soon as the
    // child is, while it is still in cache; the rest of a list waits on an explicit stack (nothing is pushed for an
    // only child, so a chain needs no stack at all).
    Child c = closeChildren();
    finish();
    DoneState ns = s;
    ArrayDeque<Object> rest = null;
    while (true) {
      while (c != null) {
        Child next = c.next;
        c.prev = null;
        c.next = null;
        CancelNode more = c.parentDone(ns);
        if (more != null) {
          Child grand = more.closeChildren();
          more.finish();
          if (grand != null) {
            if (next != null) {
              if (rest == null) {
                rest = new ArrayDeque<>();
              }
              rest.push(ns);
              rest.push(next);
            }
            ns = more.state();
            c = grand;
            continue;
          }
        }
        c = next;
      }
      if (rest == null || rest.isEmpty()) {
        break;
      }
      c = (Child) rest.pop();
      ns = (DoneState) rest.pop();
    }
    return true;
  }

  @Override
  final CancelNode parentDone(DoneState s) {
    // the parent already dropped us from its list; our own children are visited by the caller's loop
    return STATE.compareAndSet(this, null, s) ? this : null;
  }

  private void removeFromParent() {
    CancelNode p = owner;
    if (p != null) {
      p.unregister(this);
    }
  }

  /** Runs once this node is done, on the thread that made it so: wakes waiters, releases resources. */
  void finish() {
    CompletableFuture<Void> l = latch;
    if (l != null) {
      l.complete(null);
    }
    // leave a foreign parent's registry (G65); a no-op when that parent's callback is what cancelled us
    AfterFuncHandle foreign = foreignRegistration;
    if (foreign != null) {
      foreign.stop();
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
    return deadlineOwner == null ? Optional.empty() : deadlineOwner.deadline();
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
    if (!register(a)) {
      a.parentDone(state);
    }
    return a;
  }

  @Override
  public String toString() {
    return Nodes.describe(this);
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
    try {
      latch().get();
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    }
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
    try {
      latch().get(timeout, unit);
      return true;
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    } catch (TimeoutException e) {
      return state != null;
    }
  }

  @Override
  public final CompletionStage<Void> toCompletionStage() {
    return latch().thenApplyAsync(ignored -> (Void) null, Callbacks.executor()).minimalCompletionStage();
  }

  private CompletableFuture<Void> latch() {
    CompletableFuture<Void> l = latch;
    if (l == null) {
      CompletableFuture<Void> created = new CompletableFuture<>();
      Object witness = LATCH.compareAndExchange(this, null, created);
      l = witness == null ? created : castLatch(witness);
      if (state != null) {
        l.complete(null); // done before the latch was seen by finish()
      }
    }
    return l;
  }

  @SuppressWarnings("unchecked")
  private static CompletableFuture<Void> castLatch(Object o) {
    return (CompletableFuture<Void>) o;
  }
}
