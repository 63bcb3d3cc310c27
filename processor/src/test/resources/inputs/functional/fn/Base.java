package fn;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import dev.ctx4j.processor.fn.Body;
import dev.ctx4j.processor.fn.TypedApi;

/**
 * Declares {@code inherited} with @Cancellable: the annotation belongs to the method, so Ctx4j_Base and Ctx4j_Typed (which
 * inherits it) both wrap it; Typed's type-level @Timeout does not reach it (Typed does not declare it).
 */
public interface Base extends TypedApi {
  @Override
  @Cancellable
  <T> T inherited(Context ctx, Body<T> body) throws Exception;
}
