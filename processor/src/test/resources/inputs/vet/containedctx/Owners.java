package vet.containedctx;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import java.io.Closeable;

class Owner implements AutoCloseable {
  private final CancellableContext ctx;

  Owner(Context parent) {
    ctx = parent.withCancel();
  }

  @Override
  public void close() {
    ctx.cancel();
  }
}

class CloseableOwner implements Closeable {
  private CancellableContext ctx;

  @Override
  public void close() {
    ctx.cancel();
  }
}

class InheritedOwner extends CloseableOwner {
  private CancellableContext more;

  @Override
  public void close() {
    more.cancel();
    super.close();
  }
}

/** A Context implementation wrapping another: holding it is what it is. */
abstract class Decorator implements Context {
  private final Context wrapped;

  Decorator(Context wrapped) {
    this.wrapped = wrapped;
  }

  @Override
  public dev.ctx4j.DoneSignal done() {
    return wrapped.done();
  }
}

class OwnerOfAPlainContext implements AutoCloseable {
  private Context plain; // expect: containedctx

  @Override
  public void close() {}
}
