package dev.ctx4j;

import java.time.Instant;
import java.util.Optional;

/**
 * A user-written context with its <em>own</em> done signal (Go's {@code customContext} and
 * {@code customCauseContext}): it is done only when {@link #finish} is called, whatever its parent does. It may
 * delegate {@link #value} and {@link #deadline} to a parent (like a Go struct embedding the parent), or support no
 * values at all. It does not override {@code afterFunc}, so children of it must watch its done signal.
 */
final class OwnDoneContext implements Context {
  private final Context parent;
  private final boolean delegateValues;
  private final TestDoneSignal done = new TestDoneSignal();
  private volatile ContextException err;
  /** A child whose plain cancel this context calls itself when it finishes (Go's {@code setCancelChild}). */
  private volatile CancellableContext cancelChild;

  /** A wrapper of {@code parent} with its own done signal, delegating values and deadline to it. */
  OwnDoneContext(Context parent) {
    this(parent, true);
  }

  OwnDoneContext(Context parent, boolean delegateValues) {
    this.parent = parent;
    this.delegateValues = delegateValues;
  }

  /** A custom context with no parent and no value support (Go's {@code customCauseContext}). */
  static OwnDoneContext withoutValues() {
    return new OwnDoneContext(Context.background(), false);
  }

  void setCancelChild(CancellableContext child) {
    this.cancelChild = child;
  }

  /** Becomes done with the parent's error when it has one, else with Go's {@code Canceled}. */
  void finish() {
    ContextException parentErr = parent.err();
    finish(parentErr != null ? parentErr : CancelledException.CANCELED);
  }

  /** Becomes done with {@code e}: publishes the error, then closes the signal. Idempotent. */
  void finish(ContextException e) {
    synchronized (this) {
      if (err != null) {
        return;
      }
      err = e;
    }
    done.close();
    CancellableContext child = cancelChild;
    if (child != null) {
      child.cancel();
    }
  }

  @Override
  public DoneSignal done() {
    return done;
  }

  @Override
  public ContextException err() {
    return err;
  }

  @Override
  public Optional<Instant> deadline() {
    return delegateValues ? parent.deadline() : Optional.empty();
  }

  @Override
  public <T> T value(Key<T> key) {
    return delegateValues ? parent.value(key) : null;
  }
}
