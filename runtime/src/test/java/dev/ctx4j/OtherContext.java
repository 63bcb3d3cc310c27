package dev.ctx4j;

import java.time.Instant;
import java.util.Optional;

/**
 * Go's {@code otherContext}: a user-written context that wraps a standard one and implements only the four abstract
 * methods by delegation (so its done signal <em>is</em> the wrapped context's). {@code cause()}, {@code afterFunc},
 * the derivations and {@code toString()} are the interface's defaults / {@code Object}'s, exactly as a Go struct that
 * embeds a {@code Context} gets only the interface's four methods.
 */
final class OtherContext implements Context {
  final Context wrapped;

  OtherContext(Context wrapped) {
    this.wrapped = wrapped;
  }

  @Override
  public DoneSignal done() {
    return wrapped.done();
  }

  @Override
  public ContextException err() {
    return wrapped.err();
  }

  @Override
  public Optional<Instant> deadline() {
    return wrapped.deadline();
  }

  @Override
  public <T> T value(Key<T> key) {
    return wrapped.value(key);
  }
}
