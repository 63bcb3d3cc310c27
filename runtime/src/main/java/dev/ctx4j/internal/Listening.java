package dev.ctx4j.internal;

import dev.ctx4j.spi.Ctx4jListener;
import dev.ctx4j.spi.Ctx4jListeners;
import java.util.List;

/**
 * Not API: the runtime's listener registry, reached by {@link Ctx4jListeners} (which lives outside the runtime's
 * package) through the background context, as {@link CallFactory} is.
 */
public interface Listening {
  /**
   * See {@link Ctx4jListeners#register}.
   *
   * @param listener the listener, not null
   * @return its registration
   */
  Ctx4jListeners.Registration register(Ctx4jListener listener);

  /**
   * See {@link Ctx4jListeners#registered}.
   *
   * @return the registered listeners
   */
  List<Ctx4jListener> registered();
}
