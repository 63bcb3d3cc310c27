package dev.ctx4j.bench.mains;

import dev.ctx4j.Context;
import dev.ctx4j.bench.Figure;
import dev.ctx4j.bench.Stats;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * W9 and W9b: wall time of a whole {@code javac} process compiling 500 annotated methods in 50 classes, three ways,
 * alternating round by round, median of 5 each after one unmeasured run of each:
 *
 * <ul>
 *   <li>{@code ctx4j}: with ctx4j's processor on the processor path (which also compiles the 50 generated wrappers);
 *   <li>{@code javac}: the same sources without it ({@code -proc:none}), W9's peer;
 *   <li>{@code pregen}: the same sources plus the wrappers the processor generated, with {@code -proc:none}: W9b's
 *       peer, so that ctx4j ÷ pregen is the processor's own cost (running it), without the cost of compiling what it
 *       wrote;
 *   <li>{@code novet}: the {@code ctx4j} compile with the {@code Ctx4jVet} plugin (which starts by itself from the
 *       processor path) turned off by {@code -Xplugin:Ctx4jVet off}: W9vet's peer, so that ctx4j ÷ novet is the
 *       plugin's cost.
 * </ul>
 *
 * <p>Half the methods carry {@code @Timeout}, half {@code @Cancellable}; each has a small body (a loop, a string
 * built, a list filtered). The JDK's own {@code javac} is used ({@code java.home/bin/javac}).
 *
 * <p>The processor is found on this program's class path: the {@code ctx4j-processor} jar, which carries JavaPoet
 * shaded, so the processor path is that jar alone, as a user's; or, when only the processor's classes directory is
 * there (a build that stopped before {@code package}), those classes and JavaPoet's jar. When it is not there at all,
 * only the plain figure is reported.
 */
public final class W9Javac {
  /** The processor's class, looked up as a resource so that this program never loads it. */
  static final String PROCESSOR_CLASS = "dev/ctx4j/processor/Ctx4jProcessor.class";
  /** A class of the JavaPoet that the processor jar carries, relocated. */
  static final String SHADED_JAVAPOET = "dev/ctx4j/processor/shaded/com/palantir/javapoet/JavaFile.class";
  /** A class of JavaPoet itself, for an unshaded processor. */
  static final String JAVAPOET = "com/palantir/javapoet/JavaFile.class";

  private W9Javac() {}

