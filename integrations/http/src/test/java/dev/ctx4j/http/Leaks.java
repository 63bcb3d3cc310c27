package dev.ctx4j.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctx4j.Context;
import dev.ctx4j.internal.Introspection;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks that a test leaves nothing behind: no armed deadline in ctx4j's timer, no registration on a context, no
 * thread that the test started (servers, executors) still running.
 */
final class Leaks {
  /** Long-lived threads that are not the test's: ctx4j's timer and callback pool, the JDK client's selector. */
  private static final String[] SHARED_THREAD_PREFIXES = {"ctx4j-", "HttpClient-", "ForkJoinPool", "Common-Cleaner",
      // the JDK's own, started lazily by the first virtual thread (the runtime runs callbacks in virtual threads on 21+)
      "VirtualThread-"};

  private final long timers;
  private final Set<Thread> threads;

  private Leaks() {
    this.timers = Introspection.RUNTIME.pendingTimers();
    this.threads = new HashSet<>(Thread.getAllStackTraces().keySet());
  }

  /** Takes the baseline. */
  static Leaks baseline() {
    return new Leaks();
  }

  /** Asserts that the timer holds as many entries as at the baseline. */
  void assertNoTimers() {
    assertEquals(timers, Introspection.RUNTIME.pendingTimers(), "armed deadlines left in ctx4j's timer");
  }

  /** Asserts that nothing is registered on {@code ctx}. */
  static void assertNoRegistrations(Context ctx) {
    assertEquals(0, Introspection.RUNTIME.registrations(ctx), "registrations left on " + ctx);
  }

  /**
   * Asserts that every thread started since the baseline (other than shared, long-lived ones) ends: each is joined
   * for a generous time, so a thread that is merely finishing does not fail the test.
   */
  void assertNoThreads() throws InterruptedException {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (threads.contains(t) || shared(t)) {
        continue;
      }
      t.join(20_000);
      if (t.isAlive()) {
        fail("thread left running: " + t + "\n" + Arrays.stream(t.getStackTrace())
            .map(e -> "\tat " + e).collect(Collectors.joining("\n")));
      }
    }
  }

  private static boolean shared(Thread t) {
    for (String prefix : SHARED_THREAD_PREFIXES) {
      if (t.getName().startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
