package demo;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import java.time.Duration;

/** Code that uses contexts as it should: ctx4j vet reports nothing here. */
public final class Clean {
  private Clean() {}

  /**
   * Looks a row up through the generated wrapper, under a context that is always cancelled.
   *
   * @param repo the repository
   * @param id the row's id
   * @return the row
   */
  public static String lookUp(Repo repo, String id) {
    Repo bounded = new Ctx4j_Repo(repo);
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(1))) {
      return bounded.find(ctx, id);
    }
  }
}
