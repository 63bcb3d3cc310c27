package dev.ctx4j;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;

/** A context that keeps its parent's values and nothing else (Go's withoutCancelCtx): never done, no deadline. */
final class WithoutCancelNode implements StdContext {
  private final Context parent;
  private final Context valueOwner;

  WithoutCancelNode(Context parent) {
    this.parent = parent;
    this.valueOwner = Nodes.valueOwnerOf(parent);
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
    if (key == Nodes.CANCEL_NODE_KEY) {
      return null;
    }
    return valueOwner == null ? null : valueOwner.value(key);
  }

  @Override
  public AfterFuncHandle afterFunc(Runnable callback, Executor executor) {
    Nodes.checkNotNull(callback, "callback");
    Nodes.checkNotNull(executor, "executor");
    return new Roots.NeverHandle();
  }

  @Override
  public Context parent() {
    return parent;
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
    return valueOwner;
  }

  @Override
  public String label() {
    return "withoutCancel";
  }

  @Override
  public String toString() {
    return Describe.describe(this);
  }
}
