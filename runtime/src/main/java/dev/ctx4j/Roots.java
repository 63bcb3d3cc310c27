package dev.ctx4j;

import dev.ctx4j.internal.Call;
import dev.ctx4j.internal.CallFactory;
import dev.ctx4j.internal.Expiry;
import dev.ctx4j.internal.InlineExecutor;
import dev.ctx4j.internal.Introspection;
import dev.ctx4j.internal.LeakTracking;
import dev.ctx4j.internal.Listening;
import dev.ctx4j.internal.Rebinding;
import dev.ctx4j.internal.WrappedMethod;
import dev.ctx4j.spi.Ctx4jListener;
import dev.ctx4j.spi.Ctx4jListeners;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/** The two root contexts; the background one also creates generated code's calls. */
final class Roots implements StdContext, CallFactory, Introspection, InlineExecutor, LeakTracking, Expiry,
    Listening, Rebinding {
  static final Roots BACKGROUND = new Roots("background");
  static final Roots TODO = new Roots("todo");

  private final String name;

  private Roots(String name) {
    this.name = name;
  }

  @Override
  public DoneSignal done() {
    return NeverDone.INSTANCE;
  }

  @Override
  public ContextException err() {
    return null;
  }

  @Override
  public Throwable cause() {
    return null;
  }

  @Override
  public Optional<Instant> deadline() {
    return Optional.empty();
  }

  @Override
  public <T> T value(Key<T> key) {
    Nodes.checkNotNull(key, "key");
    return null;
  }

  @Override
  public AfterFuncHandle afterFunc(Runnable callback, Executor executor) {
    Nodes.checkNotNull(callback, "callback");
    Nodes.checkNotNull(executor, "executor");
    return new NeverHandle();
  }

  @Override
  public Context parent() {
    return null;
  }

  @Override
  public Context doneOwner() {
    return null;
  }

  @Override
  public Context deadlineOwner() {
    return null;
  }

  @Override
  public Context valueOwner() {
    return null;
  }

  @Override
  public String label() {
    return name;
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public CancellableContext withExternalDeadline(Context parent, long timeout, TimeUnit unit) {
    Nodes.checkNotNull(parent, "parent");
    Nodes.checkNotNull(unit, "unit");
    return Nodes.withExternalDeadline(parent, unit.toNanos(timeout));
  }

  @Override
  public boolean expire(CancellableContext context, Throwable cause) {
    Nodes.checkNotNull(context, "context");
    if (!(context instanceof CancelNode)) {
      throw new IllegalArgumentException(
          "expire needs a context made by ctx4j's runtime, not a " + context.getClass().getName());
    }
    // reported as a deadline (JFR's DeadlineExceeded, listeners) when the context has one, as if ctx4j's timer fired
    boolean hasDeadline = context instanceof DeadlineNode && ((DeadlineNode) context).timed;
    return ((CancelNode) context).cancel(DoneState.deadline(cause), hasDeadline ? Observe.DEADLINE : Observe.EXPLICIT);
  }

  @Override
  public boolean expireIfDue(Context context, long wait) {
    Nodes.checkNotNull(context, "context");
    if (wait < 0) {
      throw new IllegalArgumentException("wait must not be negative, was " + wait);
    }
    Context owner = Nodes.deadlineOwnerOf(context);
    if (owner instanceof DeadlineNode && ((DeadlineNode) owner).timed && !owner.done().isDone()) {
      DeadlineNode node = (DeadlineNode) owner;
      long left = node.deadlineNanos - Nanos.now();
      if (left <= wait) {
        while (left > 0) {
          LockSupport.parkNanos(left);
          left = node.deadlineNanos - Nanos.now();
        }
        node.expire(); // as the timer does; nothing when it has fired meanwhile
      }
    }
    return context.err() != null;
  }

  @Override
  public <T> T deadlineAt(Context context, LongFunction<T> convert) {
    Nodes.checkNotNull(context, "context");
    Nodes.checkNotNull(convert, "convert");
    return Nodes.deadlineAt(context, convert);
  }

  @Override
  public Call start(Context parent, WrappedMethod method) {
    Nodes.checkNotNull(parent, "parent");
    Nodes.checkNotNull(method, "method");
    return CallNode.start(parent, method);
  }

  @Override
  public Call cancellable(Context parent, String method, boolean interrupt) {
    Nodes.checkNotNull(parent, "parent");
    return CallNode.start(parent, WrappedMethod.labelled(method, 0, null, interrupt));
  }

  @Override
  public Call timeout(Context parent, String method, long timeout, TimeUnit unit, boolean interrupt) {
    Nodes.checkNotNull(unit, "unit");
    if (timeout <= 0) {
      throw new IllegalArgumentException(method + ": timeout must be positive, was " + timeout);
    }
    Nodes.checkNotNull(parent, "parent");
    return CallNode.start(parent, WrappedMethod.labelled(method, timeout, unit, interrupt));
  }

  @Override
  public Executor inlineUnlessTimer() {
    return Callbacks.INLINE_UNLESS_TIMER;
  }

  @Override
  public Context swap(Context context) {
    return Binding.swap(Nodes.checkNotNull(context, "context"));
  }

  @Override
  public void restore(Context previous) {
    Binding.restore(previous);
  }

  @Override
  public long pendingTimers() {
    return Timer.pendingCount();
  }

  @Override
  public long registrations(Context ctx) {
    return ctx instanceof CancelNode ? ((CancelNode) ctx).childCount() : 0;
  }

  @Override
  public Tracker track(CancellableContext root) {
    return Leaks.track(root);
  }

  @Override
  public Object bind(Context ctx) {
    return Binding.bind(Nodes.checkNotNull(ctx, "ctx"));
  }

  @Override
  public List<String> unbind(Object mark) {
    return Binding.unbind(mark);
  }

  @Override
  public int reportCollectedLeaks() {
    return Leaks.MODE == Leaks.OFF ? 0 : Leaks.reportCollected();
  }

  @Override
  public Ctx4jListeners.Registration register(Ctx4jListener listener) {
    return Observe.register(Nodes.checkNotNull(listener, "listener"));
  }

  @Override
  public List<Ctx4jListener> registered() {
    return Observe.registered();
  }

  /** The handle of a callback on a context that is never done: it never runs, so the first stop prevents it. */
  static final class NeverHandle implements AfterFuncHandle {
    private boolean stopped;

    @Override
    public synchronized boolean stop() {
      boolean first = !stopped;
      stopped = true;
      return first;
    }
  }
}
