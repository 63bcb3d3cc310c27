package demo;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;

/** A service whose calls ctx4j bounds: the processor generates {@code Ctx4j_Repo}. */
public interface Repo {
  /**
   * Finds a row.
   *
   * @param ctx the caller's context
   * @param id the row's id
   * @return the row
   */
  @Timeout(500)
  String find(Context ctx, String id);
}
