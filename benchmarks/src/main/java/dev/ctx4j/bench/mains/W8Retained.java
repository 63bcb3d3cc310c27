package dev.ctx4j.bench.mains;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.bench.Figure;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * W8: bytes of heap retained per live 1-hour timeout context, with 1,000,000 kept alive: the used heap after full
 * collections, with the contexts held, minus the used heap before, divided by the count (the array holding them is
 * allocated before the first reading). gRPC's contexts use a {@code ScheduledThreadPoolExecutor} with
 * {@code setRemoveOnCancelPolicy(true)}, whose queue entries count too, as ctx4j's timer-wheel links do.
 *
 * <p>It also reports, as a note, the CPU time that each library's timer thread spends while the contexts sit idle
 * for {@value #IDLE_MILLIS} ms: a timer that rescans long-lived entries shows up there.
 */
public final class W8Retained {
  /** How long the held contexts sit idle while the timer thread's CPU time is read. */
  static final long IDLE_MILLIS = 2_000;

  private W8Retained() {}

  /**
   * Runs W8 and prints its figures.
   *
   * @param args {@code smoke} for a tiny run, nothing for the full one
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    boolean smoke = Mains.smoke(args);
    Mains.emit(run(smoke ? 10_000 : 1_000_000, smoke ? 100 : IDLE_MILLIS));
  }

  /**
   * Measures both libraries.
   *
   * @param count the number of live contexts
   * @param idleMillis how long to hold them while reading the timer thread's CPU time
   * @return the ctx4j and gRPC figures (bytes per context)
   * @throws InterruptedException if interrupted
   */
  public static List<Figure> run(int count, long idleMillis) throws InterruptedException {
    Duration hour = Duration.ofHours(1);
    // load and start everything (timer thread, scheduler) before the first reading
    Context.background().withTimeout(hour).cancel();
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "w8-grpc-scheduler");
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
    io.grpc.Context.ROOT.withDeadlineAfter(1, TimeUnit.HOURS, scheduler).cancel(null);
    try {
      List<Figure> out = new ArrayList<>();
      out.add(measure("ctx4j", "ctx4j-timer", count, idleMillis, i -> Context.background().withTimeout(hour),
          o -> ((CancellableContext) o).cancel()));
      out.add(measure("grpc", "w8-grpc-scheduler", count, idleMillis,
          i -> io.grpc.Context.ROOT.withDeadlineAfter(1, TimeUnit.HOURS, scheduler),
          o -> ((io.grpc.Context.CancellableContext) o).cancel(null)));
      return out;
    } finally {
      scheduler.shutdownNow();
    }
  }

  private interface Release {
    void release(Object context);
  }

  private static Figure measure(String library, String timerThread, int count, long idleMillis,
      IntFunction<Object> create, Release release) throws InterruptedException {
    Object[] keep = new Object[count];
    Mains.settle();
    long before = used();
    for (int i = 0; i < count; i++) {
      keep[i] = create.apply(i);
    }
    Mains.settle();
    long after = used();
    long cpu0 = threadCpu(timerThread);
    Thread.sleep(idleMillis);
    long cpu1 = threadCpu(timerThread);
    double bytes = (after - before) / (double) count;
    String note = String.format(java.util.Locale.ROOT, "%,d live; timer thread CPU while idle: %.0f%%", count,
        cpu0 < 0 || cpu1 < 0 ? Double.NaN : 100.0 * (cpu1 - cpu0) / (idleMillis * 1e6));
    for (Object o : keep) {
      release.release(o);
    }
    return Figure.of("W8", library, bytes, "B", note);
  }

  private static long used() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** The CPU time of the named thread in ns, or -1 when not found or not supported. */
  private static long threadCpu(String name) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    if (!mx.isThreadCpuTimeSupported()) {
      return -1;
    }
    for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (info != null && info.getThreadName().equals(name)) {
        return mx.getThreadCpuTime(info.getThreadId());
      }
    }
    return -1;
  }
}
