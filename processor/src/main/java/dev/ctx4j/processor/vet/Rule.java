package dev.ctx4j.processor.vet;

import java.util.Locale;

/** The rules of {@link Ctx4jVet}, each named as in its messages ({@code [ctx4j:lostcancel]}) and options. */
enum Rule {
  /** A {@code CancellableContext} not cancelled on every path out of the method that created it. */
  LOSTCANCEL,
  /** A {@code Context} parameter that is not the first. */
  CTXFIRST,
  /** A field of type {@code Context}. */
  CONTAINEDCTX,
  /** {@code Context.background()} or {@code todo()} in a method that has a {@code Context} parameter. */
  CONTEXTCHECK,
  /** {@code null} passed as a {@code Context}. */
  NILCTX,
  /** {@code new Foo(...)} of a class that has a generated wrapper {@code Ctx4j_Foo}. */
  BYPASS,
  /** A catch of an interrupt or cancellation that drops it. */
  SWALLOWEDINTERRUPT;

  /** The rule's name in messages, options and {@code @SuppressWarnings("ctx4j:<name>")}. */
  String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Returns the rule named {@code id}, or null. */
  static Rule byId(String id) {
    for (Rule rule : values()) {
      if (rule.id().equals(id)) {
        return rule;
      }
    }
    return null;
  }
}
