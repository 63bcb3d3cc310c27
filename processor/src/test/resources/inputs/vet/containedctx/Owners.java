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

class OwnerOfAPlainContext implements AutoCloseable {
  private Context plain; // expect: containedctx

  @Override
  public void close() {}
}
