package dev.ctx4j;

import dev.ctx4j.internal.Expiry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link ClockOriginTest} in a JVM whose ctx4j clock starts at an extreme value
 * ({@code -Ddev.ctx4j.test.nanoTimeStart}): deadlines across the clock's wrap-around fire on time, never early,
 * compare correctly with their parents' and report the right wall-clock instant. Prints each failure; exit 0 when
 * there is none.
 */
public final class ClockOriginMain {
  private static final List<String> failures = new ArrayList<>();

  private ClockOriginMain() {}

  public static void main(String[] args) throws Exception {
    long start = Nanos.now();
    System.out.println("clock starts at " + start + " (property " + System.getProperty("dev.ctx4j.test.nanoTimeStart")
        + ")");
    // Timeouts of 1 to 1,200 ms created over about a second, so that many straddle the wrap when it is near.
    List<CancellableContext> contexts = new ArrayList<>();
    List<Long> deadlines = new ArrayList<>();
    List<Long> fired = new ArrayList<>();
    java.util.concurrent.CountDownLatch callbacks = new java.util.concurrent.CountDownLatch(60);
    for (int i = 0; i < 60; i++) {
      long ms = 1 + (i * 37L) % 1200;
      long created = Nanos.now();
      CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(ms));
      int index = contexts.size();
      contexts.add(ctx);
      deadlines.add(created + TimeUnit.MILLISECONDS.toNanos(ms));
      fired.add(null);
      ctx.afterFunc(() -> {
        synchronized (fired) {
          fired.set(index, Nanos.now());
        }
        callbacks.countDown();
      }, Runnable::run);
      check(ctx.deadline().isPresent(), "deadline present");
      Duration left = Duration.between(Instant.now(), ctx.deadline().get());
      check(left.toMillis() <= ms && left.toMillis() >= ms - 1_000, "deadline instant " + left + " for " + ms + " ms");
      // an integration gets the deadline on System.nanoTime(), whatever ctx4j's own clock reads
      long nanoTimeLeft = Expiry.RUNTIME.deadlineAt(ctx, t -> t) - System.nanoTime();
      check(nanoTimeLeft <= TimeUnit.MILLISECONDS.toNanos(ms)
          && nanoTimeLeft > TimeUnit.MILLISECONDS.toNanos(ms - 1_000),
          "deadline on System.nanoTime() " + nanoTimeLeft + " ns away for " + ms + " ms");
      // a child asking for more time than its parent has gets no timer of its own; one asking for less does
      try (CancellableContext later = ctx.withTimeout(Duration.ofMillis(ms + 5_000));
          CancellableContext sooner = ctx.withTimeout(Duration.ofNanos(1))) {
        check(later.deadline().equals(ctx.deadline()), "parent's deadline comes first");
        if (ms >= 500) { // well ahead of the child's 1 ns even on a slow, cold JVM
          check(!sooner.deadline().equals(ctx.deadline()), "child's earlier deadline is its own (" + ms + " ms)");
        }
      }
      if (i % 6 == 0) {
        TimeUnit.MILLISECONDS.sleep(20); // spread the creations over the wrap; pacing only, nothing waits on it
      }
    }
    try (CancellableContext far = Context.background().withTimeout(Duration.ofDays(36_000));
        CancellableContext past = Context.background().withTimeout(Duration.ofMillis(-5))) {
      check(!far.done().isDone(), "a deadline 98 years away is not done");
      check(past.done().isDone(), "a deadline in the past is done at once");
    }
    // the callbacks run just after each context is done: wait for them, not for the contexts
    check(callbacks.await(10, TimeUnit.SECONDS), "every callback ran within 10 s");
    synchronized (fired) {
      for (int i = 0; i < contexts.size(); i++) {
        Long at = fired.get(i);
        if (at == null) {
          failures.add("callback " + i + " did not run");
          continue;
        }
        long late = at - deadlines.get(i);
        check(late >= 0, "timeout " + i + " fired " + (-late) + " ns early");
        check(late < TimeUnit.SECONDS.toNanos(2), "timeout " + i + " fired " + late / 1_000_000 + " ms late");
      }
    }
    long end = Nanos.now();
    System.out.println("clock ends at " + end + (Long.compare(start, end) > 0 ? " (wrapped)" : ""));
    failures.forEach(f -> System.out.println("FAILED: " + f));
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  private static void check(boolean ok, String what) {
    if (!ok) {
      failures.add(what);
    }
  }
}