  /**
   * Runs W9 and prints its figures.
   *
   * @param args {@code smoke} for a tiny run, nothing for the full one
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    boolean smoke = Mains.smoke(args);
    Mains.emit(run(smoke ? 2 : 50, smoke ? 2 : 10, smoke ? 0 : 1, smoke ? 1 : 5));
  }

  /**
   * Generates the sources and times both compilations.
   *
   * @param classes the number of annotated classes
   * @param methods annotated methods per class
   * @param warmups unmeasured runs of each
   * @param rounds measured runs of each
   * @return the figures in ms: W9 {@code ctx4j} (with the processor) and {@code javac} (plain); W9b {@code ctx4j}
   *     (the same run as W9's) and {@code pregen} (sources and generated wrappers, {@code -proc:none})
   * @throws IOException if the sources cannot be written
   * @throws InterruptedException if interrupted
   */
  public static List<Figure> run(int classes, int methods, int warmups, int rounds)
      throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("ctx4j-w9-");
    try {
      List<String> sources = generate(dir.resolve("src"), classes, methods);
      String runtime = locationOf(Context.class.getProtectionDomain().getCodeSource().getLocation());
      String processorPath = processorPath();
      String javac = Path.of(System.getProperty("java.home"), "bin", "javac").toString();
      List<String> plain = command(javac, runtime, dir.resolve("plain"), sources, null);
      List<String> processed =
          processorPath == null ? null : command(javac, runtime, dir.resolve("processed"), sources, processorPath);
      List<String> novet = null;
      if (processed != null) {
        novet = command(javac, runtime, dir.resolve("novet"), sources, processorPath);
        novet.add(1, "-Xplugin:Ctx4jVet off");
      }
      List<String> pregen = null;
      if (processed != null) {
        // one run to obtain the wrappers that pregen compiles; it also warms the file cache like the others
        time(processed, dir.resolve("processed"));
        List<String> withWrappers = new ArrayList<>(sources);
        withWrappers.addAll(copyGenerated(dir.resolve("processed"), dir.resolve("wrappers"), classes));
        pregen = command(javac, runtime, dir.resolve("pregen"), withWrappers, null);
      }
      double[] plainMs = new double[rounds];
      double[] processedMs = new double[rounds];
      double[] pregenMs = new double[rounds];
      double[] novetMs = new double[rounds];
      for (int i = 0; i < warmups + rounds; i++) {
        double a = time(plain, dir.resolve("plain"));
        double b = processed == null ? Double.NaN : time(processed, dir.resolve("processed"));
        double c = pregen == null ? Double.NaN : time(pregen, dir.resolve("pregen"));
        double d = novet == null ? Double.NaN : time(novet, dir.resolve("novet"));
        if (i >= warmups) {
          plainMs[i - warmups] = a;
          processedMs[i - warmups] = b;
          pregenMs[i - warmups] = c;
          novetMs[i - warmups] = d;
        }
      }
      if (processed != null) {
        checkGenerated(dir.resolve("processed"), classes);
      }
      String note = (classes * methods) + " methods in " + classes + " classes, median of " + rounds;
      List<Figure> out = new ArrayList<>();
      if (processed == null) {
        String missing = "processor not on the class path (not built yet)";
        out.add(Figure.of("W9", "ctx4j", Double.NaN, "ms", missing));
        out.add(Figure.of("W9b", "ctx4j", Double.NaN, "ms", missing));
        out.add(Figure.of("W9b", "pregen", Double.NaN, "ms", missing));
        out.add(Figure.of("W9vet", "ctx4j", Double.NaN, "ms", missing));
        out.add(Figure.of("W9vet", "novet", Double.NaN, "ms", missing));
      } else {
        double withProcessor = Stats.median(processedMs);
        out.add(Figure.of("W9", "ctx4j", withProcessor, "ms", note + ", with the processor"));
        out.add(Figure.of("W9b", "ctx4j", withProcessor, "ms", note + ", with the processor (W9's run)"));
        out.add(Figure.of("W9b", "pregen", Stats.median(pregenMs), "ms",
            note + ", the sources and the " + classes + " generated wrappers, -proc:none"));
        out.add(Figure.of("W9vet", "ctx4j", withProcessor, "ms", note + ", with the processor and Ctx4jVet (W9's run)"));
        out.add(Figure.of("W9vet", "novet", Stats.median(novetMs), "ms",
            note + ", with the processor, Ctx4jVet off"));
      }
      out.add(Figure.of("W9", "javac", Stats.median(plainMs), "ms", note + ", -proc:none"));
      return out;
    } finally {
      deleteTree(dir);
    }
  }

  /**
   * Writes {@code classes} classes of {@code methods} annotated methods each, with small bodies (a loop, a string
   * built, a list filtered) as a service class has; returns the file names.
   */
  static List<String> generate(Path src, int classes, int methods) throws IOException {
    Path pkg = src.resolve("w9");
    Files.createDirectories(pkg);
    List<String> files = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      String name = String.format("Service%02d", c);
      StringBuilder s = new StringBuilder();
      s.append("package w9;\n\n")
          .append("import dev.ctx4j.Cancellable;\n")
          .append("import dev.ctx4j.Context;\n")
          .append("import dev.ctx4j.Timeout;\n")
          .append("import java.io.IOException;\n")
          .append("import java.util.ArrayList;\n")
          .append("import java.util.List;\n")
          .append("import java.util.Locale;\n\n")
          .append("/** Generated for W9. */\n")
          .append("public class ").append(name).append(" {\n")
          .append("  private final String name;\n\n")
          .append("  /** Creates the service. @param name its name */\n")
          .append("  public ").append(name).append("(String name) {\n")
          .append("    this.name = name;\n")
          .append("  }\n");
      for (int m = 0; m < methods; m++) {
        s.append("\n  /** Method ").append(m).append(". */\n");
        s.append(m % 2 == 0 ? "  @Timeout(" + (100 + m) + ")\n" : "  @Cancellable\n");
        switch (m % 3) {
          case 0:
            s.append("  public int op").append(m).append("(Context ctx, int x) {\n")
                .append("    int sum = 0;\n")
                .append("    for (int i = 0; i < x; i++) {\n")
                .append("      sum += i * ").append(31 + m).append(" + name.length();\n")
                .append("    }\n")
                .append("    return sum;\n")
                .append("  }\n");
            break;
          case 1:
            s.append("  public String op").append(m).append("(Context ctx, String id, long n) throws IOException {\n")
                .append("    if (id.isEmpty()) {\n")
                .append("      throw new IOException(\"empty id\");\n")
                .append("    }\n")
                .append("    return id + \":\" + n + \":\" + name;\n")
                .append("  }\n");
            break;
          default:
            s.append("  public List<String> op").append(m).append("(Context ctx, List<String> in) {\n")
                .append("    List<String> out = new ArrayList<>(in.size());\n")
                .append("    for (String s : in) {\n")
                .append("      if (!s.isBlank()) {\n")
                .append("        out.add(s.trim().toLowerCase(Locale.ROOT));\n")
                .append("      }\n")
                .append("    }\n")
                .append("    return out;\n")
                .append("  }\n");
            break;
        }
      }
      s.append("}\n");
      Path file = pkg.resolve(name + ".java");
      Files.writeString(file, s, StandardCharsets.UTF_8);
      files.add(file.toString());
    }
    return files;
  }

  private static List<String> command(String javac, String runtime, Path out, List<String> sources,
      String processorPath) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javac);
    cmd.add("--release");
    cmd.add("17");
    cmd.add("-nowarn");
    cmd.add("-cp");
    cmd.add(runtime);
    if (processorPath == null) {
      cmd.add("-proc:none");
    } else {
      cmd.add("-processorpath");
      cmd.add(processorPath);
    }
    cmd.add("-d");
    cmd.add(out.resolve("classes").toString());
    cmd.add("-s");
    cmd.add(out.resolve("generated").toString());
    cmd.addAll(sources);
    return cmd;
  }

  private static double time(List<String> cmd, Path out) throws IOException, InterruptedException {
    deleteTree(out);
    Files.createDirectories(out.resolve("classes"));
    Files.createDirectories(out.resolve("generated"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    long t0 = System.nanoTime();
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    int exit = p.waitFor();
    long t1 = System.nanoTime();
    if (exit != 0) {
      throw new IllegalStateException("javac failed (" + exit + "): " + new String(output, StandardCharsets.UTF_8));
    }
    return (t1 - t0) / 1e6;
  }

  /** Copies the wrappers a processed run generated into {@code to}; returns the copies' file names. */
  private static List<String> copyGenerated(Path processedOut, Path to, int classes) throws IOException {
    Path generated = processedOut.resolve("generated");
    List<String> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(generated)) {
      for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java")).sorted()::iterator) {
        Path copy = to.resolve(generated.relativize(p).toString());
        Files.createDirectories(copy.getParent());
        Files.copy(p, copy);
        files.add(copy.toString());
      }
    }
    if (files.size() < classes) {
      throw new IllegalStateException("the processor generated " + files.size() + " wrappers for " + classes
          + " annotated classes");
    }
    return files;
  }

  private static void checkGenerated(Path out, int classes) throws IOException {
    long wrappers;
    try (Stream<Path> s = Files.walk(out.resolve("classes"))) {
      wrappers = s.filter(p -> p.getFileName().toString().startsWith("Ctx4j_")).count();
    }
    if (wrappers < classes) {
      throw new IllegalStateException("the processor generated " + wrappers + " wrappers for " + classes
          + " annotated classes");
    }
  }

  /**
   * The processor path: the ctx4j-processor jar alone when it carries JavaPoet shaded (what users run), otherwise the
   * processor's classes and JavaPoet's jar; null when the processor is not present.
   */
  static String processorPath() {
    ClassLoader cl = W9Javac.class.getClassLoader();
    URL processor = cl.getResource(PROCESSOR_CLASS);
    if (processor == null) {
      return null;
    }
    String processorRoot = root(processor, PROCESSOR_CLASS);
    URL shaded = cl.getResource(SHADED_JAVAPOET);
    if (shaded != null && root(shaded, SHADED_JAVAPOET).equals(processorRoot)) {
      return processorRoot;
    }
    URL javapoet = cl.getResource(JAVAPOET);
    return javapoet == null ? null : String.join(File.pathSeparator, processorRoot, root(javapoet, JAVAPOET));
  }

  /** The class-path entry (directory or jar) that holds the resource {@code url} named {@code name}. */
  private static String root(URL url, String name) {
    String s = url.toString();
    if (s.startsWith("jar:")) {
      String jar = s.substring(4, s.indexOf("!/"));
      return locationOf(jar);
    }
    return locationOf(s.substring(0, s.length() - name.length()));
  }

  private static String locationOf(Object url) {
    try {
      return Path.of(new java.net.URI(url.toString())).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
