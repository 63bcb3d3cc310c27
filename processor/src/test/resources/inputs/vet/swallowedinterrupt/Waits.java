package vet.swallowedinterrupt;

import dev.ctx4j.CancelledException;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.Timeout;
import java.time.Duration;
import java.util.concurrent.CancellationException;

public class Waits {
  void swallows(Context ctx) {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) { // expect: swallowedinterrupt
      System.out.println("interrupted");
    }
  }

  void swallowsCancellation(Context ctx) {
    try {
      ctx.throwIfDone();
    } catch (ContextException e) { // expect: swallowedinterrupt
      System.out.println("done");
    }
  }

  void swallowsASubtype(Context ctx) {
    try {
      ctx.throwIfDone();
    } catch (CancelledException e) { // expect: swallowedinterrupt
    }
  }

  void swallowsInAMultiCatch(Context ctx) {
    try {
      ctx.sleep(Duration.ofMillis(1));
    } catch (IllegalStateException | InterruptedException e) { // expect: swallowedinterrupt
      System.out.println(e);
    }
  }

  @Timeout(100)
  public void annotated() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) { // expect: swallowedinterrupt
    }
  }

  void restores(Context ctx) {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void rethrows(Context ctx) {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  void consults(Context ctx) {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      if (ctx.err() != null) {
        System.out.println("cancelled");
      }
    }
  }

  void throwsIfDone(Context ctx) {
    try {
      ctx.sleep(Duration.ofMillis(1));
    } catch (InterruptedException e) {
      ctx.throwIfDone();
    }
  }

  int returns(Context ctx) {
    try {
      ctx.sleep(Duration.ofMillis(1));
    } catch (CancellationException | InterruptedException e) {
      return -1;
    }
    return 0;
  }

  void noContextHere() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      System.out.println("not ctx4j code");
    }
  }

  void otherExceptions(Context ctx) {
    try {
      Integer.parseInt("x");
    } catch (NumberFormatException e) {
      System.out.println(e);
    }
  }

  String restoredInAFinallyAfterwards(Context ctx, java.util.concurrent.BlockingQueue<String> queue) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return queue.take();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  void interruptBeforeTheCatchDoesNotCount(Context ctx) {
    Thread.currentThread().interrupt();
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) { // expect: swallowedinterrupt
      System.out.println("interrupted");
    }
  }
}
