package vet.contextcheck;

import dev.ctx4j.Context;
import java.util.function.Supplier;

class Roots {
  void handler(Context ctx) {
    Context fresh = Context.background(); // expect: contextcheck
    Context todo = Context.todo(); // expect: contextcheck
    fresh.done();
    todo.done();
  }

  void inLambda(Context ctx) {
    Supplier<Context> root = () -> Context.background(); // expect: contextcheck
    root.get();
  }

  void lambdaParameter() {
    java.util.function.Function<Context, Context> f = ctx -> Context.todo(); // expect: contextcheck
    f.apply(Context.background());
  }

  void noContextParameter() {
    Context.background().done();
  }

  static void main(String[] args) {
    Context.background().done();
  }

  void derived(Context ctx) {
    ctx.withoutCancel().done();
  }

  void innerClassIsItsOwnCode(Context ctx) {
    Supplier<Context> s =
        new Supplier<>() {
          @Override
          public Context get() {
            return Context.background();
          }
        };
    s.get();
  }
}
