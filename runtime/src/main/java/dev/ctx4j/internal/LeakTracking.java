package dev.ctx4j.internal;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import java.util.List;

/**
 * Not API: the runtime's leak tracking, for ctx4j's test kit ({@code ctx4j-junit}). A tracker follows one root
 * context: it records, with the stack trace of the code that made each one, every cancellable context derived from
 * that root (on any thread) or created on a thread that has {@linkplain Tracker#enterThread() entered} the tracker,
 * and every {@code afterFunc} registration made on those contexts. While no tracker is open and
 * {@code dev.ctx4j.leakDetection} is off, deriving and cancelling pay one read of a static volatile flag. Implemented
 * by the runtime's background context, for the reason {@link CallFactory} gives.
 */
public interface LeakTracking {
  /** The runtime's instance. */
  LeakTracking RUNTIME = (LeakTracking) Context.background();

  /**
   * Starts tracking what is derived from {@code root}. The root itself is never reported.
   *
   * @param root a context made by ctx4j ({@code withCancel}, {@code withDeadline} or {@code withTimeout})
   * @return the tracker; close it when the root's owner is done with it
   * @throws IllegalArgumentException if {@code root} was not made by ctx4j
   */
  Tracker track(CancellableContext root);

  /**
   * Binds {@code ctx} to the calling thread and returns a mark of the binding it replaced, for
   * {@link #unbind(Object)}.
   *
   * @param ctx the context to bind
   * @return the mark
   */
  Object bind(Context ctx);

  /**
   * Restores the calling thread's binding to what {@code mark} recorded, closing every scope attached on this thread
   * since then that is still open, and returns where those scopes were attached.
   *
   * @param mark what {@link #bind(Context)} returned on this thread
   * @return the attach sites of the scopes left open (empty when none; "(site not recorded)" entries when
   *     {@code dev.ctx4j.scopeSites=false})
   */
  List<String> unbind(Object mark);

  /**
   * Reports, through the leak detector's logger, every tracked context that the garbage collector found unreachable
   * without being cancelled, now rather than when the next context is tracked. Does nothing when
   * {@code dev.ctx4j.leakDetection} is off.
   *
   * @return the number of leaks reported
   */
  int reportCollectedLeaks();

  /** What one tracker found; see {@link LeakTracking}. */
  interface Tracker extends AutoCloseable {
    /** Tracks contexts created on the calling thread too, until {@link #exitThread()}; calls nest. */
    void enterThread();

    /** Undoes the calling thread's latest {@link #enterThread()}. */
    void exitThread();

    /**
     * Returns what is still live: each tracked context that is not done and each tracked {@code afterFunc}
     * registration that has neither run nor been stopped. Each is a throwable whose message says what leaked and
     * whose stack trace is where it was created, without the runtime's own frames.
     *
     * @return the leaks, in creation order
     */
    List<Throwable> leaks();

    /** Stops tracking and forgets what was tracked; it does not cancel anything. */
    @Override
    void close();
  }
}
