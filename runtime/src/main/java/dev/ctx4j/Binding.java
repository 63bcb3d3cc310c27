package dev.ctx4j;

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

  static Scope attach(Context c, boolean recordSite) {
    String site = null;
    if (recordSite && RECORD_SITES) {
      // frames: Binding.attach, Context.attach, the caller
      site = StackWalker.getInstance()
          .walk(s -> s.skip(2).findFirst().map(f -> f.toStackTraceElement().toString()).orElse(null));
    }
    return new BoundScope(c, swap(c), site);
  }

  /** A scope made by attach(). */
  private static final class BoundScope implements Scope {
    private final Thread thread = Thread.currentThread();
    private final Context context;
    private final Context previous;
    private final String site;
    private boolean closed;

    BoundScope(Context context, Context previous, String site) {
      this.context = context;
      this.previous = previous;
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
      closed = true;
      if (CURRENT.get() != context) {
        LOG.log(System.Logger.Level.WARNING, () -> "ctx4j: a Scope" + where()
            + " was closed out of order (another scope attached after it is still open); the binding it replaced"
            + " was restored. Close scopes in reverse order, with try-with-resources.");
      }
      CURRENT.set(previous);
    }

    private String where() {
      return site != null ? " attached at " + site
          : " (attach sites are not recorded: dev.ctx4j.scopeSites=false)";
    }
  }
}
