package dev.ctx4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A cancel node with a deadline of its own (Go's timerCtx), kept on the monotonic clock (rule J4) and served by the
 * shared {@link Timer} (rule J5). Untimed instances are used by generated calls whose caller's deadline comes first.
 */
class DeadlineNode extends CancelNode {
  private static final VarHandle INSTANT =
      Handles.field(MethodHandles.lookup(), DeadlineNode.class, "deadlineInstant", Instant.class);

  /** Whether this node has a deadline (and so a timer entry while live, unless {@link #external}). */
  final boolean timed;
  /** The deadline as a {@link Nanos#now()} value; meaningful only when timed. */
  final long deadlineNanos;
  /** The cause reported when the deadline passes, or null. */
  final Throwable deadlineCause;
  /** When the node was armed ({@link #start}), for the budget JFR reports; written before the node is shared. */
  long startNanos;
  /**
   * Whether another engine enforces the deadline: set by {@link #startUnarmed}, before the node is shared. Such a node
   * never has a timer entry.
   */
  boolean external;
  /** The deadline as wall-clock time, fixed on first use so that successive calls agree. */
  private volatile Instant deadlineInstant;

  // Timer links, guarded by the bucket's lock.
  DeadlineNode timerPrev;
  DeadlineNode timerNext;
  Timer.Bucket timerBucket;

  DeadlineNode(Context parent, boolean timed, long deadlineNanos, Instant deadlineInstant, Throwable cause) {
    super(parent);
    this.timed = timed;
    this.deadlineNanos = deadlineNanos;
    this.deadlineInstant = deadlineInstant;
    this.deadlineCause = cause;
  }

  /**
   * Registers with the parent and arms the timer; done at once if the deadline had passed at {@code now} (a
   * {@link Nanos#now()} value the caller already read).
   */
  final void start(Context parent, long now) {
    startNanos = now;
    propagateFrom(parent);
    if (!timed || isDone()) {
      return;
    }
    if (deadlineNanos - now <= 0) {
      expire();
      return;
    }
    Timer.schedule(this);
    if (isDone()) {
      Timer.remove(this); // cancelled while we were arming; finish() may have run before the entry existed
    }
  }

  /**
   * Registers with the parent without arming the timer, and marks the node {@link #external}: the deadline is reported,
   * and enforced by whoever made the node, through {@link dev.ctx4j.internal.Expiry}; done at once if it had passed at
   * {@code now}.
   */
  final void startUnarmed(Context parent, long now) {
    external = true;
    startNanos = now;
    propagateFrom(parent);
    if (!isDone() && deadlineNanos - now <= 0) {
      expire();
    }
  }

  /** Called by the timer (or at construction) when the deadline has passed. */
  final void expire() {
    cancel(DoneState.deadline(deadlineCause), Observe.DEADLINE);
  }

  @Override
  void finish() {
    super.finish();
    if (timed && !external) { // an external node has no entry: its end leaves the timer's shared bucket lock alone
      Timer.remove(this);
    }
  }

  @Override
  public final Context deadlineOwner() {
    return timed ? this : super.deadlineOwner();
  }

  @Override
  public final Optional<Instant> deadline() {
    if (!timed) {
      return super.deadline();
    }
    return Optional.of(deadlineInstant());
  }

  private Instant deadlineInstant() {
    Instant d = deadlineInstant;
    if (d == null) {
      Instant computed = Instant.now().plusNanos(deadlineNanos - Nanos.now());
      Object witness = INSTANT.compareAndExchange(this, null, computed);
      d = witness == null ? computed : (Instant) witness;
    }
    return d;
  }

  @Override
  public String label() {
    if (!timed) {
      return "withCancel";
    }
    long left = deadlineNanos - Nanos.now();
    return "withDeadline(" + deadlineInstant().truncatedTo(ChronoUnit.MILLIS) + ", "
        + (left > 0 ? Describe.seconds(left) + " left" : "expired") + ")";
  }
}
