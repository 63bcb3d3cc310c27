package dev.ctx4j;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The context bound to each thread (rule J1). */
final class Binding {
  private static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();
  private static final boolean RECORD_SITES =
      !"false".equalsIgnoreCase(System.getProperty("dev.ctx4j.scopeSites"));
  private static final System.Logger LOG = System.getLogger("dev.ctx4j.Scope");

  private Binding() {}

  static Context current() {
    Context c = CURRENT.get();
    return c == null ? Roots.BACKGROUND : c;
  }

  /** Binds {@code c} and returns the raw previous binding (null for none). */
  static Context swap(Context c) {
    Context previous = CURRENT.get();
    CURRENT.set(c);
    return previous;
  }

  static void restore(Context previous) {
    CURRENT.set(previous);
  }

  static Scope attach(Context c) {
    String site = null;
    if (RECORD_SITES) {
      // frames: Binding.attach, Context.attach, the caller
      site = StackWalker.getInstance()
          .walk(s -> s.skip(2).findFirst().map(f -> f.toStackTraceElement().toString()).orElse(null));
    }
    BoundScope scope = new BoundScope(c, swap(c), OPEN.get(), site);
    OPEN.set(scope);
    return scope;
  }

  /** Binds {@code c} and returns a mark of the thread's binding and open scopes, for {@link #unbind(Object)}. */
  static Object bind(Context c) {
    Mark mark = new Mark(Thread.currentThread(), CURRENT.get(), OPEN.get());
    CURRENT.set(c);
    return mark;
  }

  /**
   * Restores the binding and open scopes {@code mark} recorded, closing the scopes attached since, and returns where
   * those were attached, in attach order.
   */
  static List<String> unbind(Object mark) {
    if (!(mark instanceof Mark) || ((Mark) mark).thread != Thread.currentThread()) {
      throw new IllegalArgumentException("not a binding mark of this thread: " + mark);
    }
    Mark m = (Mark) mark;
    List<String> sites = new ArrayList<>();
    for (BoundScope s = OPEN.get(); s != null && s != m.open; s = s.enclosing) {
      s.closed = true;
      sites.add(s.site != null ? s.site : "(site not recorded: dev.ctx4j.scopeSites=false)");
    }
    Collections.reverse(sites);
    OPEN.set(m.open);
    CURRENT.set(m.current);
    return sites;
  }

  /** A thread's binding and innermost open scope at one moment. */
  private static final class Mark {
    final Thread thread;
    final Context current;
    final BoundScope open;

    Mark(Thread thread, Context current, BoundScope open) {
      this.thread = thread;
      this.current = current;
      this.open = open;
    }
  }

  /** The innermost open scope of each thread; each scope links to the one that was innermost when it was made. */
  private static final ThreadLocal<BoundScope> OPEN = new ThreadLocal<>();

  /**
   * A scope made by attach(). Closing it restores the binding it replaced. Out of order (scopes attached after it are
   * still open) it closes those too, since they were nested in it, restores its own previous binding and warns; a
   * scope whose binding was replaced by other means (a {@code run}/{@code call} that ended with it still open) leaves
   * the thread's binding alone, since whoever replaced it restored what is right for the thread, and warns; on another
   * thread it changes nothing and warns.
   */
  private static final class BoundScope implements Scope {
    private final Thread thread = Thread.currentThread();
    private final Context context;
    private final Context previous;
    private final BoundScope enclosing;
    private final String site;
    private boolean closed;

    BoundScope(Context context, Context previous, BoundScope enclosing, String site) {
      this.context = context;
      this.previous = previous;
      this.enclosing = enclosing;
      this.site = site;
    }

    @Override
    public void close() {
      if (Thread.currentThread() != thread) {
        LOG.log(System.Logger.Level.WARNING, () -> "ctx4j: a Scope attached on thread " + thread.getName()
            + where() + " was closed on thread " + Thread.currentThread().getName()
            + "; nothing was changed. Close a scope on the thread that attached it.");
        return;
      }
      if (closed) {
        return;
      }
      BoundScope innermost = OPEN.get();
      if (innermost == this) {
        closed = true;
        OPEN.set(enclosing);
        if (CURRENT.get() == context) {
          CURRENT.set(previous);
        } else {
          warnReplaced();
        }
        return;
      }
      if (!encloses(innermost)) {
        // not on this thread's stack of open scopes: a run()/call() that it was opened in has ended
        closed = true;
        warnReplaced();
        return;
      }
      StringBuilder inner = new StringBuilder();
      for (BoundScope s = innermost; s != this; s = s.enclosing) {
        s.closed = true;
        inner.append(inner.length() == 0 ? "" : ", ").append(s.site != null ? s.site : "(site not recorded)");
      }
      closed = true;
      OPEN.set(enclosing);
      CURRENT.set(previous);
      LOG.log(System.Logger.Level.WARNING, () -> "ctx4j: a Scope" + where() + " was closed out of order while scopes"
          + " attached after it were still open (attached at " + inner + "); those were closed with it and the"
          + " binding it replaced was restored. Close scopes in reverse order, with try-with-resources.");
    }

    private boolean encloses(BoundScope inner) {
      for (BoundScope s = inner; s != null; s = s.enclosing) {
        if (s == this) {
          return true;
        }
      }
      return false;
    }

    private void warnReplaced() {
      LOG.log(System.Logger.Level.WARNING, () -> "ctx4j: a Scope" + where() + " was closed after the thread's"
          + " binding had been replaced by other means (a run(), call() or wrapped task that ended while the scope"
          + " was open); the thread's binding was left as it is. Close a scope inside the block that attached it.");
    }

    private String where() {
      return site != null ? " attached at " + site
          : " (attach sites are not recorded: dev.ctx4j.scopeSites=false)";
    }
  }
}
