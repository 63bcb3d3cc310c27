package dev.ctx4j.grpc;

import dev.ctx4j.AfterFuncHandle;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.DoneSignal;
import dev.ctx4j.Key;
import io.grpc.Deadline;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The life of one incoming call as a ctx4j context, following the call's {@code io.grpc.Context}: the parent of the
 * context a handler sees (never handed out itself). It ends, once, when the gRPC context is cancelled (the client
 * cancelled or went away, the deadline passed, or the call ended: grpc-java's server cancels a call's context in
 * every case) or when the interceptor ends it; it then runs the callbacks of its children on the ending thread.
 *
 * <p>It is a user-written context in ctx4j's sense, so that it can end with {@link
 * dev.ctx4j.DeadlineExceededException} before its deadline: a client whose deadline passed resets the stream with the
 * same code as one that gives up, and that reset usually arrives before the server's own timer fires (the server's
 * deadline was measured from the moment the call arrived, a little after the client's). A cancellation counts as the
 * deadline when gRPC says so (its own timer, or a DEADLINE_EXCEEDED cause), or when it comes within {@link
 * #slackNanos} of the deadline.
 *
 * <p>Its deadline is read once, when the call arrives, so that successive calls return the same instant. Its done
 * signal's stage runs dependents on the thread that ends it; only ctx4j's runtime ever sees it.
 */
final class ServerCallContext implements Context, DoneSignal, io.grpc.Context.CancellationListener {
  /** The least and the most slack given to a reset that comes just before the deadline. */
  private static final long MIN_SLACK_NANOS = Duration.ofMillis(20).toNanos();
  private static final long MAX_SLACK_NANOS = Duration.ofSeconds(1).toNanos();

  private final io.grpc.Context grpcContext;
  private final Deadline grpcDeadline;
  private final Optional<Instant> deadline;
  /** A tenth of the budget the call arrived with, within [20 ms, 1 s]. */
  private final long slackNanos;

  /** How it ended; null while live. Written once, under the lock. */
  private volatile Ended ended;
  /** Guarded by this: callbacks still to run, or null. */
  private List<Registration> registrations;
  /** Guarded by this: made on the first wait, completed when the context ends. */
  private CompletableFuture<Void> signal;

  private ServerCallContext(io.grpc.Context grpcContext) {
    this.grpcContext = grpcContext;
    this.grpcDeadline = grpcContext.getDeadline();
    if (grpcDeadline == null) {
      deadline = Optional.empty();
      slackNanos = 0;
    } else {
      long left = grpcDeadline.timeRemaining(TimeUnit.NANOSECONDS);
      deadline = Optional.of(Instant.now().plusNanos(left));
      slackNanos = Math.min(MAX_SLACK_NANOS, Math.max(MIN_SLACK_NANOS, left / 10));
    }
  }

  /** Follows {@code grpcContext}; ends at once if it is already cancelled. */
  static ServerCallContext follow(io.grpc.Context grpcContext) {
    ServerCallContext c = new ServerCallContext(grpcContext);
    grpcContext.addListener(c, DirectExecutor.INSTANCE);
    return c;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Ending.

  /** The gRPC context was cancelled: ends with its cause, as a deadline when it was one. */
  @Override
  public void cancelled(io.grpc.Context context) {
    Throwable cause = context.cancellationCause();
    end(isDeadline(cause) ? ContextErrors.DEADLINE_EXCEEDED : ContextErrors.CANCELED, cause);
  }

  private boolean isDeadline(Throwable cause) {
    if (cause == null || grpcDeadline == null) {
      return false; // a call that ended normally; or no deadline to pass
    }
    if (cause instanceof TimeoutException || Status.fromThrowable(cause).getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return true;
    }
    return grpcDeadline.timeRemaining(TimeUnit.NANOSECONDS) <= slackNanos;
  }

  /** Ends the context (first call wins), runs its children's callbacks and stops following the gRPC context. */
  boolean end(ContextException err, Throwable cause) {
    List<Registration> toRun;
    CompletableFuture<Void> toComplete;
    synchronized (this) {
      if (ended != null) {
        return false;
      }
      ended = new Ended(err, cause == null ? err : cause);
      toRun = registrations;
      registrations = null;
      toComplete = signal;
    }
    grpcContext.removeListener(this);
    if (toRun != null) {
      for (Registration r : toRun) {
        r.fire();
      }
    }
    if (toComplete != null) {
      toComplete.complete(null);
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Context.

  @Override
  public DoneSignal done() {
    return this;
  }

  @Override
  public ContextException err() {
    Ended e = ended;
    return e == null ? null : e.err;
  }

  @Override
  public Throwable cause() {
    Ended e = ended;
    return e == null ? null : e.cause;
  }

  @Override
  public Optional<Instant> deadline() {
    return deadline;
  }

  @Override
  public Optional<Duration> timeRemaining() {
    return grpcDeadline == null
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(Math.max(0, grpcDeadline.timeRemaining(TimeUnit.NANOSECONDS))));
  }

  @Override
  public <T> T value(Key<T> key) {
    if (key == null) {
      throw new NullPointerException("key must not be null");
    }
    return null;
  }

  /** Runs {@code callback} on the thread that ends this context (only ctx4j's runtime calls it, with short work). */
  @Override
  public AfterFuncHandle afterFunc(Runnable callback) {
    return afterFunc(callback, DirectExecutor.INSTANCE);
  }

  @Override
  public AfterFuncHandle afterFunc(Runnable callback, Executor executor) {
    if (callback == null || executor == null) {
      throw new NullPointerException(callback == null ? "callback must not be null" : "executor must not be null");
    }
    Registration r = new Registration(callback, executor);
    synchronized (this) {
      if (ended == null) {
        if (registrations == null) {
          registrations = new ArrayList<>(2);
        }
        registrations.add(r);
        return r;
      }
    }
    r.fire();
    return r;
  }

  @Override
  public String toString() {
    return "grpc server call" + deadline.map(d -> ".withDeadline(" + d + ")").orElse("");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // DoneSignal.

  @Override
  public boolean isDone() {
    return ended != null;
  }

  @Override
  public void await() throws InterruptedException {
    try {
      signal().get();
    } catch (ExecutionException e) {
      throw new AssertionError("the done signal never fails", e);
    }
  }

  @Override
  public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
    if (unit == null) {
      throw new NullPointerException("unit must not be null");
    }
    if (isDone()) {
      return true;
    }
    if (timeout <= 0) {
      return false;
    }
    try {
      signal().get(timeout, unit);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      throw new AssertionError("the done signal never fails", e);
    }
  }

  @Override
  public CompletionStage<Void> toCompletionStage() {
    return signal().minimalCompletionStage();
  }

  private synchronized CompletableFuture<Void> signal() {
    if (signal == null) {
      signal = new CompletableFuture<>();
      if (ended != null) {
        signal.complete(null);
      }
    }
    return signal;
  }

  // ---------------------------------------------------------------------------------------------------------------

  /** How the context ended: its error and cause, published together. */
  private static final class Ended {
    final ContextException err;
    final Throwable cause;

    Ended(ContextException err, Throwable cause) {
      this.err = err;
      this.cause = cause;
    }
  }

  /** One afterFunc registration: runs once, unless stopped first. */
  private final class Registration implements AfterFuncHandle {
    private final Runnable callback;
    private final Executor executor;
    /** Guarded by the enclosing context: 0 pending, 1 stopped, 2 started. */
    private int state;

    Registration(Runnable callback, Executor executor) {
      this.callback = callback;
      this.executor = executor;
    }

    void fire() {
      synchronized (ServerCallContext.this) {
        if (state != 0) {
          return;
        }
        state = 2;
      }
      executor.execute(callback);
    }

    @Override
    public boolean stop() {
      synchronized (ServerCallContext.this) {
        if (state != 0) {
          return false;
        }
        state = 1;
        if (registrations != null) {
          registrations.remove(this);
        }
        return true;
      }
    }
  }

  /** Runs tasks on the calling thread (grpc's directExecutor, without Guava). */
  enum DirectExecutor implements Executor {
    INSTANCE;

    @Override
    public void execute(Runnable command) {
      command.run();
    }
  }
}
