package shop;

import dev.ctx4j.Cancellable;
import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.io.IOException;

/** An interface with a timed method, a cancellable one, a default method and a method left alone. */
public interface OrderService {
  @Timeout(200)
  String find(Context ctx, String id) throws IOException;

  @Cancellable(interrupt = false)
  void cancel(Context ctx, long id);

  @Timeout(value = 2, unit = java.util.concurrent.TimeUnit.SECONDS)
  default int count(Context ctx) {
    return 0;
  }

  boolean isOpen();
}
