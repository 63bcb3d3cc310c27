package vet.containedctx;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import java.util.List;
import java.util.Optional;

class Stored {
  private Context ctx; // expect: containedctx

  static final Context ROOT = Context.background(); // expect: containedctx

  private CancellableContext live; // expect: containedctx

  private final List<Context> notAContext = List.of();

  private Optional<Context> notAContextEither = Optional.empty();

  void run(Context parameter) {
    Context local = parameter;
    local.done();
  }
}
