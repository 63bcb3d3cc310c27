package dev.ctx4j;

import dev.ctx4j.internal.LeakTracking;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Leak tracking: the per-root trackers of the test kit ({@link LeakTracking}) and the garbage-collection-based leak
 * detector ({@code -Ddev.ctx4j.leakDetection=off|sample|strict}, after Netty's {@code ResourceLeakDetector}).
 *
 * <p>The runtime calls {@link #created}, {@link #finished} and {@link #afterFunc} only when {@link #on} is set, so
 * while no tracker is open and detection is off the hot paths pay one read of that flag.
 *
 * <p>The detector keeps a weak reference to each sampled context ({@code sample}: 1 in 128; {@code strict}: every
 * one), forgotten when the context becomes done. A reference that the collector clears while still remembered is a
 * context that became unreachable without being cancelled; it is logged as a warning through {@link System.Logger}
 * (logger {@code dev.ctx4j.LeakDetector}) with the stack trace of the code that created it, the next time a context is
 * sampled. A child registered with a live parent is reachable from it, so the detector finds only contexts whose
 * whole tree became unreachable; the test kit is what finds the registered child a test forgot to cancel.
 */
final class Leaks {
  static final int OFF = 0;
  static final int SAMPLE = 1;
  static final int STRICT = 2;
  /** One in this many contexts is sampled in {@code sample} mode (Netty's default interval). */
  static final int SAMPLING_INTERVAL = 128;

  /** {@code -Ddev.ctx4j.leakDetection}, read once; an unknown value is logged and means off. */
  static final int MODE = initialMode();

  /** Whether any hook has work to do: detection is on or a tracker is open. The one read the hot paths pay. */
  static volatile boolean on = MODE != OFF;

  private static final System.Logger LOG = System.getLogger("dev.ctx4j.LeakDetector");
  private static final CopyOnWriteArrayList<Tracker> TRACKERS = new CopyOnWriteArrayList<>();
  private static final ThreadLocal<Tracker> THREAD = new ThreadLocal<>();
  private static final Set<Record> REMEMBERED = ConcurrentHashMap.newKeySet();
  private static final ReferenceQueue<CancelNode> COLLECTED = new ReferenceQueue<>();

  private Leaks() {}

  private static int initialMode() {
    String value = System.getProperty("dev.ctx4j.leakDetection");
    int mode = mode(value);
    if (mode < 0) {
      System.getLogger("dev.ctx4j.LeakDetector").log(System.Logger.Level.WARNING,
          "ctx4j: dev.ctx4j.leakDetection must be off, sample or strict, was ''{0}''; leak detection is off", value);
      return OFF;
    }
    return mode;
  }

  /** The mode a property value names, -1 for an unknown one. */
  static int mode(String value) {
    if (value == null || value.isEmpty()) {
      return OFF;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "off":
        return OFF;
      case "sample":
        return SAMPLE;
      case "strict":
        return STRICT;
      default:
        return -1;
    }
  }

  // --------------------------------------------------------------------------------------------------------------
  // Hooks (called only when `on`).

  /** A cancellable context is being built under {@code parent}. */
  static void created(CancelNode node, Context parent) {
    Tracker t = trackerOf(parent);
    Throwable site = null;
    if (t != null) {
      site = new Throwable();
      t.contexts.put(node, new Site(t.sequence.getAndIncrement(), site));
    }
    if (MODE != OFF && (MODE == STRICT || ThreadLocalRandom.current().nextInt(SAMPLING_INTERVAL) == 0)) {
      reportCollected();
      REMEMBERED.add(new Record(node, site != null ? site : new Throwable(), node.label()));
    }
  }

  /** {@code node} has become done. */
  static void finished(CancelNode node) {
    if (MODE != OFF) {
      REMEMBERED.remove(new Probe(node));
    }
    for (Tracker t : TRACKERS) {
      // a done context cannot leak: forget it, so a test that derives millions holds only the live ones
      if (node != t.root && t.contexts.remove(node) != null) {
        break;
      }
    }
  }

  /** {@code callback} was registered on {@code owner}. */
  static void afterFunc(CancelNode owner, AfterFuncNode callback) {
    Tracker t = trackerOf(owner);
    if (t != null) {
      t.callbacks.put(callback, new Site(t.sequence.getAndIncrement(), new Throwable()));
    }
  }

  private static Tracker trackerOf(Context parent) {
    if (!TRACKERS.isEmpty()) {
      Context owner = Nodes.doneOwnerOf(parent);
      if (owner instanceof CancelNode) {
        for (Tracker t : TRACKERS) {
          if (t.contexts.containsKey(owner)) {
            return t;
          }
        }
      }
    }
    return THREAD.get();
  }

  private static synchronized void updateOn() {
    on = MODE != OFF || !TRACKERS.isEmpty();
  }

  // --------------------------------------------------------------------------------------------------------------
  // The detector.

  static int reportCollected() {
    int n = 0;
    Record r;
    while ((r = (Record) COLLECTED.poll()) != null) {
      if (REMEMBERED.remove(r)) {
        n++;
        Throwable site = trimmed("a " + r.label + " context was garbage-collected without being cancelled;"
            + " it was created here", r.site);
        LOG.log(System.Logger.Level.WARNING, "ctx4j: LEAK: " + site.getMessage() + " (at " + firstFrame(site)
            + "). Cancel every CancellableContext, with try-with-resources. (dev.ctx4j.leakDetection="
            + (MODE == STRICT ? "strict" : "sample") + ")", site);
      }
    }
    return n;
  }

  /** A sampled context: cleared by the collector; forgotten when the context becomes done. */
  private static final class Record extends WeakReference<CancelNode> {
    final int hash;
    final Throwable site;
    final String label;

    Record(CancelNode node, Throwable site, String label) {
      super(node, COLLECTED);
      this.hash = System.identityHashCode(node);
      this.site = site;
      this.label = label;
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o == this;
    }
  }

  /** Looks a live context's record up by identity (the set asks the probe's equals). */
  private static final class Probe {
    final CancelNode node;

    Probe(CancelNode node) {
      this.node = node;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(node);
    }

    @Override
    public boolean equals(Object o) {
      return o == this || (o instanceof Record && ((Record) o).get() == node);
    }
  }

  // --------------------------------------------------------------------------------------------------------------
  // Sites.

  /** A throwable with {@code message} and the stack of {@code site} without the runtime's frames. */
  static Throwable trimmed(String message, Throwable site) {
    Throwable t = new LeakSite(message);
    List<StackTraceElement> kept = new ArrayList<>();
    if (site != null) {
      for (StackTraceElement e : site.getStackTrace()) {
        if (!isRuntimeFrame(e) || !kept.isEmpty()) {
          kept.add(e);
        }
      }
    }
    t.setStackTrace(kept.toArray(new StackTraceElement[0]));
    return t;
  }

  /** A leak's report: its message says what leaked, its stack trace where. */
  static final class LeakSite extends Throwable {
    private static final long serialVersionUID = 1L;

    LeakSite(String message) {
      super(message, null, false, true);
    }

    @Override
    public String toString() {
      return "ctx4j leak: " + getMessage();
    }
  }

  private static final Map<String, Boolean> RUNTIME_CLASSES = new ConcurrentHashMap<>();

  /** Whether the frame is the runtime's own: a class of its packages loaded from where this class was. */
  private static boolean isRuntimeFrame(StackTraceElement e) {
    String c = e.getClassName();
    int dot = c.lastIndexOf('.');
    String pkg = dot < 0 ? "" : c.substring(0, dot);
    if (!pkg.equals("dev.ctx4j") && !pkg.equals("dev.ctx4j.internal")) {
      return false;
    }
    return RUNTIME_CLASSES.computeIfAbsent(c, Leaks::loadedWithRuntime);
  }

  private static boolean loadedWithRuntime(String className) {
    try {
      Class<?> c = Class.forName(className, false, Leaks.class.getClassLoader());
      return java.util.Objects.equals(c.getProtectionDomain().getCodeSource(),
          Leaks.class.getProtectionDomain().getCodeSource());
    } catch (ClassNotFoundException | LinkageError | SecurityException e) {
      return true;
    }
  }

  static String firstFrame(Throwable t) {
    StackTraceElement[] s = t.getStackTrace();
    return s.length == 0 ? "(unknown site)" : s[0].toString();
  }

  // --------------------------------------------------------------------------------------------------------------
  // The test kit's trackers.

  static Tracker track(CancellableContext root) {
    if (!(root instanceof CancelNode)) {
      throw new IllegalArgumentException("the tracked root must be made by ctx4j (withCancel, withDeadline or"
          + " withTimeout), was " + (root == null ? "null" : root.getClass().getName()));
    }
    Tracker t = new Tracker((CancelNode) root);
    TRACKERS.add(t);
    updateOn();
    return t;
  }

  /** Where and in which order a tracked context or callback was made. */
  private static final class Site {
    final long sequence;
    final Throwable trace;

    Site(long sequence, Throwable trace) {
      this.sequence = sequence;
      this.trace = trace;
    }
  }

  /** Tracks one root's subtree and what threads that entered it create. */
  static final class Tracker implements LeakTracking.Tracker {
    final CancelNode root;
    /** The live contexts this tracker follows (done ones are removed), the root included. */
    final Map<CancelNode, Site> contexts = new ConcurrentHashMap<>();
    final Map<AfterFuncNode, Site> callbacks = new ConcurrentHashMap<>();
    final AtomicLong sequence = new AtomicLong();
    private final ThreadLocal<ArrayList<Tracker>> saved = ThreadLocal.withInitial(ArrayList::new);

    Tracker(CancelNode root) {
      this.root = root;
      contexts.put(root, new Site(sequence.getAndIncrement(), null));
    }

    @Override
    public void enterThread() {
      saved.get().add(THREAD.get());
      THREAD.set(this);
    }

    @Override
    public void exitThread() {
      ArrayList<Tracker> s = saved.get();
      if (s.isEmpty()) {
        throw new IllegalStateException("exitThread() without enterThread() on this thread");
      }
      Tracker previous = s.remove(s.size() - 1);
      if (previous == null) {
        THREAD.remove();
      } else {
        THREAD.set(previous);
      }
      if (s.isEmpty()) {
        saved.remove();
      }
    }

    @Override
    public List<Throwable> leaks() {
      List<Map.Entry<Long, Throwable>> found = new ArrayList<>();
      for (Map.Entry<CancelNode, Site> e : contexts.entrySet()) {
        CancelNode n = e.getKey();
        if (n != root && !n.isDone()) {
          boolean timer = n instanceof DeadlineNode && ((DeadlineNode) n).timed;
          boolean registered = n.owner != null;
          String what = "a context that is still live (" + n + ")"
              + (registered ? ", registered with its parent" : "")
              + (timer ? ", with an armed timer entry" : "")
              + ": cancel it (try-with-resources) before the test ends; it was created here";
          found.add(Map.entry(e.getValue().sequence, trimmed(what, e.getValue().trace)));
        }
      }
      for (Map.Entry<AfterFuncNode, Site> e : callbacks.entrySet()) {
        AfterFuncNode a = e.getKey();
        if (a.armed()) {
          found.add(Map.entry(e.getValue().sequence, trimmed("an afterFunc registration that has neither run nor"
              + " been stopped (on " + a.owner + "): stop() it before the test ends; it was registered here",
              e.getValue().trace)));
        }
      }
      found.sort(Map.Entry.comparingByKey());
      List<Throwable> leaks = new ArrayList<>(found.size());
      for (Map.Entry<Long, Throwable> e : found) {
        leaks.add(e.getValue());
      }
      return leaks;
    }

    @Override
    public void close() {
      TRACKERS.remove(this);
      updateOn();
      contexts.clear();
      callbacks.clear();
    }
  }
}
