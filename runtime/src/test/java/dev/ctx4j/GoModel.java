package dev.ctx4j;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's context semantics as a plain sequential model, the specification the Lincheck tests check ctx4j against. A
 * node is {@code "live"} or {@code "<err>/<cause>"} (the strings {@link LincheckSupport#state} produces). Cancelling
 * or expiring a live node makes it and every live descendant done with the same err and cause (Go's
 * {@code child.cancel(false, p.err, p.cause)}, G6 and G38-G47); a node derived from a done node is done at once with
 * its parent's err and cause (G9, G12); a done node never changes again (G14).
 */
final class GoModel {
  /** One context of the model. */
  static final class Node {
    String state = "live";
    final List<Node> children = new ArrayList<>();

    boolean live() {
      return state.equals("live");
    }
  }

  /** A node that can never be done (Go's Background). */
  static Node root() {
    return new Node();
  }

  /** A cancellable child of {@code parent} (WithCancel, WithTimeout, WithDeadline). */
  static Node derive(Node parent) {
    Node n = new Node();
    if (parent.live()) {
      parent.children.add(n);
    } else {
      n.state = parent.state;
    }
    return n;
  }

  /** Go's cancel(cause): returns whether this call moved the node to done (a later call has no effect, G14). */
  static boolean cancel(Node n, String cause) {
    return finish(n, "Canceled/" + (cause == null ? "Canceled" : cause));
  }

  /** The timer firing for a node whose deadline cause is {@code cause}. */
  static boolean expire(Node n, String cause) {
    return finish(n, "DeadlineExceeded/" + (cause == null ? "DeadlineExceeded" : cause));
  }

  private static boolean finish(Node n, String state) {
    if (!n.live()) {
      return false;
    }
    List<Node> todo = new ArrayList<>();
    todo.add(n);
    while (!todo.isEmpty()) {
      Node c = todo.remove(todo.size() - 1);
      if (c.live()) {
        c.state = state;
        todo.addAll(c.children);
        c.children.clear();
      }
    }
    return true;
  }
}
