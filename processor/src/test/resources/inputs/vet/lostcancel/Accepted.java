package vet.lostcancel;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;

class Accepted implements AutoCloseable {
  private CancellableContext owned;

  static void use(Context ctx) {}

  static void own(CancellableContext ctx) {
    ctx.cancel();
  }

  static void closeLater(AutoCloseable resource) {}

  @Override
  public void close() {
    owned.cancel();
  }

  void tryWithResources(Context parent) {
    try (CancellableContext ctx = parent.withTimeout(Duration.ofSeconds(1))) {
      use(ctx);
    }
  }

  void existingVariableAsResource(Context parent) {
    CancellableContext ctx = parent.withCancel();
    try (ctx) {
      use(ctx);
    }
  }

  void cancelledInFinally(Context parent, boolean fast) {
    CancellableContext ctx = parent.withCancel();
    try {
      if (fast) {
        return;
      }
      if (ctx.err() != null) {
        throw new IllegalStateException("done");
      }
      use(ctx);
    } finally {
      ctx.cancel();
    }
  }

  void createdInTryClosedInFinally(Context parent) {
    CancellableContext ctx = null;
    try {
      ctx = parent.withCancel();
      if (ctx.err() != null) {
        throw new IllegalStateException("done");
      }
      use(ctx);
    } finally {
      if (ctx != null) {
        ctx.close();
      }
    }
  }

  CancellableContext returned(Context parent) {
    CancellableContext ctx = parent.withCancel();
    use(ctx);
    return ctx;
  }

  CancellableContext returnedDirectly(Context parent) {
    return parent.withTimeout(Duration.ofSeconds(1));
  }

  void assignedToField(Context parent) {
    owned = parent.withCancel();
  }

  void localAssignedToField(Context parent) {
    CancellableContext ctx = parent.withCancel();
    use(ctx);
    this.owned = ctx;
  }

  void passedAsCancellableContext(Context parent) {
    CancellableContext ctx = parent.withCancel();
    own(ctx);
  }

  void passedAsAutoCloseable(Context parent) {
    CancellableContext ctx = parent.withCancel();
    closeLater(ctx);
  }

  void passedStraightToAnOwner(Context parent) {
    own(parent.withCancel());
  }

  void addedToACollection(Context parent, List<CancellableContext> all) {
    all.add(parent.withCancel());
    CancellableContext ctx = parent.withCancel();
    all.add(ctx);
  }

  void lambdaCancels(Context parent, Executor executor) {
    CancellableContext ctx = parent.withCancel();
    executor.execute(
        () -> {
          use(ctx);
          ctx.cancel();
        });
  }

  void innerClassCancels(Context parent, Executor executor) {
    CancellableContext ctx = parent.withCancel();
    executor.execute(
        new Runnable() {
          @Override
          public void run() {
            ctx.cancel();
          }
        });
  }

  void methodReferenceCancels(Context parent, Executor executor) {
    CancellableContext ctx = parent.withCancel();
    executor.execute(ctx::cancel);
  }

  void cancelledOnEveryPath(Context parent, boolean done) {
    CancellableContext ctx = parent.withCancel();
    if (done) {
      ctx.cancel();
      return;
    }
    use(ctx);
    ctx.cancel();
  }

  int bothBranches(Context parent, boolean a) {
    CancellableContext ctx = parent.withCancel();
    if (a) {
      ctx.cancel();
    } else {
      ctx.close();
    }
    return 1;
  }

  void cancelledBeforeThrow(Context parent) {
    CancellableContext ctx = parent.withCancel();
    if (ctx.err() != null) {
      ctx.cancel();
      throw new IllegalStateException("done");
    }
    ctx.cancel();
  }

  void switchCancelsInEveryCase(Context parent, int mode) {
    CancellableContext ctx = parent.withCancel();
    switch (mode) {
      case 1 -> ctx.cancel();
      default -> ctx.close();
    }
  }

  void throwCaughtInside(Context parent, String id) {
    CancellableContext ctx = parent.withCancel();
    try {
      if (id == null) {
        throw new IllegalArgumentException("id");
      }
    } catch (IllegalArgumentException e) {
      use(ctx);
    }
    ctx.cancel();
  }

  void aliasCancels(Context parent) {
    CancellableContext ctx = parent.withCancel();
    CancellableContext other = ctx;
    other.cancel();
  }

  void parameterIsTheCallersToCancel(CancellableContext ctx) {
    use(ctx);
  }

  void exceptionFromACallIsNotAPath(Context parent) {
    CancellableContext ctx = parent.withCancel();
    use(ctx);
    ctx.cancel();
  }

  void loopForeverCancelsOnItsOnlyExit(Context parent, ArrayDeque<String> queue) {
    CancellableContext ctx = parent.withCancel();
    while (true) {
      if (queue.isEmpty()) {
        ctx.cancel();
        return;
      }
      queue.poll();
    }
  }

  void eachIteration(Context parent, int n) {
    for (int i = 0; i < n; i++) {
      CancellableContext ctx = parent.withCancel();
      try {
        if (i == 3) {
          continue;
        }
        use(ctx);
      } finally {
        ctx.cancel();
      }
    }
  }

  void cancelReturnsABoolean(Context parent) {
    if (parent.withCancel().cancel()) {
      use(parent);
    }
  }

  void conditionalCreationInTryWithResources(Context parent, java.time.Instant deadline) {
    CancellableContext ctx = deadline == null ? parent.withCancel() : parent.withDeadline(deadline);
    try (ctx) {
      use(ctx);
    }
  }

  void retriesInsideTryFinally(Context parent, int attempts) {
    CancellableContext ctx = parent.withTimeout(Duration.ofSeconds(1));
    try {
      for (int i = 0; ; i++) {
        try {
          use(ctx);
          return;
        } catch (IllegalStateException e) {
          if (i == attempts) {
            throw e;
          }
        }
      }
    } finally {
      ctx.cancel();
    }
  }

  void cancelledByACallbackOnAFuture(Context parent, java.util.concurrent.CompletableFuture<String> future) {
    CancellableContext ctx = parent.withCancel();
    future.whenComplete((value, error) -> ctx.cancel());
  }

  void labeledBreak(Context parent, boolean skip) {
    CancellableContext ctx = parent.withCancel();
    work:
    {
      if (skip) {
        break work;
      }
      use(ctx);
    }
    ctx.cancel();
  }

  void oldStyleSwitch(Context parent, int mode) {
    CancellableContext ctx = parent.withCancel();
    switch (mode) {
      case 1:
        use(ctx);
        break;
      default:
        break;
    }
    ctx.cancel();
  }

  Context derivedButCancelled(Context parent) {
    try (CancellableContext ctx = parent.withCancel()) {
      return ctx.withoutCancel();
    }
  }

  void inAListOfContexts(Context parent, List<Context> all) {
    all.add(parent.withCancel());
    CancellableContext ctx = parent.withCancel();
    all.add(ctx);
  }

  void takenFromAContainerThatOwnsIt(List<CancellableContext> all) {
    CancellableContext ctx = all.get(0);
    use(ctx);
  }
}
