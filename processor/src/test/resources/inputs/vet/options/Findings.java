package vet.options;

import dev.ctx4j.Context;

class Findings {
  private Context stored; // expect: containedctx

  static void use(Context ctx) {}

  void m(String name, Context ctx) { // expect: ctxfirst
    use(null); // expect: nilctx
    ctx.withCancel(); // expect: lostcancel
  }
}
