package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * When the timer thread wakes: it sleeps until the earliest armed deadline (not the end of that deadline's bucket),
 * an entry armed while it sleeps for a later one wakes it, and an entry more than one wheel turn (about 4.3 s) away is
 * found on the turn it falls due. Each waits with a bound far above the deadline but far below the mistake it guards
 * against (a sleep for the wrong entry, a missed turn).
 */
class TimerWakeTest extends ContextTestBase {
  @Test
  void anEarlierDeadlineArmedWhileTheTimerSleepsForALaterOneWakesIt() throws InterruptedException {
    try (CancellableContext later = Context.background().withTimeout(Duration.ofSeconds(30))) {
      // the timer now sleeps until the 30 s deadline (nothing else is armed by this test)
      long start = System.nanoTime();
      try (CancellableContext sooner = Context.background().withTimeout(Duration.ofMillis(20))) {
        awaitDone(sooner);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis >= 20, "fired early: after " + tookMillis + " ms");
        assertTrue(tookMillis < 5_000, "the sooner deadline waited for the later one: " + tookMillis + " ms");
      }
      assertFalse(later.done().isDone(), "the later deadline fired with the sooner one");
    }
  }

  @Test
  void aDeadlineMoreThanOneWheelTurnAwayFiresOnItsTurn() throws InterruptedException {
    long start = System.nanoTime();
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(5_000))) {
      assertTrue(ctx.done().await(12, TimeUnit.SECONDS), "not done 12 s after a 5 s timeout");
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(tookMillis >= 5_000, "fired early: after " + tookMillis + " ms");
      // a missed turn would be 4,295 ms more
      assertTrue(tookMillis < 5_000 + 3_000, "fired a wheel turn late: after " + tookMillis + " ms");
    }
  }
}
