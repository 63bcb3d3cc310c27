package dev.ctx4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** VarHandle look-ups for the runtime's lock-free fields, failing class initialisation with the field named. */
final class Handles {
  private Handles() {}

  static VarHandle field(MethodHandles.Lookup lookup, Class<?> owner, String name, Class<?> type) {
    try {
      return lookup.findVarHandle(owner, name, type);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(new IllegalStateException(owner.getName() + "." + name, e));
    }
  }
}
