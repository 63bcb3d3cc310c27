package dev.ctx4j.grpc;

import dev.ctx4j.AfterFuncHandle;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.DeadlineExceededException;
import dev.ctx4j.internal.Expiry;
import dev.ctx4j.internal.InlineExecutor;
import io.grpc.Attributes;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Optional;

/**
 * A client call under a ctx4j context: cancelled (with the context's exception as the status cause) when the context
 * is done, and closed at once, without starting the real call, when the context is done before {@link #start}.
 *
 * <p>The context callback is registered after the real call has started (a transport may misbehave when cancelled
 * before it started) and removed when the call closes. Start and close can race, as in grpc's
 * {@code ClientCallImpl.CancellationHandler}: each side writes its own volatile field and then reads the other's, so
 * at least one of them sees both and stops the registration ({@code stop()} is idempotent).
 *
 * <p>A {@link ClientCall} is not thread-safe (but for {@code request}), and no method may be called after
 * {@code cancel}; yet the context ends on another thread than the application's. So the context's cancel never runs
 * inside one of the application's calls into the real call, and nothing is held while calling into it: the real call
 * can run the application's listener on the calling thread (a direct executor), where the application takes its own
 * locks, which it may hold while it calls this one. Each of the application's calls marks itself in progress
 * ({@code depth}) and then looks for a cancel request; a cancel records its request and then looks at
 * {@code depth}. Both are volatile, so at least one side sees the other: a cancel that finds a call in progress
 * leaves it to that call, which performs it as it returns; one that finds none performs it itself. {@code depth}
 * counts, because a call can be made from inside another on the same thread (a listener run inline that sends);
 * only the outermost performs the cancel as it returns. Whoever claims {@code performed} first calls the real call's
 * {@code cancel}, exactly once. {@code start} takes no part, since the context's callback is registered only once the
 * real call has started. Once a cancel is requested, the application's later {@code sendMessage} and
 * {@code halfClose} do nothing, as they would on a call grpc had cancelled itself.
 *
 * <p>A call its context cancelled fails with the context's status even when the transport reports the server's
 * failure instead (see {@link #overriding}).
 */
final class ContextClientCall<ReqT, RespT> extends ClientCall<ReqT, RespT> implements Runnable {
  /**
   * A deadline status within this much of the context's deadline is the context's: the call's deadline is the
   * context's, or up to a few microseconds earlier (see {@link CallDeadlines}), and grpc's timer and ctx4j's fire a
   * little apart; a context that derives its time from the wall clock can be a little off.
   */
  private static final long DEADLINE_TOLERANCE_NANOS = Duration.ofMillis(5).toNanos();
  private static final String CANCEL_MESSAGE = "ctx4j context done: " + ContextErrors.CANCELED.getMessage();
  private static final String DEADLINE_MESSAGE = "ctx4j context done: " + ContextErrors.DEADLINE_EXCEEDED.getMessage();

