package dev.ctx4j;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/**
 * JFR event {@code dev.ctx4j.WrapperCall}: one call through a generated wrapper, from its start to its end. The default
 * threshold, 20 ms, keeps fast calls out of a recording; {@code jdk.jfr} settings ({@code
 * dev.ctx4j.WrapperCall#threshold=0 ms}) change it.
 */
@Name("dev.ctx4j.WrapperCall")
@Label("Wrapper Call")
@Category("ctx4j")
@Description("A call of a @Timeout or @Cancellable method through its generated Ctx4j_ wrapper (recorded when it"
    + " lasts at least the threshold, 20 ms by default)")
@Threshold("20 ms")
final class WrapperCallEvent extends Event {
  @Label("Method")
  @Description("The wrapped method, Type.method")
  String method;

  @Label("Limit")
  @Description("The method's @Timeout limit; 0 for a @Cancellable method")
  @Timespan(Timespan.NANOSECONDS)
  long limit;

  @Label("Outcome")
  @Description("returned, threw, timed out or cancelled")
  String outcome;
}
