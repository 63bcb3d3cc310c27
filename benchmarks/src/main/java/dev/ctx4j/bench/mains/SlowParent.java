package dev.ctx4j.bench.mains;

import dev.ctx4j.AfterFuncHandle;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.DoneSignal;
import dev.ctx4j.Key;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A user-written context, as an application might write one over a remote registry: it implements {@link Context}
 * directly, is never done, and overrides {@code afterFunc} with a registration that takes a while (a random time
 * between a minimum and a maximum, spent parked). ctx4j's children of it register through that {@code afterFunc}
 * while they are being created, after they read the clock: a slow registration must not delay their deadline beyond
 * the registration itself.
 */
final class SlowParent implements Context {
  private final long minNanos;
  private final long maxNanos;
  private final Set<Object> registry = ConcurrentHashMap.newKeySet();
  private final NeverClosed done = new NeverClosed();

  /** A parent whose {@code afterFunc} takes between {@code minNanos} and {@code maxNanos}. */
  SlowParent(long minNanos, long maxNanos) {
    this.minNanos = minNanos;
    this.maxNanos = maxNanos;
  }

  /** Callbacks registered now (children not yet done). */
  int registered() {
    return registry.size();
  }

  @Override
  public AfterFuncHandle afterFunc(Runnable callback, Executor executor) {
    Objects.requireNonNull(callback, "callback");
    Objects.requireNonNull(executor, "executor");
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(minNanos, maxNanos + 1)); // the slow registration
    Object token = new Object();
    registry.add(token); // never run: this context is never done
    return () -> registry.remove(token);
  }

  @Override
  public DoneSignal done() {
    return done;
  }

  @Override
  public ContextException err() {
    return null;
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
    return "slowParent";
  }

  /** A done signal, as a user writes one, that never closes. */
  private static final class NeverClosed implements DoneSignal {
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    @Override
    public boolean isDone() {
      return false;
    }

    @Override
    public void await() throws InterruptedException {
      try {
        closed.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
      try {
        closed.get(timeout, unit);
        return true;
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public CompletionStage<Void> toCompletionStage() {
      return closed.minimalCompletionStage();
    }
  }
}
