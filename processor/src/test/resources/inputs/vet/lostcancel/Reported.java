package vet.lostcancel;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import java.time.Duration;

class Reported {
  static void use(Context ctx) {}

  static CancellableContext make(Context parent) {
    return parent.withCancel();
  }

  void discarded(Context parent) {
    parent.withCancel(); // expect: lostcancel
  }

  void discardedTimeout(Context parent) {
    parent.withTimeout(Duration.ofSeconds(1)); // expect: lostcancel
  }

  void discardedFromAnyMethod(Context parent) {
    make(parent); // expect: lostcancel
  }

  void neverCancelled(Context parent) {
    CancellableContext ctx = parent.withTimeout(Duration.ofSeconds(1)); // expect: lostcancel
    ctx.done();
  }

  void onlyPassedAsContext(Context parent) {
    CancellableContext ctx = parent.withCancel(); // expect: lostcancel
    use(ctx);
  }

  void passedStraightOnAsContext(Context parent) {
    use(parent.withCancel()); // expect: lostcancel
  }

  void usedOnlyAsReceiver(Context parent) {
    parent.withCancel().afterFunc(() -> {}); // expect: lostcancel
  }

  int earlyReturn(Context parent, boolean fast) {
    CancellableContext ctx = parent.withCancel();
    if (fast) {
      return 0; // expect: lostcancel
    }
    use(ctx);
    ctx.cancel();
    return 1;
  }

  void earlyThrow(Context parent, String id) {
    CancellableContext ctx = parent.withCancel();
    if (id == null) {
      throw new IllegalArgumentException("id"); // expect: lostcancel
    }
    try {
      use(ctx);
    } finally {
      ctx.cancel();
    }
  }

  void cancelledOnlyOnTheEarlyPath(Context parent, boolean done) {
    CancellableContext ctx = parent.withCancel(); // expect: lostcancel
    if (done) {
      ctx.cancel();
      return;
    }
    use(ctx);
  }

  void assignedLater(Context parent) {
    CancellableContext ctx = null;
    ctx = parent.withCancel(); // expect: lostcancel
    use(ctx);
  }

  void insideLambda(Context parent) {
    Runnable task =
        () -> {
          CancellableContext ctx = parent.withCancel(); // expect: lostcancel
          use(ctx);
        };
    task.run();
  }

  int returnInLoopBeforeCancel(Context parent, int[] items) {
    CancellableContext ctx = parent.withCancel();
    for (int item : items) {
      if (item < 0) {
        return item; // expect: lostcancel
      }
    }
    ctx.cancel();
    return 0;
  }

  void oneFindingPerContext(Context parent, int n) {
    CancellableContext ctx = parent.withCancel();
    if (n == 1) {
      return; // expect: lostcancel
    }
    if (n == 2) {
      return;
    }
    ctx.cancel();
  }

  void conditionalCreation(Context parent, java.time.Instant deadline) {
    CancellableContext ctx =
        deadline == null ? parent.withCancel() : parent.withDeadline(deadline); // expect: lostcancel
    use(ctx);
  }

  static <C extends CancellableContext> C typed(C ctx) {
    return ctx;
  }

  void genericMethodDeclaredToReturnOne(Context parent) {
    CancellableContext ctx = typed(parent.withCancel()); // expect: lostcancel
    use(ctx);
  }
}
