package dev.ctx4j;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongFunction;

/** Factories and shared rules of the context tree (Go's package-level functions). */
final class Nodes {
  /** Deadlines further ahead than this mean "no deadline" (rule J4). */
  static final long MAX_TIMEOUT_NANOS = Duration.ofDays(36_525).toNanos();

  /** Asked of a context's value chain to find its nearest ctx4j cancel node (Go's cancelCtxKey). */
  static final Key<CancelNode> CANCEL_NODE_KEY = Key.of("ctx4j.cancelNode");

  private Nodes() {}

  static <T> T checkNotNull(T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " must not be null");
    }
    return value;
  }

  /** The duration in nanoseconds, saturated at {@code Long.MIN_VALUE}/{@code MAX_VALUE} instead of overflowing. */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  // --------------------------------------------------------------------------------------------------------------
  // Who answers for a parent.

  static Context doneOwnerOf(Context c) {
    return c instanceof StdContext ? ((StdContext) c).doneOwner() : c;
  }

  static Context deadlineOwnerOf(Context c) {
    return c instanceof StdContext ? ((StdContext) c).deadlineOwner() : c;
  }

  static Context valueOwnerOf(Context c) {
    return c instanceof StdContext ? ((StdContext) c).valueOwner() : c;
  }

  /**
   * For a foreign context that wraps a ctx4j cancel node without replacing its done signal, returns that node, so
   * children register with it directly (G63); null otherwise (a wrapper with its own done signal is never bypassed).
   */
  static CancelNode embeddedCancelNode(Context foreign) {
    DoneSignal done = foreign.done();
    if (done == null || done == NeverDone.INSTANCE) {
      return null;
    }
    CancelNode p = foreign.value(CANCEL_NODE_KEY);
    return p != null && p == done ? p : null;
  }

  /** The parent's deadline as a {@link Nanos#now()} value, or null when it has none. */
  private static Long deadlineNanosOf(Context parent, long now) {
    Context owner = deadlineOwnerOf(parent);
    if (owner == null) {
      return null;
    }
    if (owner instanceof DeadlineNode && ((DeadlineNode) owner).timed) {
      return ((DeadlineNode) owner).deadlineNanos;
    }
    Optional<Instant> d = ForeignParents.deadline(owner);
    if (d.isEmpty()) {
      return null;
    }
    long left = saturatedNanos(Duration.between(Instant.now(), d.get()));
    return left > MAX_TIMEOUT_NANOS ? null : now + Math.max(left, -MAX_TIMEOUT_NANOS);
  }

  /** {@link Context#timeRemaining()}: monotonic for ctx4j's deadline nodes, from the wall clock otherwise. */
  static Optional<Duration> timeRemaining(Context c) {
    Context owner = deadlineOwnerOf(c);
    if (owner == null) {
      return Optional.empty();
    }
    if (owner instanceof DeadlineNode && ((DeadlineNode) owner).timed) {
      return Optional.of(Duration.ofNanos(Math.max(0, ((DeadlineNode) owner).deadlineNanos - Nanos.now())));
    }
    Optional<Instant> d = ForeignParents.deadline(owner);
    if (d.isEmpty()) {
      return Optional.empty();
    }
    Duration left = Duration.between(Instant.now(), d.get());
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  /**
   * {@link dev.ctx4j.internal.Expiry#deadlineAt}: {@link #timeRemaining}'s rules, as a {@code System.nanoTime()}
   * value; a wall-clock deadline further ahead than {@link #MAX_TIMEOUT_NANOS} is none (rule J4).
   */
  static <T> T deadlineAt(Context c, LongFunction<T> convert) {
    Context owner = deadlineOwnerOf(c);
    if (owner == null) {
      return null;
    }
    if (owner instanceof DeadlineNode && ((DeadlineNode) owner).timed) {
      return convert.apply(Nanos.toNanoTime(((DeadlineNode) owner).deadlineNanos));
    }
    Optional<Instant> d = ForeignParents.deadline(owner);
    if (d.isEmpty()) {
      return null;
    }
    long now = System.nanoTime();
    long left = saturatedNanos(Duration.between(Instant.now(), d.get()));
    return left > MAX_TIMEOUT_NANOS ? null : convert.apply(now + Math.max(left, -MAX_TIMEOUT_NANOS));
  }

  // --------------------------------------------------------------------------------------------------------------
  // Derivation.

  static CancellableContext withCancel(Context parent) {
    CancelNode node = new CancelNode(parent);
    node.propagateFrom(parent);
    return node;
  }

  static CancellableContext withTimeout(Context parent, long timeoutNanos, Throwable cause) {
    long now = Nanos.now();
    if (timeoutNanos > MAX_TIMEOUT_NANOS) {
      return withCancel(parent);
    }
    return withDeadlineNanos(parent, now, now + Math.max(timeoutNanos, -MAX_TIMEOUT_NANOS), null, cause);
  }

  /** A child whose deadline, {@code timeoutNanos} from now, another timer enforces (see {@link Roots#expire}). */
  static CancellableContext withExternalDeadline(Context parent, long timeoutNanos) {
    long now = Nanos.now();
    if (timeoutNanos > MAX_TIMEOUT_NANOS) {
      return withCancel(parent);
    }
    long deadlineNanos = now + Math.max(timeoutNanos, -MAX_TIMEOUT_NANOS);
    if (!ownsDeadline(parent, now, deadlineNanos)) {
      return withCancel(parent);
    }
    DeadlineNode node = new DeadlineNode(parent, true, deadlineNanos, null, null);
    node.startUnarmed(parent, now);
    return node;
  }

  static CancellableContext withDeadline(Context parent, Instant deadline, Throwable cause) {
    long now = Nanos.now();
    long left = saturatedNanos(Duration.between(Instant.now(), deadline));
    if (left > MAX_TIMEOUT_NANOS) {
      return withCancel(parent);
    }
    return withDeadlineNanos(parent, now, now + Math.max(left, -MAX_TIMEOUT_NANOS), deadline, cause);
  }

  private static CancellableContext withDeadlineNanos(
      Context parent, long now, long deadlineNanos, Instant deadline, Throwable cause) {
    if (!ownsDeadline(parent, now, deadlineNanos)) {
      return withCancel(parent); // the parent's deadline comes first: no timer (G20, G26)
    }
    DeadlineNode node = new DeadlineNode(parent, true, deadlineNanos, deadline, cause);
    node.start(parent, now);
    return node;
  }

  /** Whether a child limited to {@code deadline} has a deadline of its own: the parent has none, or a later one. */
  static boolean ownsDeadline(Context parent, long now, long deadline) {
    Long parentDeadline = deadlineNanosOf(parent, now);
    return parentDeadline == null || parentDeadline - deadline > 0;
  }

  static <T> Context withValue(Context parent, Key<T> key, T value) {
    return new ValueNode(parent, key, value);
  }

  // --------------------------------------------------------------------------------------------------------------
  // Exceptions.

  /** A fresh exception of {@code err}'s kind with a stack trace; its cause is {@code cause} if that differs. */
  static ContextException toThrow(ContextException err, Throwable cause, String message) {
    return err.copy(message, cause == err ? null : cause);
  }

}
