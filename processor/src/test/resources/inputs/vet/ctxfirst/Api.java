package vet.ctxfirst;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;

interface Api {
  String find(String id, Context ctx); // expect: ctxfirst

  String load(Context ctx, String id);

  /** Wrapped by the processor, whose [Ctx4jContextNotFirst] already says it: not repeated. */
  @Timeout(100)
  String wrapped(String id, Context ctx);
}
