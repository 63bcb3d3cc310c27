package dev.ctx4j.internal;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Not API: lets ctx4j's own integrations give a context a deadline that the engine they bridge enforces, end a
 * context as its deadline would when that engine learns first that the deadline has passed (a gRPC server has its
 * own deadline timer, and sees the client's deadline reset the stream before that timer fires), and hand a context's
 * deadline to an engine as the same moment on its clock. Implemented by the runtime's background context, for the
 * reason {@link CallFactory} gives.
 */
public interface Expiry {
  /** The runtime's instance. */
  Expiry RUNTIME = (Expiry) Context.background();

  /**
   * Derives a context whose deadline, {@code timeout} from now, is reported ({@code deadline()},
   * {@code timeRemaining()}, and to every descendant) but enforced by the caller, not by the runtime's timer: the
   * caller ends it with {@link #expire} when its own timer fires (a gRPC server's deadline timer), so that no second
   * timer entry is armed for the same deadline. If the parent's deadline comes first, the result is a plain
   * {@code withCancel} child; a timeout that is not positive gives a context already expired.
   *
   * @param parent the parent
   * @param timeout the time left until the deadline
   * @param unit the unit of {@code timeout}
   * @return the new context, which the caller must end ({@link #expire}, {@code cancel()})
   * @throws NullPointerException if {@code parent} or {@code unit} is null
   */
  CancellableContext withExternalDeadline(Context parent, long timeout, TimeUnit unit);

  /**
   * Ends {@code context} as if its deadline had passed now: its error becomes
   * {@link dev.ctx4j.DeadlineExceededException}, with {@code cause} as its cause, and every descendant ends with it,
   * exactly as when the runtime's timer fires; JFR and listeners see a deadline (a JFR {@code DeadlineExceeded} event,
   * whose overshoot reads zero when the context is expired before its own deadline), or, for a context without a
   * deadline, an explicit cancel. Does nothing if the context is already done.
   *
   * @param context a context made by ctx4j's runtime ({@code withCancel}, {@code withTimeout} or
   *     {@code withDeadline})
   * @param cause the cause to report, or null for none
   * @return whether this call ended the context
   * @throws NullPointerException if {@code context} is null
   * @throws IllegalArgumentException if {@code context} was not made by ctx4j's runtime
   */
  boolean expire(CancellableContext context, Throwable cause);

  /**
   * Ends the context that holds {@code context}'s deadline ({@code context} itself, or the ancestor whose deadline it
   * inherits) exactly as ctx4j's timer will, if that deadline has passed or passes within {@code wait} (which this
   * waits out): for an engine whose own timer for the same deadline fired first (ctx4j's timer fires on its next
   * tick, up to about a millisecond later), or a little before it (an engine that rounds its timeout, or that got the
   * deadline as a slightly earlier moment). The context's error, its cause (the one given to {@code withTimeout} or
   * {@code withDeadline}) and every descendant then agree with the engine's status at once. Does nothing for a
   * deadline further away, for a context without one, or for a deadline ctx4j does not keep (a foreign context's).
   *
   * @param context any context
   * @param wait how long to wait at most for the deadline to pass, in nanoseconds; zero for not at all
   * @return whether {@code context} is done when this returns
   * @throws NullPointerException if {@code context} is null
   * @throws IllegalArgumentException if {@code wait} is negative
   */
  boolean expireIfDue(Context context, long wait);

  /**
   * Hands {@code context}'s deadline to {@code convert} as a {@link System#nanoTime()} value, for an engine that keeps
   * its deadlines on that clock (grpc-java's {@code Deadline}), and returns what it makes; null, without calling it,
   * when the context has no deadline. A deadline that ctx4j keeps is handed over as it is, without reading the clock
   * (so the engine's deadline is the same moment, not one measured again a little later); a foreign context's
   * wall-clock deadline is converted at the current time, as {@code timeRemaining()} does.
   *
   * @param context any context
   * @param convert makes the engine's deadline from a {@code System.nanoTime()} value
   * @param <T> the engine's deadline type
   * @return what {@code convert} made, or null when the context has no deadline
   * @throws NullPointerException if {@code context} or {@code convert} is null
   */
  <T> T deadlineAt(Context context, LongFunction<T> convert);
}
