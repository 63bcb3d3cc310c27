package dev.ctx4j.junit;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.internal.LeakTracking;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Leak-checked tests with ctx4j. Register it with {@code @ExtendWith(Ctx4jExtension.class)} or {@link Ctx4jTest}.
 * For each test it:
 *
 * <ul>
 *   <li>creates a root {@link Context} before the test's {@code @BeforeEach} methods, whose deadline is the test's
 *       effective JUnit timeout ({@code @org.junit.jupiter.api.Timeout} on the method, else on its class or an
 *       enclosing class, else the {@code junit.jupiter.execution.timeout.*} configuration parameters, with JUnit's
 *       precedence), and that has no deadline when no timeout applies;
 *   <li>injects that context into a test method's, {@code @BeforeEach}'s or {@code @AfterEach}'s parameter of type
 *       {@code Context};
 *   <li>binds it as {@link Context#current()} while the test method runs;
 *   <li>after the test's {@code @AfterEach} methods, fails the test when the test left anything behind: a
 *       cancellable context derived from the test's context (on any thread) or created on the test's thread that was
 *       not cancelled (and so is still registered with its parent, or holds a timer entry), an {@code afterFunc}
 *       registration that has neither run nor been stopped, or a {@code Scope} left open on the test's thread. The
 *       failure lists each leak with the line that created it; then it cancels the test's context.
 * </ul>
 *
 * <p>Creation sites are recorded (one stack trace per context) only for the contexts a running test tracks; outside
 * tests the runtime pays nothing for this extension. Counts are per test, also when tests run in parallel.
 *
 * <p>Set the configuration parameter (or system property) {@value #LEAKS_PARAMETER} to {@code warn} to report leaks
 * as a report entry and a {@code System.Logger} warning (logger {@code dev.ctx4j.junit}) instead of failing; annotate a
 * test method or class with {@link AllowLeaks} to skip the check for it.
 *
 * @since 0.1.0
 */
public final class Ctx4jExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver, InvocationInterceptor {

  /** The configuration parameter that selects what a leak does: {@code fail} (the default) or {@code warn}. */
  public static final String LEAKS_PARAMETER = "dev.ctx4j.junit.leaks";

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Ctx4jExtension.class);
  private static final String STATE = "state";
  private static final System.Logger LOG = System.getLogger("dev.ctx4j.junit");

  /** Creates the extension; JUnit does, through {@code @ExtendWith} or {@link Ctx4jTest}. */
  public Ctx4jExtension() {}

  /** One test's context, tracker and findings. */
  private static final class State {
    final CancellableContext root;
    final LeakTracking.Tracker tracker;
    final List<String> openScopes = Collections.synchronizedList(new ArrayList<>());

    State(CancellableContext root, LeakTracking.Tracker tracker) {
      this.root = root;
      this.tracker = tracker;
    }
  }

  /**
   * Creates the test's context and starts tracking what the test derives from it or creates on this thread.
   *
   * @param context the test's extension context
   */
  @Override
  public void beforeEach(ExtensionContext context) {
    leakMode(context); // a misspelt setting fails before the test runs
    Optional<Duration> timeout = EffectiveTimeout.of(context);
    CancellableContext root = timeout.isPresent()
        ? Context.background().withTimeout(timeout.get())
        : Context.background().withCancel();
    LeakTracking.Tracker tracker = LeakTracking.RUNTIME.track(root);
    tracker.enterThread();
    context.getStore(NAMESPACE).put(STATE, new State(root, tracker));
  }

  /**
   * Checks what the test left behind, then cancels the test's context.
   *
   * @param context the test's extension context
   * @throws AssertionError listing the leaks, when there are some, the check applies and the mode is {@code fail}
   */
  @Override
  public void afterEach(ExtensionContext context) {
    State state = context.getStore(NAMESPACE).remove(STATE, State.class);
    if (state == null) {
      return;
    }
    List<Throwable> leaks;
    try {
      state.tracker.exitThread();
      leaks = state.tracker.leaks();
    } finally {
      state.root.cancel();
      state.tracker.close();
    }
    List<String> scopes = new ArrayList<>(state.openScopes);
    if ((leaks.isEmpty() && scopes.isEmpty()) || allowsLeaks(context)) {
      return;
    }
    String report = report(context, leaks, scopes);
    if (leakMode(context).equals("warn")) {
      context.publishReportEntry("ctx4j.leaks", report);
      LOG.log(System.Logger.Level.WARNING, report);
      return;
    }
    AssertionError failure = new AssertionError(report);
    for (Throwable leak : leaks) {
      failure.addSuppressed(leak);
    }
    throw failure;
  }

  private static String report(ExtensionContext context, List<Throwable> leaks, List<String> scopes) {
    int n = leaks.size() + scopes.size();
    StringBuilder sb = new StringBuilder("ctx4j: ").append(context.getDisplayName()).append(" left ").append(n)
        .append(n == 1 ? " leak" : " leaks").append(" behind:");
    int i = 0;
    for (Throwable leak : leaks) {
      sb.append("\n  ").append(++i).append(". ").append(leak.getMessage()).append("\n       at ")
          .append(site(leak));
    }
    for (String scope : scopes) {
      sb.append("\n  ").append(++i).append(". a Scope still open when the test method returned, left bound to the")
          .append(" test thread: close it (try-with-resources); it was attached at\n       ").append(scope);
    }
    sb.append("\n(the test's context has been cancelled; annotate the test @AllowLeaks to skip this check, or set ")
        .append(LEAKS_PARAMETER).append("=warn to warn instead of failing)");
    return sb.toString();
  }

  /** The first frame of a leak's creation site, as {@code Class.method(File.java:line)}. */
  private static String site(Throwable leak) {
    StackTraceElement[] s = leak.getStackTrace();
    if (s.length == 0) {
      return "(site unknown)";
    }
    StackTraceElement e = s[0];
    return e.getClassName() + "." + e.getMethodName() + "(" + e.getFileName() + ":" + e.getLineNumber() + ")";
  }

  private static String leakMode(ExtensionContext context) {
    String mode = context.getConfigurationParameter(LEAKS_PARAMETER).orElse("fail").trim().toLowerCase(Locale.ROOT);
    if (!mode.equals("fail") && !mode.equals("warn")) {
      throw new ExtensionConfigurationException(
          LEAKS_PARAMETER + " must be fail or warn, was '" + mode + "'");
    }
    return mode;
  }

  private static boolean allowsLeaks(ExtensionContext context) {
    if (context.getTestMethod().map(m -> AnnotationSupport.isAnnotated(m, AllowLeaks.class)).orElse(false)) {
      return true;
    }
    for (Optional<ExtensionContext> c = context.getParent(); c.isPresent(); c = c.get().getParent()) {
      if (c.get().getTestClass().map(k -> AnnotationSupport.isAnnotated(k, AllowLeaks.class)).orElse(false)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Binding.

  /**
   * Runs the test method with the test's context bound as {@link Context#current()}.
   *
   * @param invocation the test method's invocation
   * @param invocationContext its arguments
   * @param extensionContext the test's extension context
   * @throws Throwable whatever the test method throws
   */
  @Override
  public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext) throws Throwable {
    bound(invocation, extensionContext);
  }

  /**
   * Runs one invocation of a test template ({@code @ParameterizedTest}, {@code @RepeatedTest}) with the test's
   * context bound as {@link Context#current()}.
   *
   * @param invocation the invocation
   * @param invocationContext its arguments
   * @param extensionContext the invocation's extension context
   * @throws Throwable whatever the method throws
   */
  @Override
  public void interceptTestTemplateMethod(Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext, ExtensionContext extensionContext) throws Throwable {
    bound(invocation, extensionContext);
  }

  private static <T> T bound(Invocation<T> invocation, ExtensionContext context) throws Throwable {
    State state = context.getStore(NAMESPACE).get(STATE, State.class);
    if (state == null) {
      return invocation.proceed();
    }
    state.tracker.enterThread(); // the method may run on a thread of its own (@Timeout's SEPARATE_THREAD)
    try {
      Object mark = LeakTracking.RUNTIME.bind(state.root);
      try {
        return invocation.proceed();
      } finally {
        state.openScopes.addAll(LeakTracking.RUNTIME.unbind(mark));
      }
    } finally {
      state.tracker.exitThread();
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Injection.

  /**
   * Supports parameters of type {@code Context}.
   *
   * @param parameterContext the parameter
   * @param extensionContext the extension context
   * @return whether the parameter's type is {@code Context}
   */
  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == Context.class;
  }

  /**
   * Returns the test's context.
   *
   * @param parameterContext the parameter
   * @param extensionContext the extension context
   * @return the test's context
   * @throws ParameterResolutionException outside a test (a constructor, {@code @BeforeAll}, {@code @AfterAll})
   */
  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    State state = extensionContext.getStore(NAMESPACE).get(STATE, State.class);
    if (state == null) {
      throw new ParameterResolutionException("ctx4j: a test's Context can be injected into test methods and"
          + " @BeforeEach/@AfterEach methods only, not into " + parameterContext.getDeclaringExecutable());
    }
    return state.root;
  }
}
