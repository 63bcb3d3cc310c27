package dev.ctx4j;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR event {@code dev.ctx4j.DeadlineExceeded}: a context's own deadline fired. */
@Name("dev.ctx4j.DeadlineExceeded")
@Label("Deadline Exceeded")
@Category("ctx4j")
@Description("A context's own deadline passed and ctx4j's timer ended it (the contexts below it, which end with it,"
    + " are not recorded separately)")
@StackTrace(false)
final class DeadlineExceededEvent extends Event {
  @Label("Context")
  @Description("The context's label, as in its toString(): withDeadline(...), or withDeadline(...)[Type.method] for a"
      + " wrapper call")
  String context;

  @Label("Budget")
  @Description("The time the context was given: from its creation to its deadline")
  @Timespan(Timespan.NANOSECONDS)
  long budget;

  @Label("Overshoot")
  @Description("How late the deadline fired: the time it was enforced minus the deadline")
  @Timespan(Timespan.NANOSECONDS)
  long overshoot;

  @Label("Depth")
  @Description("How many contexts are above this one, up to its root (a child of background() is at depth 1)")
  int depth;

  @Label("Descendants")
  @Description("How many cancellable descendants ended with it")
  int descendants;
}
