package dev.ctx4j;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event {@code dev.ctx4j.Cancelled}: a context cancelled by {@code cancel(cause)}, or by {@code cancel()} while in
 * use.
 */
@Name("dev.ctx4j.Cancelled")
@Label("Context Cancelled")
@Category("ctx4j")
@Description("A context was cancelled by cancel(cause), or by cancel() while in use (something derived from it, a"
    + " callback registered on it, or a thread waiting on it); its stack trace is the canceller's. Not recorded for"
    + " close() or a plain cancel() of a context nothing used (the normal end), nor for the descendants it ends.")
final class CancelledEvent extends Event {
  @Label("Context")
  @Description("The context's label, as in its toString(): withCancel, withDeadline(...), withCancel[Type.method]")
  String context;

  @Label("Cause Class")
  @Description("The class of the cause given to cancel(cause); absent for a plain cancel()")
  Class<?> causeClass;

  @Label("Cause Message")
  @Description("The message of the cause given to cancel(cause); absent for a plain cancel() or a cause without one")
  String causeMessage;

  @Label("Depth")
  @Description("How many contexts are above this one, up to its root (a child of background() is at depth 1)")
  int depth;

  @Label("Descendants")
  @Description("How many cancellable descendants this cancel ended with it")
  int descendants;
}
