package dev.ctx4j;

/**
 * Something registered with a cancel node: a child context ({@link CancelNode}) or an afterFunc callback
 * ({@link AfterFuncNode}). Registrations form an intrusive doubly-linked list, so removal is O(1). {@code prev},
 * {@code next} and membership are guarded by the owner's lock until the owner is done; then only the thread that
 * cancelled the owner touches them.
 */
class Child {
  /** The node this is registered with; set once, under that node's lock. */
  CancelNode owner;

  Child prev;
  Child next;
}
