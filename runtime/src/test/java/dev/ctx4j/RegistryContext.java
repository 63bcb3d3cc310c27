package dev.ctx4j;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Go's {@code afterFuncContext}: a user-written root context that keeps its own registry of callbacks and overrides
 * {@link #afterFunc(Runnable, Executor)} (the one-argument form delegates to it). Children derived from it must
 * register through that method (G64), and unregister when they are cancelled or stopped (G65); the registry's size
 * is observable.
 */
final class RegistryContext implements Context {
  private final Map<Object, Registration> registry = new LinkedHashMap<>();
  private final TestDoneSignal done = new TestDoneSignal();
  private volatile ContextException err;
  private int registrations;

  private record Registration(Runnable callback, Executor executor) {}

  /** How many callbacks are registered now. */
  synchronized int registrySize() {
    return registry.size();
  }

  /** How many afterFunc calls were ever made on this context. */
  synchronized int registrations() {
    return registrations;
  }

  /** Cancels: publishes the error, closes the signal, then runs every registered callback on its executor. */
  void cancel() {
    List<Registration> toRun;
    synchronized (this) {
      if (err != null) {
        return;
      }
      err = CancelledException.CANCELED;
      toRun = new ArrayList<>(registry.values());
      registry.clear();
    }
    done.close();
    for (Registration r : toRun) {
      r.executor().execute(r.callback());
    }
  }

  @Override
  public AfterFuncHandle afterFunc(Runnable callback, Executor executor) {
    Objects.requireNonNull(callback, "callback");
    Objects.requireNonNull(executor, "executor");
    Object token = new Object();
    synchronized (this) {
      registrations++;
      if (err == null) {
        registry.put(token, new Registration(callback, executor));
        return () -> {
          synchronized (RegistryContext.this) {
            return registry.remove(token) != null;
          }
        };
      }
    }
    executor.execute(callback);
    return () -> false;
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
    return Optional.empty();
  }

  @Override
  public <T> T value(Key<T> key) {
    Objects.requireNonNull(key, "key");
    return null;
  }

  @Override
  public String toString() {
    return "registry";
  }
}
