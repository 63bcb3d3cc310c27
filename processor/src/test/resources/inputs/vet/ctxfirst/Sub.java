package vet.ctxfirst;

import dev.ctx4j.Context;

/** Implements an inherited method through a superclass: exempt too. */
abstract class Sub extends Impl {
  @Override
  public abstract String find(String id, Context ctx);

  /** A record's component order is the header's; containedctx reports the stored context instead. */
  record Pair(String id, Context ctx) {} // expect: containedctx
}
