package dev.ctx4j;

import dev.ctx4j.internal.Call;
import dev.ctx4j.internal.WrappedMethod;
import dev.ctx4j.spi.CallOutcome;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * One call through a generated wrapper (rules P3–P8): the call's own context, the interrupt registration of J8 built
 * in (no extra object), and the mapping of the outcome. Used by the thread that made it, except for
 * {@link #finish()}, which runs on whichever thread ends the context.
 */
final class CallNode extends DeadlineNode {
  private static final VarHandle IRQ = Handles.field(MethodHandles.lookup(), CallNode.class, "irq", int.class);

  /** The wrapped method: its label, and its limit and unit (null for {@code @Cancellable}) for messages. */
  private final WrappedMethod site;
  private final Thread runner;
  private final boolean hadInterrupt;
  /** {@link InterruptProtocol} state; WITHDRAWN from the start when interrupts are off. */
  private volatile int irq;
  private volatile CompletableFuture<?> async;
  private boolean attached;
  private Context previousBinding;
  private boolean closed;
  /** Set by the runner just before it cancels the context itself, so that its own finish() does not interrupt it. */
  private boolean ending;
  private ContextException thrownByEnd;
  /** What listeners and JFR need at the call's end; null unless {@link Observe#on} was set at its start. */
  private Observe.CallRecord observed;

  private CallNode(Context parent, boolean timed, long deadlineNanos, WrappedMethod site) {
    super(parent, timed, deadlineNanos, null, null);
    this.site = site;
    boolean interrupt = site.interrupt();
    this.runner = Thread.currentThread();
    this.hadInterrupt = interrupt && runner.isInterrupted();
    // a plain write: other threads reach this node only through the parent's registration or the timer's bucket,
    // both of which publish it
    IRQ.set(this, interrupt ? InterruptProtocol.ARMED : InterruptProtocol.WITHDRAWN);
  }

  /** Starts a call of {@code site} under {@code parent}; both are non-null (the factory checked them). */
  static Call start(Context parent, WrappedMethod site) {
    String method = site.label();
    ContextException err = parent.err();
    if (err != null) {
      throw Nodes.toThrow(err, parent.cause(), method + " not started: " + err.getMessage());
    }
    // the one check of listeners and JFR on a call's path (the end checks the record); before the clock is read, so
    // that the reported duration covers the whole call (for a timed out call, at least its limit)
    Observe.CallRecord observed = Observe.on ? Observe.callStarted(parent, site) : null;
    boolean timed = false;
    long deadline = 0;
    long now = 0;
    TimeUnit unit = site.unit();
    if (unit != null) {
      now = Nanos.now();
      deadline = now + Math.min(unit.toNanos(site.timeout()), Nodes.MAX_TIMEOUT_NANOS);
      timed = Nodes.ownsDeadline(parent, now, deadline);
    }
    CallNode call = new CallNode(parent, timed, deadline, site);
    if (observed != null) {
      call.observed = observed;
    }
    call.start(parent, now);
    if (call.isDone()) {
      ContextException e = call.outcome(null);
      call.endCall(outcomeOf(call.state()), e);
      throw e;
    }
    return new Handle(call);
  }

  void bind() {
    previousBinding = Binding.swap(this);
    attached = true;
  }

  void end() {
    if (isDone()) {
      thrownByEnd = outcome(null);
      throw thrownByEnd;
    }
  }

  RuntimeException fail(Throwable thrown) {
    if (thrown != null && thrown == thrownByEnd) {
      endCall(outcomeOf(state()), thrownByEnd);
      return thrownByEnd;
    }
    if (!closed && isDone()) {
      ContextException e = outcome(thrown);
      endCall(outcomeOf(state()), e);
      return e;
    }
    endCall(CallOutcome.THREW, thrown);
    throw CallNode.<RuntimeException>rethrow(thrown);
  }

  <T> CompletableFuture<T> async(CompletionStage<T> stage) {
    withdraw();
    unbind();
    if (stage == null) {
      NullPointerException npe =
          new NullPointerException(site.label() + " returned null instead of a CompletionStage");
      endCall(CallOutcome.THREW, npe);
      throw npe;
    }
    closed = true; // from here on the call ends when the returned future completes
    CompletableFuture<T> result = new CompletableFuture<>();
    result.whenComplete((v, e) -> asyncEnded(e));
    async = result;
    if (isDone()) {
      result.completeExceptionally(outcome(null));
      return result;
    }
    stage.whenComplete((v, e) -> {
      if (isDone()) {
        result.completeExceptionally(outcome(e));
      } else if (e != null) {
        result.completeExceptionally(e);
      } else {
        result.complete(v);
      }
    });
    return result;
  }

  /** Ends a synchronous call whose body returned (generated code's {@code close()}). Idempotent. */
  void closeCall() {
    ContextException e = thrownByEnd; // end() threw, and the caller closes without fail() (a hand-written call)
    endCall(e == null ? CallOutcome.RETURNED : outcomeOf(state()), e);
  }

  /**
   * Ends a synchronous call: withdraw, cancel, unbind; then reports {@code outcome} and {@code thrown} (what the
   * caller gets thrown) if the call was observed at its start. Idempotent.
   */
  private void endCall(CallOutcome outcome, Throwable thrown) {
    if (closed) {
      return;
    }
    closed = true;
    ending = true;
    if (!cancel(DoneState.CANCELED, true)) {
      withdraw(); // someone else ended the context first and may have interrupted us
    } // else we ended it ourselves, and finish() (on this thread) skipped the interrupt: nothing to withdraw
    unbind();
    Observe.CallRecord r = observed;
    if (r != null) {
      Observe.callEnded(r, outcome, thrown);
    }
  }

  /** Ends an asynchronous call when the future it returned completes ({@code e} null if normally). */
  private void asyncEnded(Throwable e) {
    DoneState before = state();
    cancel(DoneState.CANCELED, true);
    Observe.CallRecord r = observed; // written before the future existed: its completion publishes it
    if (r != null) {
      CallOutcome o;
      if (e == null) {
        o = CallOutcome.RETURNED;
      } else if (before != null) {
        o = outcomeOf(before);
      } else {
        o = e instanceof CancellationException ? CallOutcome.CANCELLED : CallOutcome.THREW;
      }
      Observe.callEnded(r, o, e);
    }
  }

  /** How a call whose context ended with {@code s} ended. */
  private static CallOutcome outcomeOf(DoneState s) {
    return s.err.isTimeout() ? CallOutcome.TIMED_OUT : CallOutcome.CANCELLED;
  }

  private void unbind() {
    if (attached) {
      attached = false;
      Binding.restore(previousBinding);
    }
  }

  /** Withdraws the interrupt registration: waits for one in flight, clears ours, restores the caller's own. */
  private void withdraw() {
    InterruptProtocol.withdraw(IRQ, this, hadInterrupt);
  }

  @Override
  void finish() {
    super.finish();
    if (ending && Thread.currentThread() == runner) {
      return; // the call is ending normally: the runner cancels its own context
    }
    InterruptProtocol.fire(IRQ, this, runner);
    CompletableFuture<?> f = async;
    if (f != null && !f.isDone()) {
      ContextException e = outcome(null);
      Callbacks.execute(Callbacks.executor(), () -> f.completeExceptionally(e));
    }
  }

  /** The exception for a call whose context is done, naming the method and the limit (P7). */
  private ContextException outcome(Throwable thrown) {
    DoneState s = state();
    String message;
    if (!s.err.isTimeout()) {
      message = site.label() + " cancelled";
    } else if (timed) {
      message = site.label() + " timed out after " + limitText();
    } else if (site.unit() != null) {
      message = site.label() + " timed out: its caller's deadline came before its " + limitText() + " limit";
    } else {
      message = site.label() + " timed out: its caller's deadline passed";
    }
    Throwable cause = s.cause == s.err ? null : s.cause;
    ContextException e = s.err.copy(message, cause != null ? cause : thrown);
    if (cause != null && thrown != null) {
      e.addSuppressed(thrown);
    }
    return e;
  }

  private String limitText() {
    long limit = site.timeout();
    switch (site.unit()) {
      case NANOSECONDS:
        return limit + " ns";
      case MICROSECONDS:
        return limit + " us";
      case MILLISECONDS:
        return limit + " ms";
      case SECONDS:
        return limit + " s";
      case MINUTES:
        return limit + " min";
      case HOURS:
        return limit + " h";
      default:
        return limit + " d";
    }
  }

  @SuppressWarnings("unchecked")
  private static <X extends Throwable> X rethrow(Throwable t) throws X {
    throw (X) t;
  }

  @Override
  public String label() {
    return super.label() + "[" + site.label() + "]";
  }

  /** The {@link Call} generated code holds; it forwards to the node, which is also the body's context. */
  private static final class Handle implements Call {
    private final CallNode node;

    Handle(CallNode node) {
      this.node = node;
    }

    @Override
    public Context context() {
      return node;
    }

    @Override
    public Call attach() {
      node.bind();
      return this;
    }

    @Override
    public void end() {
      node.end();
    }

    @Override
    public RuntimeException fail(Throwable thrown) {
      return node.fail(thrown);
    }

    @Override
    public <T> CompletableFuture<T> async(CompletionStage<T> stage) {
      return node.async(stage);
    }

    @Override
    public void close() {
      node.closeCall();
    }

    @Override
    public String toString() {
      return "Call[" + node + "]";
    }
  }
}
