package shop;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;

/** A nested interface: its wrapper is the top-level Ctx4j_Outer_Inner. */
public class Outer {
  private Outer() {}

  public interface Inner {
    @Timeout(10)
    String name(Context ctx);
  }
}
