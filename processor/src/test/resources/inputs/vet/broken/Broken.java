package vet.broken;

import dev.ctx4j.Context;

class Broken {
  private Context stored;

  void m(String name, Context ctx) {
    Context.background();
    ctx.withCancel();
    undefined(name);
  }
}
