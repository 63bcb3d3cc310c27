package dev.ctx4j;

import dev.ctx4j.spi.CallOutcome;
import dev.ctx4j.spi.Ctx4jListener;
import dev.ctx4j.spi.Ctx4jListeners;
import dev.ctx4j.spi.WrappedMethodInfo;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@code ListenerDiscoveryTest} in a JVM of its own, with a provider file naming {@link Discovered} on the
 * class path: shows that it was found at first use, and that a throwing listener is logged once.
 */
final class ListenerDiscoveryMain {
  private ListenerDiscoveryMain() {}

  /** The listener the provider file names: prints what it sees. */
  public static final class Discovered implements Ctx4jListener {
    /** Called by {@link java.util.ServiceLoader}. */
    public Discovered() {
      System.out.println("discovered");
    }

    @Override
    public void callEnded(WrappedMethodInfo method, CallOutcome outcome, Throwable thrown, long durationNanos) {
      System.out.println("discovered saw " + method.label() + " " + outcome);
    }
  }

  /** Throws from every method. */
  static final class Broken implements Ctx4jListener {
    @Override
    public void callEnded(WrappedMethodInfo method, CallOutcome outcome, Throwable thrown, long durationNanos) {
      throw new IllegalStateException("broken listener");
    }

    @Override
    public void contextEnded(Context context, ContextException err, Throwable cause, boolean byAncestor) {
      throw new IllegalStateException("broken listener");
    }
  }

  public static void main(String[] args) {
    System.out.println("before first use");
    Ctx4jListeners.register(new Broken());
    System.out.println("registered: " + Ctx4jListeners.registered().size());
    for (int i = 0; i < 3; i++) {
      JfrEventsTest.call(dev.ctx4j.internal.WrappedMethod.timeout(ListenerDiscoveryMain.class, "m",
          "ListenerDiscoveryMain.m", 1, TimeUnit.SECONDS, false, true), Context.background(), ctx -> "ok");
      Context.background().withCancel().cancel();
    }
    System.out.println("done");
  }
}
