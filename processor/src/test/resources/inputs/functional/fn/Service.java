package fn;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import dev.ctx4j.processor.fn.Body;
import dev.ctx4j.processor.fn.ServiceApi;

/** A class: its wrapper is a subclass that mirrors these constructors. */
public class Service implements ServiceApi {
  private final String name;

  public Service(String name) {
    this.name = name;
  }

  protected Service() {
    this("default");
  }

  @Override
  @Timeout(300)
  public <T> T timed(Context ctx, Body<T> body) throws Exception {
    return body.run(ctx);
  }

  @Override
  public String name() {
    return name;
  }
}
