package vet.bypass;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;

public class Service {
  public Service() {}

  /** The wrapper mirrors this constructor: its copy in Ctx4j_Service is not reported again. */
  public Service(String name, Context ctx) {} // expect: ctxfirst

  @Timeout(100)
  public String find(Context ctx, String id) {
    return id;
  }

  static Service plainForTests() {
    return new Service();
  }
}
