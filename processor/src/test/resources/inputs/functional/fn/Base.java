package fn;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import dev.ctx4j.processor.fn.Body;
import dev.ctx4j.processor.fn.TypedApi;

/** Declares {@code inherited} with @Cancellable: Ctx4j_Base wraps it, Ctx4j_Typed (which does not redeclare it) does not. */
public interface Base extends TypedApi {
  @Override
  @Cancellable
  <T> T inherited(Context ctx, Body<T> body) throws Exception;
}
