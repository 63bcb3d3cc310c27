package vet.nilctx;

import dev.ctx4j.Context;

class Nils {
  Nils(Context ctx) {}

  Nils() {
    this(null); // expect: nilctx
  }

  static class Child extends Nils {
    Child() {
      super(null); // expect: nilctx
    }
  }

  static void call(Context ctx, String name) {}

  static void names(String... names) {}

  static void contexts(Context... all) {}

  static <C extends Context> void bounded(C ctx) {}

  void m() {
    call(null, "x"); // expect: nilctx
    new Nils(null); // expect: nilctx
    call((Context) null, "x"); // expect: nilctx
    contexts(Context.todo(), null); // expect: nilctx
    bounded(null); // expect: nilctx
    call(Context.todo(), null);
    names(null, null);
    new Nils(Context.todo());
  }
}
