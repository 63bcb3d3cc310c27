package vet.suppression;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;

class Suppressed {
  @SuppressWarnings("ctx4j")
  Context all;

  @SuppressWarnings("ctx4j:containedctx")
  Context one;

  @SuppressWarnings({"unused", "ctx4j:containedctx"})
  Context inAnArray;

  @SuppressWarnings("ctx4j:nilctx")
  Context otherRule; // expect: containedctx

  static void use(Context ctx) {}

  @SuppressWarnings("ctx4j")
  void everyRule(String name, Context ctx) {
    Context.background().done();
  }

  @SuppressWarnings("ctx4j:ctxfirst")
  void oneRule(String name, Context ctx) {
    Context.background().done(); // expect: contextcheck
  }

  void onALocal(Context parent) {
    @SuppressWarnings("ctx4j:lostcancel")
    CancellableContext ctx = parent.withCancel();
    use(ctx);
  }

  void onALocalWhoseFindingIsOnAnExit(Context parent, boolean fast) {
    @SuppressWarnings("ctx4j")
    CancellableContext ctx = parent.withCancel();
    if (fast) {
      return;
    }
    ctx.cancel();
  }

  void onALocalWithAnotherRule(Context parent) {
    @SuppressWarnings("ctx4j:nilctx")
    CancellableContext ctx = parent.withCancel(); // expect: lostcancel
    use(ctx);
  }

  void onTheParameter(String name, @SuppressWarnings("ctx4j:ctxfirst") Context ctx) {}

  @SuppressWarnings("ctx4j")
  static class Nested {
    Context ctx;

    void m(String s, Context ctx) {}
  }
}

@SuppressWarnings("ctx4j:containedctx")
class WholeClass {
  Context ctx;

  void m(String s, Context ctx) {} // expect: ctxfirst
}
