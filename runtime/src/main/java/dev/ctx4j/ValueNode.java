package dev.ctx4j;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;

/** A context that adds one value (Go's valueCtx); for everything else it answers like its parent. */
final class ValueNode implements StdContext {
  private final Context parent;
  private final Key<?> key;
  private final Context doneOwner;
  private final Context deadlineOwner;
  /** Every value visible from here up to the nearest foreign ancestor. */
  private final Values values;
  /** The nearest foreign ancestor, asked when {@link #values} has no entry; null when there is none. */
  private final Context fallback;

  ValueNode(Context parent, Key<?> key, Object value) {
    this.parent = parent;
    this.key = key;
    this.doneOwner = Nodes.doneOwnerOf(parent);
    this.deadlineOwner = Nodes.deadlineOwnerOf(parent);
    Context above = Nodes.valueOwnerOf(parent);
    if (above instanceof ValueNode) {
      ValueNode v = (ValueNode) above;
      this.values = v.values.with(key, value);
      this.fallback = v.fallback;
    } else {
      this.values = Values.EMPTY.with(key, value);
      this.fallback = above;
    }
  }

  @Override
  public <T> T value(Key<T> k) {
    Object v = values.find(Nodes.checkNotNull(k, "key"));
    if (v != Values.MISSING) {
      return k.cast(v);
    }
    if (k == Nodes.CANCEL_NODE_KEY) { // never stored: users cannot reach this key
      return doneOwner == null ? null : doneOwner.value(k);
    }
    return fallback == null ? null : fallback.value(k);
  }

  @Override
  public DoneSignal done() {
    return doneOwner == null ? NeverDone.INSTANCE : doneOwner.done();
  }

  @Override
  public ContextException err() {
    return doneOwner == null ? null : doneOwner.err();
  }

  @Override
  public Throwable cause() {
    return doneOwner == null ? null : doneOwner.cause();
  }

  @Override
  public Optional<Instant> deadline() {
    return deadlineOwner == null ? Optional.empty() : ForeignParents.deadline(deadlineOwner);
  }

  @Override
  public AfterFuncHandle afterFunc(Runnable callback, Executor executor) {
    Nodes.checkNotNull(callback, "callback");
    Nodes.checkNotNull(executor, "executor");
    return doneOwner == null ? new Roots.NeverHandle() : doneOwner.afterFunc(callback, executor);
  }

  @Override
  public Context parent() {
    return parent;
  }

  @Override
  public Context doneOwner() {
    return doneOwner;
  }

  @Override
  public Context deadlineOwner() {
    return deadlineOwner;
  }

  @Override
  public Context valueOwner() {
    return this;
  }

  @Override
  public String label() {
    return "withValue(" + key + ", " + Describe.render(values.find(key)) + ")";
  }

  @Override
  public String toString() {
    return Describe.describe(this);
  }
}