  private static final VarHandle CANCEL_REQUEST;
  private static final VarHandle PERFORMED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      CANCEL_REQUEST = lookup.findVarHandle(ContextClientCall.class, "cancelRequest", CancelRequest.class);
      PERFORMED = lookup.findVarHandle(ContextClientCall.class, "performed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The real call; null when the context was done before the call was made. */
  private final ClientCall<ReqT, RespT> delegate;

  private final Context ctx;
  /** Whether the call's deadline is the context's (the context's was the earlier one). */
  private final boolean contextDeadline;

  /** Set once start() found the context done: the real call is never started and every other method does nothing. */
  private volatile boolean failed;
  /**
   * How many of the application's calls into the real call are in progress: 0 or 1, more when one is made from inside
   * another on the same thread. Written only by the application's thread (it makes one call at a time).
   */
  private volatile int depth;
  /** The first cancel requested, by the context or the application; null until then. Later methods do nothing. */
  private volatile CancelRequest cancelRequest;
  /** Claimed by whoever calls the real call's cancel, once. */
  private volatile boolean performed;
  /** Set, before the real call is cancelled, once the context has cancelled it. */
  private volatile boolean cancelledByContext;

  private volatile AfterFuncHandle registration;
  private volatile boolean closed;

  ContextClientCall(ClientCall<ReqT, RespT> delegate, Context ctx, boolean contextDeadline) {
    this.delegate = delegate;
    this.ctx = ctx;
    this.contextDeadline = contextDeadline;
    this.failed = delegate == null;
  }

  @Override
  public void start(Listener<RespT> listener, Metadata headers) {
    ContextException done = ContextErrors.freshIfDone(ctx); // a context done at newCall() is still done
    if (done != null) {
      failed = true;
      // as grpc's own channel does for a call made after shutdown: close the listener at once, inside start()
      Status status = ContextErrors.statusOf(done)
          .withDescription("ctx4j context was already done before the call started: " + done.getMessage())
          .withCause(done);
      listener.onClose(status, new Metadata());
      return;
    }
    // not marked in progress: the context's callback, the one caller from another thread, is registered only once
    // start returned
    delegate.start(new ClosingListener<>(listener, this), headers);
    // cancelling a call only queues work for the transport: the thread that ends the context does it at once (the
    // timer thread excepted, which hands it on), so a cancel reaches the server without waiting for a thread
    AfterFuncHandle handle = ctx.afterFunc(this, InlineExecutor.RUNTIME.inlineUnlessTimer());
    registration = handle;
    if (closed) {
      handle.stop(); // the call closed while we registered
    }
  }

  /** Runs when the context is done: cancels the call, with the context's exception as the status cause. */
  @Override
  public void run() {
    // the context's shared error, which has no stack trace to fill in: the cancel leaves at once, and attribute()
    // puts a fresh exception with the context's cause in its place when the call closes
    ContextException done = ctx.err();
    if (done != null) {
      requestCancel(new CancelRequest(messageFor(done), done, true, true));
    }
  }

  /**
   * Records {@code request}, unless a cancel was requested already, and performs it unless one of the application's
   * calls is in progress, which then performs it as it returns.
   */
  private void requestCancel(CancelRequest request) {
    if (!CANCEL_REQUEST.compareAndSet(this, null, request)) {
      return; // only the first cancel has effect
    }
    if (depth == 0) {
      performCancel();
    }
  }

  /** Cancels the real call with the request, unless someone else has; never inside an application's call. */
  private void performCancel() {
    if (!PERFORMED.compareAndSet(this, false, true)) {
      return;
    }
    CancelRequest request = cancelRequest;
    if (request.byContext) {
      cancelledByContext = true;
    }
    delegate.cancel(request.message, request.cause);
  }

  /**
   * Marks one of the application's calls in progress, unless a cancel was requested; then the call must not be made.
   *
   * @return whether to make the call (then {@link #exitCall} must follow it)
   */
  private boolean enterCall() {
    int outer = depth;
    depth = outer + 1;
    if (cancelRequest != null) {
      depth = outer;
      if (outer == 0) {
        performCancel(); // requested while we were entering: it may have left the cancel to us
      }
      return false;
    }
    return true;
  }

  /** Ends the application's call; the outermost performs a cancel requested while it was in progress. */
  private void exitCall() {
    int outer = depth - 1;
    depth = outer;
    if (outer == 0 && cancelRequest != null) {
      performCancel();
    }
  }

  private static String messageFor(ContextException done) {
    return done.isTimeout() ? DEADLINE_MESSAGE : CANCEL_MESSAGE;
  }

  /**
   * The status to report in place of {@code status} when the context cancelled the call and the transport reported
   * another failure all the same, or null to report {@code status} (after {@link #attribute}).
   *
   * <p>The server's answer to the cancel can overtake it: grpc-java's in-process transport reports the status of a
   * server whose handler failed because of the cancel when that failure closes the stream before the cancel has
   * closed the client's side. A call that its context cancelled fails as the context says, as grpc's own
   * {@code ClientCallImpl} reports the status it cancelled with rather than one from the server; the transport's
   * status is kept as a suppressed exception of the context's exception. An OK status stays: the call completed.
   */
  private Status overriding(Status status) {
    if (status.isOk() || ContextErrors.isContextCode(status.getCode()) || !cancelledByContext) {
      return null;
    }
    ContextException own = ContextErrors.freshIfDone(ctx); // done: the context cancelled the call
    own.addSuppressed(status.asRuntimeException());
    return ContextErrors.statusOf(own).withDescription(messageFor(own)).withCause(own);
  }

  private void onClosed() {
    closed = true;
    AfterFuncHandle handle = registration;
    if (handle != null) {
      handle.stop();
    }
  }

  /**
   * Names the context as the cause of a CANCELLED or DEADLINE_EXCEEDED status that it caused: when the status already
   * carries the context's exception (our own cancel), when the context is done, or when the call's deadline was the
   * context's and that deadline has passed (grpc's own deadline timer fired first). A CANCELLED status that follows the
   * application's own cancel, made while the context was live, stays the application's, even when the context ends
   * before the close is delivered (a try-with-resources around the call; a stub's {@code onError}). A CANCELLED
   * status caused by the context's deadline becomes DEADLINE_EXCEEDED, as it would be had grpc's timer fired first.
   */
  private Status attribute(Status status) {
    if (!ContextErrors.isContextCode(status.getCode())) {
      return status;
    }
    CancelRequest request = cancelRequest;
    if (request != null && !request.byContext && !request.contextDone && status.getCode() == Status.Code.CANCELLED) {
      return status; // the application cancelled the call while its context was live: the close is the application's
    }
    Throwable cause = status.getCause();
    ContextException own = ContextErrors.find(cause);
    if (own != null && own == cause && ContextErrors.isShared(own)) {
      ContextException fresh = ContextErrors.freshIfDone(ctx); // our own cancel, made with the shared error
      if (fresh != null) {
        own = fresh;
        status = status.withCause(fresh);
      }
    }
    if (own == null) {
      own = ContextErrors.freshIfDone(ctx);
      if (own == null && contextDeadline && status.getCode() == Status.Code.DEADLINE_EXCEEDED) {
        own = expiredByGrpc();
      }
      if (own == null) {
        return status;
      }
      if (cause != null) {
        own.addSuppressed(cause);
      }
      status = status.withCause(own);
    }
    if (own.isTimeout() && status.getCode() == Status.Code.CANCELLED) {
      status = Status.DEADLINE_EXCEEDED.withDescription(status.getDescription()).withCause(status.getCause());
    }
    return status;
  }

  /**
   * grpc's timer for the call's deadline, which is the context's, fired before ctx4j's (which fires on its next tick):
   * ends the context now, as its timer will, so that the call reports the context's own exception, with the cause
   * given to {@code withTimeout}, and the caller finds the context done. The call's deadline can come a few
   * microseconds before the context's (see {@link CallDeadlines}): those are waited out. A context that is not ctx4j's
   * own, whose deadline comes from the wall clock, cannot be ended here: a stand-in exception names the deadline.
   *
   * @return the context's exception, or null when the deadline is not the context's
   */
  private ContextException expiredByGrpc() {
    Optional<Duration> left = ctx.timeRemaining();
    if (left.isEmpty() || left.get().toNanos() > DEADLINE_TOLERANCE_NANOS) {
      return null;
    }
    Expiry.RUNTIME.expireIfDue(ctx, CallDeadlines.EARLY_BY_AT_MOST_NANOS);
    ContextException own = ContextErrors.freshIfDone(ctx);
    return own != null ? own : new DeadlineExceededException(ContextErrors.DEADLINE_EXCEEDED.getMessage());
  }

  /** Forwarded as it is: {@code ClientCall} allows {@code request} from any thread, also after a cancel. */
  @Override
  public void request(int numMessages) {
    if (!failed) {
      delegate.request(numMessages);
    }
  }

  /** The application's cancel: allowed before start (a real call never started ignores it), and from any thread. */
  @Override
  public void cancel(String message, Throwable cause) {
    if (delegate != null) {
      requestCancel(new CancelRequest(message, cause, false, ctx.err() != null));
    }
  }

  @Override
  public void halfClose() {
    if (!failed && enterCall()) {
      try {
        delegate.halfClose();
      } finally {
        exitCall();
      }
    }
  }

  @Override
  public void sendMessage(ReqT message) {
    if (!failed && enterCall()) {
      try {
        delegate.sendMessage(message);
      } finally {
        exitCall();
      }
    }
  }

  @Override
  public boolean isReady() {
    return !failed && delegate.isReady();
  }

  @Override
  public void setMessageCompression(boolean enabled) {
    if (!failed && enterCall()) {
      try {
        delegate.setMessageCompression(enabled);
      } finally {
        exitCall();
      }
    }
  }

  @Override
  public Attributes getAttributes() {
    return failed ? Attributes.EMPTY : delegate.getAttributes();
  }

  @Override
  public String toString() {
    return "ContextClientCall{ctx=" + ctx + ", delegate=" + delegate + "}";
  }

  /** A cancel of the real call, by the context or by the application. */
  private static final class CancelRequest {
    final String message;
    final Throwable cause;
    final boolean byContext;
    /** Whether the context was done when the cancel was requested. */
    final boolean contextDone;

    CancelRequest(String message, Throwable cause, boolean byContext, boolean contextDone) {
      this.message = message;
      this.cause = cause;
      this.byContext = byContext;
      this.contextDone = contextDone;
    }
  }

  /**
   * The call's listener: removes the context callback and names the context in the status it caused. It forwards the
   * other callbacks itself (rather than through {@code ForwardingClientCallListener}'s two layers): every response
   * passes through here.
   */
  private static final class ClosingListener<RespT> extends ClientCall.Listener<RespT> {
    private final ClientCall.Listener<RespT> delegate;
    private final ContextClientCall<?, RespT> call;

    ClosingListener(ClientCall.Listener<RespT> delegate, ContextClientCall<?, RespT> call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public void onHeaders(Metadata headers) {
      delegate.onHeaders(headers);
    }

    @Override
    public void onMessage(RespT message) {
      delegate.onMessage(message);
    }

    @Override
    public void onReady() {
      delegate.onReady();
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      call.onClosed();
      Status instead = call.overriding(status);
      if (instead != null) {
        delegate.onClose(instead, new Metadata()); // the trailers came with the status replaced
      } else {
        delegate.onClose(call.attribute(status), trailers);
      }
    }

    @Override
    public String toString() {
      return "ClosingListener{delegate=" + delegate + "}";
    }
  }
}
