package dev.ctx4j;

/**
 * Something registered with a cancel node: a child context or an afterFunc callback. Registrations form an intrusive
 * doubly-linked list, so removal is O(1). {@code prev}, {@code next} and membership are guarded by the owner's lock.
 */
abstract class Child {
  /** The node this is registered with; set once, under that node's lock. */
  CancelNode owner;

  Child prev;
  Child next;

  /**
   * Called, outside any lock, once the owner is done; {@code state} is the owner's. Returns a cancel node whose own
   * children must be visited next, or null.
   */
  abstract CancelNode parentDone(DoneState state);
}
