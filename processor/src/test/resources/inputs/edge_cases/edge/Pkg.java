package edge;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;

/** A package-private type: its wrapper is package-private too. */
interface Pkg {
  @Timeout(100)
  void run(Context ctx);
}
