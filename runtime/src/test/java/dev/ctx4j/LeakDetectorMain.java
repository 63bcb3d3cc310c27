package dev.ctx4j;

import dev.ctx4j.internal.LeakTracking;
import java.lang.ref.WeakReference;

/**
 * Run by {@link LeakDetectorTest} in a JVM of its own with {@code -Ddev.ctx4j.leakDetection=strict} or
 * {@code sample}: drops contexts without cancelling them, collects garbage until the detector has reported them
 * (bounded retries, no sleep) and prints what it saw.
 */
public final class LeakDetectorMain {
  private static int leakLine;

  private LeakDetectorMain() {}

  /**
   * Runs the scenario.
   *
   * @param args unused
   * @throws Exception if it fails
   */
  public static void main(String[] args) throws Exception {
    boolean strict = "strict".equals(System.getProperty("dev.ctx4j.leakDetection"));
    // not leaks: cancelled directly, and cancelled through the parent
    WeakReference<Context> cancelled = notLeaked();
    int leaks = strict ? 1 : 128 * 50;
    WeakReference<Context> leaked = null;
    for (int i = 0; i < leaks; i++) {
      leaked = leak();
    }
    // the collector clears the references, then the reference handler thread enqueues them: retry, bounded
    int reported = 0;
    for (int round = 0; round < 500 && (reported == 0 || leaked.get() != null || cancelled.get() != null); round++) {
      System.gc();
      reported += LeakTracking.RUNTIME.reportCollectedLeaks();
      Thread.yield();
    }
    System.out.println("collected=" + (leaked.get() == null && cancelled.get() == null));
    System.out.println("returned=" + reported);
    System.out.println("leakLine=" + leakLine);
    System.out.flush();
  }

  private static WeakReference<Context> notLeaked() {
    CancellableContext a = Context.background().withCancel();
    CancellableContext b = a.withTimeout(ContextTestBase.FOREVER);
    a.cancel();
    return new WeakReference<>(b);
  }

  private static WeakReference<Context> leak() {
    CancellableContext c = Context.background().withCancel(); leakLine = new Throwable().getStackTrace()[0].getLineNumber();
    return new WeakReference<>(c);
  }
}
