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
 * W9: wall time of a whole {@code javac} process compiling 500 annotated methods in 50 classes, with ctx4j's processor
 * on the processor path (which also compiles the 50 generated wrappers) and without it ({@code -proc:none}); median of
 * 5 each, alternating, after one unmeasured run of each. Half the methods carry {@code @Timeout}, half
 * {@code @Cancellable}; each has a small body (a loop, a string built, a list filtered). The JDK's own {@code javac} is
 * used ({@code java.home/bin/javac}).
 *
 * <p>The processor is found on this program's class path ({@code ctx4j-processor} and JavaPoet); when it is not
 * there (the processor not yet built), only the plain figure is reported.
 */
public final class W9Javac {
  /** The processor's class, looked up as a resource so that this program never loads it. */
  static final String PROCESSOR_CLASS = "dev/ctx4j/processor/Ctx4jProcessor.class";

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
   * @return the figures: {@code javac} (plain) and {@code ctx4j} (with the processor) in ms
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
      double[] plainMs = new double[rounds];
      double[] processedMs = new double[rounds];
      for (int i = 0; i < warmups + rounds; i++) {
        double a = time(plain, dir.resolve("plain"));
        double b = processed == null ? Double.NaN : time(processed, dir.resolve("processed"));
        if (i >= warmups) {
          plainMs[i - warmups] = a;
          processedMs[i - warmups] = b;
        }
      }
      if (processed != null) {
        checkGenerated(dir.resolve("processed"), classes);
      }
      String note = (classes * methods) + " methods in " + classes + " classes, median of " + rounds;
      List<Figure> out = new ArrayList<>();
      out.add(processed == null
          ? Figure.of("W9", "ctx4j", Double.NaN, "ms", "processor not on the class path (not built yet)")
          : Figure.of("W9", "ctx4j", Stats.median(processedMs), "ms", note + ", with the processor"));
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

  /** The processor path (ctx4j-processor, JavaPoet, ctx4j-runtime), or null when the processor is not present. */
  static String processorPath() {
    ClassLoader cl = W9Javac.class.getClassLoader();
    URL processor = cl.getResource(PROCESSOR_CLASS);
    URL javapoet = cl.getResource("com/palantir/javapoet/JavaFile.class");
    if (processor == null || javapoet == null) {
      return null;
    }
    String runtime = locationOf(Context.class.getProtectionDomain().getCodeSource().getLocation());
    return String.join(File.pathSeparator, root(processor, PROCESSOR_CLASS),
        root(javapoet, "com/palantir/javapoet/JavaFile.class"), runtime);
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
