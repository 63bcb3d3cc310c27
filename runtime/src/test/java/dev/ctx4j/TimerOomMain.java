package dev.ctx4j;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Run in a small heap by {@link TimerSurvivesOomTest}: a burst of timeouts falls due together while the heap is full,
 * then a check that deadlines still fire once the memory is free. Exit 0 when they do, 1 when not, 3 when the set-up
 * was too slow to test anything.
 */
public final class TimerOomMain {
  private TimerOomMain() {}

  public static void main(String[] args) throws Exception {
    System.out.println("burst of timeouts on a full heap"); // initialises printing while there is memory
    System.err.println("(stderr ready)");
    // link now what this thread calls while the heap is full
    java.lang.ref.Reference.reachabilityFence(null);
    Thread.onSpinWait();
    int burst = 300_000;
    List<CancellableContext> due = new ArrayList<>(burst);
    // one instant for all: the whole burst falls into one tick of the timer wheel, far enough for the set-up below
    Instant at = Instant.now().plusMillis(4_000);
    long setUpEnds = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3_500);
    for (int i = 0; i < burst; i++) {
      due.add(Context.background().withDeadline(at));
    }
    CancellableContext last = due.get(burst - 1);
    // Fill the heap completely; from here until the burst has expired this thread allocates nothing.
    // (a chain of small blocks, so that no big array of the ballast's own fails first and leaves room)
    Object[] ballast = null;
    try {
      for (int size = 1024; size > 0; size /= 4) {
        try {
          while (true) {
            ballast = new Object[] {ballast, new long[size]};
          }
        } catch (OutOfMemoryError fullAtThisSize) {
          // try smaller blocks, until even the smallest does not fit
        }
      }
    } catch (OutOfMemoryError full) {
      // the heap is full
    }
    boolean inTime = System.nanoTime() - setUpEnds < 0;
    // Keep the heap full until a second after the burst was due: the timer meets it with no memory to spare.
    long dueEnds = setUpEnds + 1_500_000_000L;
    try {
      while (System.nanoTime() - dueEnds < 0) {
        Thread.onSpinWait();
      }
    } catch (OutOfMemoryError mainThreadToo) {
      // this thread is not what is tested: free the heap and go on
    }
    java.lang.ref.Reference.reachabilityFence(ballast);
    ballast = null;
    System.gc();
    // With the memory back, every deadline must fire: the burst's and a new one.
    boolean burstDone = last.done().await(30, TimeUnit.SECONDS);
    due = null;
    last = null;
    if (!inTime) {
      System.out.println("set-up took too long: the burst was due before the heap was full");
      System.exit(3);
    }
    CancellableContext probe = Context.background().withTimeout(Duration.ofMillis(10));
    boolean fired = probe.done().await(10, TimeUnit.SECONDS);
    System.out.println("burst expired: " + burstDone + ", a deadline after it fired: " + fired);
    System.exit(fired && burstDone ? 0 : 1);
  }
}
