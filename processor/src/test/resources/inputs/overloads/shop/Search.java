package shop;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.util.List;

/** Overloads: each keeps its own signature and policy. */
public interface Search {
  @Timeout(100)
  List<String> query(Context ctx, String text);

  @Timeout(200)
  List<String> query(Context ctx, String text, int limit);

  @Cancellable
  List<String> query(Context ctx, List<String> words);

  List<String> query(String text);
}
