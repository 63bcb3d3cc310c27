package dev.ctx4j.spi;

import dev.ctx4j.Context;
import dev.ctx4j.internal.Listening;
import java.util.List;
import java.util.Objects;

/**
 * The registry of {@link Ctx4jListener}s. Listeners named in provider files are found through
 * {@link java.util.ServiceLoader} (with the class loader of ctx4j's runtime) the first time ctx4j reports anything, and
 * stay registered; others are registered here:
 *
 * <pre>{@code
 * try (Ctx4jListeners.Registration r = Ctx4jListeners.register(myListener)) {
 *   ...
 * } // unregistered
 * }</pre>
 *
 * <p>While no listener is registered (and no JFR recording runs) each place that would report pays one read of a
 * volatile flag.
 *
 * @since 0.1.0
 */
public final class Ctx4jListeners {
  private static final Listening RUNTIME = (Listening) Context.background();

  private Ctx4jListeners() {}

  /**
   * Registers a listener; it sees what starts or ends from now on, until the returned registration is closed. The same
   * instance registered twice is called twice.
   *
   * @param listener the listener
   * @return the registration; closing it unregisters the listener (idempotent)
   * @throws NullPointerException if {@code listener} is null
   */
  public static Registration register(Ctx4jListener listener) {
    return RUNTIME.register(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Returns the listeners registered now, those found through {@link java.util.ServiceLoader} included, in the order
   * they are called.
   *
   * @return an immutable snapshot
   */
  public static List<Ctx4jListener> registered() {
    return RUNTIME.registered();
  }

  /** A listener's registration; {@link #close()} unregisters it. */
  public interface Registration extends AutoCloseable {
    /** Unregisters the listener. Idempotent and never throws. */
    @Override
    void close();
  }
}
