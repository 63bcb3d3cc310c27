package fn;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import dev.ctx4j.processor.fn.Body;
import java.util.concurrent.TimeUnit;

/** A type-level @Timeout of one minute; one method's own @Timeout(300) wins. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
public interface Typed extends Base {
  @Override
  <T> T fromType(Context ctx, Body<T> body) throws Exception;

  @Override
  @Timeout(300)
  <T> T own(Context ctx, Body<T> body) throws Exception;
}
