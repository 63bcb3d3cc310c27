package fn;

import dev.ctx4j.Context;
import dev.ctx4j.processor.fn.Body;

public final class TypedImpl implements Typed {
  @Override
  public <T> T fromType(Context ctx, Body<T> body) throws Exception {
    return body.run(ctx);
  }

  @Override
  public <T> T own(Context ctx, Body<T> body) throws Exception {
    return body.run(ctx);
  }

  @Override
  public <T> T inherited(Context ctx, Body<T> body) throws Exception {
    return body.run(ctx);
  }
}
