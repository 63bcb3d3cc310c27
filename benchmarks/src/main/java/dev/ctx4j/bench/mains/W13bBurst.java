package dev.ctx4j.bench.mains;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.DoneSignal;
import dev.ctx4j.bench.Figure;
import dev.ctx4j.bench.Stats;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * W13b, a burst of expiries: how late a deadline 1 ms after a burst fires, for ctx4j and for a
 * {@link ScheduledThreadPoolExecutor} on the same schedule, in two shapes and a control.
 *
 * <ul>
 *   <li>{@code None}, the control: one context due at T ({@code withDeadline(T)}) that nobody waits on; the peer's
 *       task at T completes a future nobody waits on. What the later deadline's lateness is on this machine without a
 *       burst.
 *   <li>{@code Idle}: {@value #WAITERS} contexts due at T that nobody waits on (the peer: {@value #WAITERS} futures
 *       nobody waits on): what expiring a burst costs without waking anyone.
 *   <li>{@code One}: {@value #WAITERS} platform threads blocked in {@code ctx.done().await()} on one context whose
 *       deadline is the instant T ({@code withDeadline(T)}). The peer: one task scheduled at T completes a
 *       {@link CompletableFuture} the threads wait on with {@code get()}.
 *   <li>{@code Many}: {@value #WAITERS} contexts, each with one blocked waiter, all created with
 *       {@code withDeadline(T)} for the same {@link Instant} T (so they share one timer tick). The peer: one task at T
 *       completes {@value #WAITERS} futures, one per waiting thread.
 *   <li>In both, an unrelated deadline at T + 1 ms records when it fires: for ctx4j
 *       {@code withTimeout(T + 1 ms − now)} armed after the burst, with {@code afterFunc(callback, Runnable::run)}
 *       (so the callback runs on the timer thread that expires it); for the peer a second task scheduled at T + 1 ms
 *       on the same one-thread executor. Its lateness, {@code fired − (T + 1 ms)}, is the figure: how much the burst
 *       delayed a later deadline.
 * </ul>
 *
 * <p>Each round picks T {@value #LEAD_MS} ms ahead, creates and arms everything, hands each waiting thread its wait,
 * and checks that every thread is parked ({@link Thread.State#WAITING}) before T; a round where they were not (a
 * machine too loaded to start 2,000 waits in time) is discarded and repeated. The waiting threads live for the whole
 * run. Besides the lateness, each round records the time from T until the last waiter is running again, and the CPU
 * time of the firing thread (ctx4j's timer thread, the executor's one thread) from just before T until the round is
 * over: the burst's own cost on that thread, without the time it spent waiting for a core.
 *
 * <p>{@value #WARMUPS} unmeasured rounds, then {@value #ROUNDS} measured rounds per shape and library, alternating
 * libraries round by round. Figures, per shape ({@code None}, {@code Idle}, {@code One}, {@code Many}):
 * {@code W13b<shape>p50}, {@code p99}, {@code max} (lateness of the later deadline, ms), {@code wake} (median from T
 * to the last waiter running, ms; only where threads wait) and {@code cpu} (median CPU time of the firing thread per
 * round, ms).
 */
public final class W13bBurst {
  static final int WAITERS = 2_000;
  static final int WARMUPS = 3;
  static final int ROUNDS = 20;
  static final long LEAD_MS = 500;
  static final long LATER_NANOS = LatenessRound.ms(1);
  /** The latest a round's waiters may all be parked: this long before T, or the round is repeated. */
  static final long BLOCKED_MARGIN_NANOS = LatenessRound.ms(2);
  private static final int MAX_DISCARDED = 20;

  private W13bBurst() {}

  /** The two shapes of burst. */
  enum Shape {
    /** The control: one context due at T, nobody waiting. */
    NONE("None", false, "control: one context due at T and nobody waiting"),
    /** Many contexts due at T, nobody waiting: what expiring costs without waking anyone. */
    IDLE("Idle", false, "%,d contexts due at T and nobody waiting"),
    /** Every waiter on one context. */
    ONE("One", true, "%,d threads waiting on one context due at T"),
    /** One waiter on each of as many contexts, all due at T. */
    MANY("Many", true, "%,d contexts due at T, one waiting thread each");

    final String id;
    final boolean waits;
    final String description;

    Shape(String id, boolean waits, String description) {
      this.id = id;
      this.waits = waits;
      this.description = description;
    }

    /** Whether the burst is one context (else one per waiter). */
    boolean oneContext() {
      return this == NONE || this == ONE;
    }
  }

  /**
   * Runs W13b and prints its figures.
   *
   * @param args {@code smoke} for a tiny run, nothing for the full one
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    boolean smoke = Mains.smoke(args);
    System.out.println("  ctx4j from " + Context.class.getProtectionDomain().getCodeSource().getLocation()
        + ", load average " + loadAverage());
    Mains.emit(run(smoke ? 20 : WAITERS, smoke ? 1 : WARMUPS, smoke ? 2 : ROUNDS, smoke ? 100 : LEAD_MS));
  }

  /**
   * Measures both libraries in both shapes, alternating libraries round by round.
   *
   * @param waiters the number of waiting threads
   * @param warmups unmeasured rounds per shape and library
   * @param rounds measured rounds per shape and library
   * @param leadMs how far ahead of each round's start T lies
   * @return the figures of both shapes for ctx4j and the peer
   * @throws Exception if a round fails
   */
  public static List<Figure> run(int waiters, int warmups, int rounds, long leadMs) throws Exception {
    List<Figure> out = new ArrayList<>();
    List<Figure> peer = new ArrayList<>();
    try (WaiterPool pool = new WaiterPool(waiters); Ctx4jBurst a = new Ctx4jBurst(); StpeBurst b = new StpeBurst()) {
      for (Shape shape : Shape.values()) {
        Mains.settle();
        Sample[] ctx4j = new Sample[rounds];
        Sample[] stpe = new Sample[rounds];
        int discarded = 0;
        int n = shape == Shape.NONE ? 0 : waiters;
        for (int r = 0; r < warmups + rounds; ) {
          Sample x = round(pool, a, shape, n, leadMs);
          Sample y = x == null ? null : round(pool, b, shape, n, leadMs);
          if (x == null || y == null) {
            if (++discarded > MAX_DISCARDED) {
              throw new IllegalStateException(discarded + " rounds of " + shape.id + " discarded: the " + waiters
                  + " waiting threads were not all parked " + BLOCKED_MARGIN_NANOS / 1_000_000 + " ms before T, "
                  + leadMs + " ms after the round began; the machine is too loaded for this lead");
            }
            continue;
          }
          if (r >= warmups) {
            ctx4j[r - warmups] = x;
            stpe[r - warmups] = y;
          }
          r++;
        }
        String size = String.format(Locale.ROOT, shape.description, n)
            + String.format(Locale.ROOT, "; %d rounds (%d discarded)", rounds, discarded);
        int waiting = shape.waits ? n : 0;
        out.addAll(figures(shape, "ctx4j", ctx4j, waiting, size));
        peer.addAll(figures(shape, "stpe", stpe, waiting, size));
      }
    }
    out.addAll(peer);
    return out;
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException | RuntimeException e) {
      return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** What one round measured, in nanoseconds; {@code cpu} is negative when thread CPU time is not available. */
  record Sample(long lateness, long lastWake, long cpu) {}

  /**
   * One round: arms the burst at T and the later deadline at T + 1 ms, blocks every waiter, waits for all of it.
   * Returns null when the waiters were not all parked in time (the round is to be repeated).
   */
  static Sample round(WaiterPool pool, Library library, Shape shape, int waiters, long leadMs) throws Exception {
    long lead = LatenessRound.ms(leadMs);
    long now = System.nanoTime();
    Instant wall = Instant.now();
    long t = now + lead;
    Instant tInstant = wall.plusNanos(lead);
    Probe later = new Probe();
    Blocker[] blockers = library.arm(shape, waiters, t, tInstant, later);
    Job job = new Job(shape.waits ? blockers : new Blocker[0]);
    pool.start(job);
    boolean inTime = pool.awaitParked(job, t - BLOCKED_MARGIN_NANOS);
    long cpu0 = library.firingThreadCpu();
    Mains.awaitOrFail(job.done, shape.id + " burst (" + library.getClass().getSimpleName() + ")");
    Mains.awaitOrFail(later.fired, "the deadline at T + 1 ms (" + library.getClass().getSimpleName() + ")");
    long cpu1 = library.firingThreadCpu();
    if (job.failure != null) {
      throw new IllegalStateException("a waiter failed", job.failure);
    }
    if (!inTime) {
      return null;
    }
    long last = t; // nobody waiting: nobody late
    for (long w : job.woke) {
      last = Math.max(last, w);
    }
    return new Sample(later.at - (t + LATER_NANOS), last - t, cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0);
  }

  private static List<Figure> figures(Shape shape, String library, Sample[] samples, int waiters, String size) {
    double[] late = new double[samples.length];
    double[] wake = new double[samples.length];
    double[] cpu = new double[samples.length];
    boolean cpuKnown = true;
    for (int i = 0; i < samples.length; i++) {
      late[i] = LatenessRound.millis(samples[i].lateness());
      wake[i] = LatenessRound.millis(samples[i].lastWake());
      cpu[i] = LatenessRound.millis(samples[i].cpu());
      cpuKnown &= samples[i].cpu() >= 0;
    }
    double maxLate = Stats.percentile(late, 100);
    String id = "W13b" + shape.id;
    List<Figure> out = new ArrayList<>();
    out.add(Figure.of(id + "p50", library, Stats.percentile(late, 50), "ms",
        "lateness of a deadline at T + 1 ms; " + size));
    out.add(Figure.of(id + "p99", library, Stats.percentile(late, 99), "ms",
        "over " + samples.length + " rounds p99 is nearly the max"));
    out.add(Figure.of(id + "max", library, maxLate, "ms",
        String.format(Locale.ROOT, "min %s ms", Figure.number(Stats.percentile(late, 0)))));
    if (waiters > 0) {
      out.add(Figure.of(id + "wake", library, Stats.median(wake), "ms",
        String.format(Locale.ROOT, "T to the last of %,d waiters running, median; min %s, max %s ms", waiters,
            Figure.number(Stats.percentile(wake, 0)), Figure.number(Stats.percentile(wake, 100)))));
    }
    out.add(cpuKnown
        ? Figure.of(id + "cpu", library, Stats.median(cpu), "ms",
            String.format(Locale.ROOT, "CPU of the firing thread per round, median%s; max %s ms",
                waiters == 0 ? "" : " (" + Figure.number(Stats.median(cpu) * 1000 / waiters) + " us per waiter)",
                Figure.number(Stats.percentile(cpu, 100))))
        : Figure.of(id + "cpu", library, Double.NaN, "ms", "thread CPU time not supported by this JVM"));
    return out;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The libraries

  /** Records when the later deadline fired. */
  static final class Probe implements Runnable {
    final CountDownLatch fired = new CountDownLatch(1);
    volatile long at;

    @Override
    public void run() {
      at = System.nanoTime();
      fired.countDown();
    }
  }

  /** One waiter's wait: blocks until the burst releases it. */
  interface Blocker {
    void block() throws Exception;
  }

  /** A library under test: arms one round, and reports its firing thread's CPU time. */
  interface Library extends AutoCloseable {
    /**
     * Arms a burst due at T for {@code waiters} waiters in the given shape, then the later deadline at T + 1 ms that
     * runs {@code later}; returns each waiter's wait.
     */
    Blocker[] arm(Shape shape, int waiters, long tNanos, Instant tInstant, Probe later);

    /** CPU time of the thread that fires deadlines, in ns; negative when unknown. */
    long firingThreadCpu();

    @Override
    void close();
  }

  private static long cpuOf(Thread thread) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (thread == null || !mx.isThreadCpuTimeSupported()) {
      return -1;
    }
    if (!mx.isThreadCpuTimeEnabled()) {
      mx.setThreadCpuTimeEnabled(true);
    }
    return mx.getThreadCpuTime(thread.getId());
  }

  /** ctx4j: {@code withDeadline(T)} and {@code done().await()}; the later deadline's callback is direct. */
  static final class Ctx4jBurst implements Library {
    private Thread timer;

    @Override
    @SuppressWarnings("ctx4j:lostcancel") // the contexts end at their deadline: that expiry is what is measured
    public Blocker[] arm(Shape shape, int waiters, long tNanos, Instant tInstant, Probe later) {
      Blocker[] out = new Blocker[waiters];
      if (shape.oneContext()) {
        DoneSignal done = Context.background().withDeadline(tInstant).done();
        for (int i = 0; i < waiters; i++) {
          out[i] = done::await;
        }
      } else {
        for (int i = 0; i < waiters; i++) {
          DoneSignal done = Context.background().withDeadline(tInstant).done();
          out[i] = done::await;
        }
      }
      CancellableContext unrelated =
          Context.background().withTimeout(Duration.ofNanos(tNanos + LATER_NANOS - System.nanoTime()));
      unrelated.afterFunc(later, Mains.DIRECT);
      return out;
    }

    @Override
    public long firingThreadCpu() {
      if (timer == null) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
          if (t.getName().equals("ctx4j-timer")) {
            timer = t;
          }
        }
      }
      return cpuOf(timer);
    }

    @Override
    public void close() {}
  }

  /** The peer: a one-thread {@link ScheduledThreadPoolExecutor} completing futures the waiters {@code get()}. */
  static final class StpeBurst implements Library {
    private final Thread[] worker = new Thread[1];
    private final ScheduledThreadPoolExecutor scheduler;

    StpeBurst() {
      scheduler = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "w13b-stpe");
        t.setDaemon(true);
        worker[0] = t;
        return t;
      });
      scheduler.prestartAllCoreThreads();
    }

    @Override
    public Blocker[] arm(Shape shape, int waiters, long tNanos, Instant tInstant, Probe later) {
      Blocker[] out = new Blocker[waiters];
      Runnable burst;
      if (shape.oneContext()) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        for (int i = 0; i < waiters; i++) {
          out[i] = f::get;
        }
        burst = () -> f.complete(null);
      } else {
        List<CompletableFuture<Void>> fs = new ArrayList<>(waiters);
        for (int i = 0; i < waiters; i++) {
          CompletableFuture<Void> f = new CompletableFuture<>();
          fs.add(f);
          out[i] = f::get;
        }
        burst = () -> {
          for (CompletableFuture<Void> f : fs) {
            f.complete(null);
          }
        };
      }
      scheduler.schedule(burst, tNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
      scheduler.schedule(later, tNanos + LATER_NANOS - System.nanoTime(), TimeUnit.NANOSECONDS);
      return out;
    }

    @Override
    public long firingThreadCpu() {
      return cpuOf(worker[0]);
    }

    @Override
    public void close() {
      scheduler.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The waiting threads

  /** One round's waits: each thread blocks in its own, then records when it runs again. */
  static final class Job {
    final Blocker[] blockers;
    final AtomicInteger started = new AtomicInteger();
    final long[] woke;
    final CountDownLatch done;
    volatile Throwable failure;

    Job(Blocker[] blockers) {
      this.blockers = blockers;
      this.woke = new long[blockers.length];
      this.done = new CountDownLatch(blockers.length);
    }
  }

  /** Platform threads that live for the whole run, each taking one job per round. */
  static final class WaiterPool implements AutoCloseable {
    private final Thread[] threads;
    private final List<BlockingQueue<Job>> inboxes = new ArrayList<>();

    WaiterPool(int size) {
      threads = new Thread[size];
      for (int i = 0; i < size; i++) {
        BlockingQueue<Job> inbox = new ArrayBlockingQueue<>(1);
        inboxes.add(inbox);
        int index = i;
        threads[i] = new Thread(null, () -> serve(index, inbox), "w13b-waiter-" + i, 256 * 1024);
        threads[i].setDaemon(true);
        threads[i].start();
      }
    }

    int size() {
      return threads.length;
    }

    private static void serve(int index, BlockingQueue<Job> inbox) {
      while (true) {
        Job job;
        try {
          job = inbox.take();
        } catch (InterruptedException e) {
          return; // closed
        }
        job.started.incrementAndGet();
        try {
          job.blockers[index].block();
        } catch (Throwable e) {
          job.failure = e;
        }
        job.woke[index] = System.nanoTime();
        job.done.countDown();
      }
    }

    void start(Job job) {
      if (job.blockers.length == 0) {
        return;
      }
      for (BlockingQueue<Job> inbox : inboxes) {
        if (!inbox.offer(job)) {
          throw new IllegalStateException("a waiter has not finished the previous round");
        }
      }
    }

    /**
     * Waits until every thread has started the job and is parked; returns whether that happened by
     * {@code deadlineNanos}. Polls thread states (there is nothing to wait on: the threads block in the library).
     */
    boolean awaitParked(Job job, long deadlineNanos) {
      if (job.blockers.length == 0) {
        return System.nanoTime() - deadlineNanos <= 0;
      }
      int from = 0;
      while (true) {
        if (job.started.get() == threads.length) {
          while (from < threads.length && threads[from].getState() == Thread.State.WAITING) {
            from++;
          }
          if (from == threads.length) {
            return System.nanoTime() - deadlineNanos <= 0;
          }
        }
        if (System.nanoTime() - deadlineNanos > 0) {
          return false;
        }
        Thread.yield();
      }
    }

    @Override
    public void close() {
      for (Thread t : threads) {
        t.interrupt();
      }
    }
  }
}
