package vet.bypass;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;

@Cancellable
public class Typed {
  public String find(Context ctx, String id) {
    return id;
  }

  public static class Nested {
    @Cancellable
    public String find(Context ctx, String id) {
      return id;
    }
  }
}
