package vet.ctxfirst;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;

class Impl implements Api {
  Impl(int size, Context ctx) {} // expect: ctxfirst

  Impl() {}

  @Override
  public String find(String id, Context ctx) {
    return id;
  }

  @Override
  public String load(Context ctx, String id) {
    return id;
  }

  @Override
  public String wrapped(String id, Context ctx) {
    return id;
  }

  static void helper(String name, CancellableContext ctx) {} // expect: ctxfirst

  void twoContexts(Context first, String name, Context second) {}

  void noContext(String name) {}

  private void overloaded(String name, Context ctx) {} // expect: ctxfirst

  void generic(java.util.List<Context> contexts, Context ctx) {} // expect: ctxfirst
}
