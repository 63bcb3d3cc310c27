package dev.ctx4j;

/**
 * A context implemented by ctx4j. Each keeps direct links to the contexts that answer for it, so that no query walks
 * the chain (rule J6). The methods are public only because interface methods are; the type is package-private.
 */
interface StdContext extends Context {
  /** The parent, or null for a root. */
  Context parent();

  /** The context whose done signal and error this one reports: a cancel node, a foreign context, or null (never). */
  Context doneOwner();

  /** The context whose deadline this one reports: a deadline node, a foreign context, or null (none). */
  Context deadlineOwner();

  /** The context that answers value lookups: a value node, a foreign context, or null (no values). */
  Context valueOwner();

  /** This context's part of {@code toString()}, after the parent's and a dot. */
  String label();
}
