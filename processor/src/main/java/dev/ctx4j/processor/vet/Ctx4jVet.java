package dev.ctx4j.processor.vet;

import com.google.auto.service.AutoService;
import com.sun.source.tree.ClassTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.Plugin;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * ctx4j vet: a javac plugin, shipped in the processor jar, that checks the code using ctx4j contexts as it compiles
 * (Go's {@code go vet} {@code lostcancel} and its peers). It starts on its own wherever the processor jar is on the
 * processor path (JDK 14+ {@link #autoStart()}), uses only the public {@code com.sun.source} API, scans each class once
 * after javac has attributed and flow-analysed it ({@link TaskEvent.Kind#ANALYZE}), skips the generated
 * {@code Ctx4j_*} wrappers, and reads trees only: it never changes what javac or the processor produce.
 *
 * <p>Each finding is a javac warning whose message starts with {@code [ctx4j:<rule>]} and ends with the fix; the
 * rules are {@code lostcancel}, {@code ctxfirst}, {@code containedctx}, {@code contextcheck}, {@code nilctx},
 * {@code bypass} and {@code swallowedinterrupt}. {@code @SuppressWarnings("ctx4j")} or
 * {@code @SuppressWarnings("ctx4j:<rule>")} on any enclosing declaration (a local variable too) silences it.
 *
 * <p>Options, given as {@code -Xplugin:"Ctx4jVet <option> ..."} (which replaces the automatic start): {@code off}
 * turns the plugin off; {@code -<rule>} turns one rule off; {@code errors} makes findings errors.
 */
@AutoService(Plugin.class)
public final class Ctx4jVet implements Plugin {
  /** The plugin's name, as {@code -Xplugin:Ctx4jVet} gives it. */
  public static final String NAME = "Ctx4jVet";

  /** Creates the plugin; javac finds it through {@code META-INF/services}. */
  public Ctx4jVet() {}

  @Override
  public String getName() {
    return NAME;
  }

  /** Starts with no flag whenever the jar is on the processor path (or, without one, the class path). */
  @Override
  public boolean autoStart() {
    return true;
  }

  @Override
  public void init(JavacTask task, String... args) {
    Trees trees = Trees.instance(task);
    VetOptions options = VetOptions.parse(args);
    if (!options.problems.isEmpty()) {
      task.addTaskListener(new OptionErrors(trees, options.problems));
      return;
    }
    if (options.off) {
      return;
    }
    task.addTaskListener(new Listener(task, trees, options));
  }

  /**
   * Reports invalid options as errors on the first source file parsed (javac's public API can only place a message
   * in a file), so that a mistyped rule name fails the build instead of silently vetting nothing.
   */
  private static final class OptionErrors implements TaskListener {
    private final Trees trees;
    private final java.util.List<String> problems;
    private boolean reported;

    OptionErrors(Trees trees, java.util.List<String> problems) {
      this.trees = trees;
      this.problems = problems;
    }

    @Override
    public void finished(TaskEvent event) {
      if (reported || event.getKind() != TaskEvent.Kind.PARSE || event.getCompilationUnit() == null) {
        return;
      }
      reported = true;
      for (String problem : problems) {
        trees.printMessage(Diagnostic.Kind.ERROR, problem, event.getCompilationUnit(), event.getCompilationUnit());
      }
    }
  }

  /** Scans each class when javac has analysed it. */
  private static final class Listener implements TaskListener {
    private final JavacTask task;
    private final Trees trees;
    private final Findings findings;
    private VetTypes types;
    private VetScanner scanner;
    private boolean resolved;

    Listener(JavacTask task, Trees trees, VetOptions options) {
      this.task = task;
      this.trees = trees;
      this.findings = new Findings(trees, options, new Suppressions(trees));
    }

    @Override
    public void finished(TaskEvent event) {
      if (event.getKind() != TaskEvent.Kind.ANALYZE || event.getCompilationUnit() == null) {
        return;
      }
      TypeElement type = event.getTypeElement();
      if (type == null || type.getSimpleName().toString().startsWith(VetTypes.WRAPPER_PREFIX)) {
        return;
      }
      if (!resolved) {
        resolved = true;
        types = VetTypes.resolve(trees, task.getTypes(), task.getElements());
        scanner = types == null ? null : new VetScanner(types, findings);
      }
      if (scanner == null) {
        return; // ctx4j's runtime is not on the class path: nothing to vet
      }
      TreePath path = trees.getPath(type);
      if (path == null || !(path.getLeaf() instanceof ClassTree)) {
        return;
      }
      types.startUnit(path.getCompilationUnit());
      boolean clean;
      try {
        clean = scanner.scanClass(path);
      } catch (RuntimeException e) {
        // a vet bug must never break a build (a warning would, under -Werror): a note says what happened
        findings.flush(false);
        trees.printMessage(
            Diagnostic.Kind.NOTE,
            "[ctx4j:vet] Ctx4jVet skipped "
                + type.getQualifiedName()
                + " after an internal error ("
                + e
                + "); the class compiles as before. Please report it to ctx4j",
            path.getLeaf(),
            path.getCompilationUnit());
        return;
      }
      findings.flush(clean);
    }
  }
}
