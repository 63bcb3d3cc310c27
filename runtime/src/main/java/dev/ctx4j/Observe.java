package dev.ctx4j;

import dev.ctx4j.internal.WrappedMethod;
import dev.ctx4j.spi.CallOutcome;
import dev.ctx4j.spi.Ctx4jListener;
import dev.ctx4j.spi.Ctx4jListeners;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * Reports what ctx4j does to {@link Ctx4jListener}s and to JFR ({@link JfrSupport}); see docs/observability.md.
 *
 * <p>The guard: every report site reads one static volatile flag, {@link #on}, true only while a listener is
 * registered or a JFR recording is running, and does nothing else when it is false. That is the cheapest check
 * available: one load of a static field the JIT does not need to initialise or dereference further (a plain load on
 * x86 and a load-acquire on ARM), and no class of {@code jdk.jfr} is loaded or touched until a recording starts. The
 * JDK's own pattern ({@code new Event()} then {@code isEnabled()} or {@code shouldCommit()}) would need the event
 * class loaded on every site (so the module present), and costs a dependent load chain through the event's handler
 * even when no recording runs; it is what runs behind the flag, while a recording is on, so that an event the
 * recording leaves disabled, or a call below the threshold, still costs only the check. The flag is flipped by
 * {@link #register} and by a {@code jdk.jfr.FlightRecorderListener} that JFR tells of every recording's start and
 * stop.
 *
 * <p>Nothing here runs during a cancellation's subtree walk: a cancel collects the nodes it ended (only when the flag
 * is on) and reports them after the walk, when the whole subtree is done.
 */
final class Observe {
  /** Why a node ended: {@code cancel()} or {@code cancel(cause)} called by the user. */
  static final int EXPLICIT = 0;
  /** Why a node ended: {@code close()}, or the end of a wrapper call (the normal end; no JFR event). */
  static final int CLOSED = 1;
  /** Why a node ended: its own deadline passed. */
  static final int DEADLINE = 2;
  /** Why a node ended: an ancestor (or a user-written parent) ended. */
  static final int ANCESTOR = 3;

  private static final Entry[] NONE = new Entry[0];
  private static final System.Logger LOG = System.getLogger("dev.ctx4j.Listeners");
  private static final Object LOCK = new Object();

  /** The one flag every report site reads: a listener is registered or a JFR recording is running. */
  static volatile boolean on;
  /** The registered listeners, copied on write. */
  private static volatile Entry[] listeners = NONE;
  /** Whether a JFR recording is running; written by {@link JfrSupport}'s recorder listener. */
  static volatile boolean recording;
  /** Whether the {@code jdk.jfr} module is in the boot layer (and readable by this one). */
  static final boolean JFR = jfrPresent();

  static {
    discover();
    if (JFR) {
      try {
        JfrSupport.install();
      } catch (Throwable t) {
        // JFR present but not usable (a VM built without it, a security policy): no events, everything else works
        LOG.log(System.Logger.Level.DEBUG, "ctx4j: JFR events are off: " + t, t);
      }
    }
  }

  private Observe() {}

  private static boolean jfrPresent() {
    Optional<Module> jfr = ModuleLayer.boot().findModule("jdk.jfr");
    if (jfr.isEmpty()) {
      return false; // an image without jdk.jfr, or a module path that does not resolve it: no JfrSupport, ever
    }
    Module self = Observe.class.getModule();
    if (!self.canRead(jfr.get())) {
      self.addReads(jfr.get()); // `requires static` reads it only when something else resolved it
    }
    return true;
  }

  /** Finds the listeners named in provider files, with the runtime's class loader. */
  private static void discover() {
    try {
      ClassLoader loader = Observe.class.getClassLoader();
      ServiceLoader<Ctx4jListener> found = loader == null
          ? ServiceLoader.load(Ctx4jListener.class, ClassLoader.getSystemClassLoader())
          : ServiceLoader.load(Ctx4jListener.class, loader);
      for (ServiceLoader.Provider<Ctx4jListener> p : (Iterable<ServiceLoader.Provider<Ctx4jListener>>) () ->
          found.stream().iterator()) {
        try {
          register(p.get());
        } catch (ServiceConfigurationError | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "ctx4j: listener " + p.type().getName() + " not loaded: " + e, e);
        }
      }
    } catch (ServiceConfigurationError | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "ctx4j: listener discovery failed: " + e, e);
    }
  }

  // --------------------------------------------------------------------------------------------------------------
  // The registry.

  static Ctx4jListeners.Registration register(Ctx4jListener listener) {
    Entry e = new Entry(listener);
    synchronized (LOCK) {
      Entry[] old = listeners;
      Entry[] copy = Arrays.copyOf(old, old.length + 1);
      copy[old.length] = e;
      listeners = copy;
      update();
    }
    return e;
  }

  private static void unregister(Entry e) {
    synchronized (LOCK) {
      Entry[] old = listeners;
      for (int i = 0; i < old.length; i++) {
        if (old[i] == e) {
          Entry[] copy = new Entry[old.length - 1];
          System.arraycopy(old, 0, copy, 0, i);
          System.arraycopy(old, i + 1, copy, i, old.length - i - 1);
          listeners = copy;
          break;
        }
      }
      update();
    }
  }

  static List<Ctx4jListener> registered() {
    Entry[] all = listeners;
    List<Ctx4jListener> out = new ArrayList<>(all.length);
    for (Entry e : all) {
      out.add(e.listener);
    }
    return Collections.unmodifiableList(out);
  }

  /** Called by JFR's recorder listener whenever a recording starts or stops. */
  static void recordingChanged(boolean running) {
    synchronized (LOCK) {
      recording = running;
      update();
    }
  }

  private static void update() {
    on = listeners.length > 0 || recording;
  }

  // --------------------------------------------------------------------------------------------------------------
  // Wrapper calls.

  /** What a call observed at its start needs at its end; null when nothing observes it. */
  static final class CallRecord {
    final long start;
    final WrappedMethod site;
    final Entry[] listeners;
    final Object jfr;

    CallRecord(long start, WrappedMethod site, Entry[] listeners, Object jfr) {
      this.start = start;
      this.site = site;
      this.listeners = listeners;
      this.jfr = jfr;
    }
  }

  /** A call is starting; called only when {@link #on}. Returns what its end needs, or null. */
  static CallRecord callStarted(Context caller, WrappedMethod site) {
    Object jfr = recording ? JfrSupport.callStarted() : null;
    Entry[] ls = site.type() == null ? NONE : listeners; // the label-only form has no type to give listeners
    if (jfr == null && ls.length == 0) {
      return null;
    }
    long start = Nanos.now();
    for (Entry e : ls) {
      try {
        e.listener.callStarted(site, caller);
      } catch (Throwable t) {
        e.failed(t, "callStarted");
      }
    }
    return new CallRecord(start, site, ls, jfr);
  }

  /** A call observed at its start has ended. */
  static void callEnded(CallRecord r, CallOutcome outcome, Throwable thrown) {
    long duration = Nanos.now() - r.start;
    for (Entry e : r.listeners) {
      try {
        e.listener.callEnded(r.site, outcome, thrown, duration);
      } catch (Throwable t) {
        e.failed(t, "callEnded");
      }
    }
    if (r.jfr != null) {
      TimeUnit unit = r.site.unit(); // null for @Cancellable: limit 0
      JfrSupport.callEnded(r.jfr, r.site.label(), unit == null ? 0 : unit.toNanos(r.site.timeout()), outcome);
    }
  }

  // --------------------------------------------------------------------------------------------------------------
  // Contexts' ends.

  /**
   * {@code node} has ended ({@code how}: {@link #EXPLICIT}, {@link #CLOSED}, {@link #DEADLINE} or {@link #ANCESTOR})
   * and its whole subtree with it; {@code descendants} are the nodes its walk ended (null when it had none), reported
   * after it. {@code firedAt} is when a deadline's cancel claimed the node; {@code inUse} whether anything was
   * registered below it or waiting on it. Called only when {@link #on} was set right after the node was claimed.
   *
   * <p>JFR's {@code Cancelled} is recorded for an explicit cancel that ended something: one with a cause, or one of a
   * context in use. A plain {@code cancel()} of a context nothing used is the normal end, like {@code close()} (a
   * {@code finally { ctx.cancel(); }} on every request would otherwise record an event, with its stack trace, per
   * request).
   */
  static void ended(
      CancelNode node, DoneState s, int how, List<CancelNode> descendants, long firedAt, boolean inUse) {
    if (recording) {
      int n = descendants == null ? 0 : descendants.size();
      if (how == EXPLICIT && (inUse || s.cause != s.err)) {
        JfrSupport.cancelled(node, s, n);
      } else if (how == DEADLINE) {
        DeadlineNode d = (DeadlineNode) node;
        // never negative: ctx4j's timer never fires early, but a deadline enforced elsewhere can be expired a little
        // before ctx4j's clock reaches it (see Expiry)
        JfrSupport.deadlineExceeded(d, d.deadlineNanos - d.startNanos, Math.max(0, firedAt - d.deadlineNanos), n);
      }
    }
    Entry[] ls = listeners;
    if (ls.length == 0) {
      return;
    }
    for (Entry e : ls) {
      contextEnded(e, node, s, how == ANCESTOR);
    }
    if (descendants != null) {
      for (CancelNode k : descendants) {
        for (Entry e : ls) {
          contextEnded(e, k, s, true);
        }
      }
    }
  }

  private static void contextEnded(Entry e, CancelNode node, DoneState s, boolean byAncestor) {
    try {
      e.listener.contextEnded(node, s.err, s.cause, byAncestor);
    } catch (Throwable t) {
      e.failed(t, "contextEnded");
    }
  }

  /** The number of contexts above {@code node}, up to its root (or to a context ctx4j did not make). */
  static int depth(Context node) {
    int depth = 0;
    for (Context c = node; c instanceof StdContext; ) {
      c = ((StdContext) c).parent();
      if (c == null) {
        break;
      }
      depth++;
    }
    return depth;
  }

  /** One registered listener, and its registration. */
  static final class Entry implements Ctx4jListeners.Registration {
    final Ctx4jListener listener;
    private volatile boolean reported;

    Entry(Ctx4jListener listener) {
      this.listener = listener;
    }

    /** The listener threw: logged the first time, ignored after that. */
    void failed(Throwable t, String method) {
      if (reported) {
        return;
      }
      reported = true;
      try {
        LOG.log(System.Logger.Level.WARNING, "ctx4j: listener " + listener.getClass().getName() + "." + method
            + " threw; ctx4j goes on and will not report this listener's failures again", t);
      } catch (Throwable ignored) {
        // a broken logger must not break the call either
      }
    }

    @Override
    public void close() {
      unregister(this);
    }

    @Override
    public String toString() {
      return "Registration[" + listener + "]";
    }
  }
}
