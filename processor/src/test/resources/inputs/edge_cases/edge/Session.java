package edge;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.io.Serializable;

/** A serializable class wrapped by a subclass. */
public class Session implements Serializable {
  private static final long serialVersionUID = 1L;

  @Timeout(100)
  public String id(Context ctx) {
    return "id";
  }
}
