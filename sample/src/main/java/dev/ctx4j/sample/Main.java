package dev.ctx4j.sample;

import dev.ctx4j.Context;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * ctx4j's main job: runs Go's three context lessons, then starts the order service ({@link OrderServer}) and drives
 * it with three requests (a fast one, a slow one that times out after 1 s, and one cancelled mid-flight), then runs the
 * same three across services ({@link CrossProcessScene}: an HTTP edge calling a gRPC service, where the edge's
 * deadline and the client's cancel reach a repository two hops away), prints the timelines, shows the wrapper the
 * annotation processor generated, and stops cleanly.
 *
 * <p>Run it with {@code mvn -q -B -pl sample -am -DskipTests package exec:exec} from the project root. With
 * {@code --serve} (through Maven: {@code -Dsample.args=--serve}) it starts the server and keeps it up for
 * {@code curl} until Enter or Ctrl-C is pressed.
 */
public final class Main {
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The system property that makes {@code --serve} stop when the process that started this JVM ends; sample/pom.xml
   * sets it for {@code exec:exec}.
   */
  static final String STOP_WITH_PARENT_PROPERTY = "ctx4j.sample.stopWithParent";

  private Main() {}

  /**
   * Runs the main job, or with {@code --serve} keeps the server up until Enter; exits 0 after a clean stop, 1 if a
   * thread of the sample is still running after it.
   *
   * @param args empty, or {@code --serve}
   * @throws Exception if the demo fails
   */
  public static void main(String[] args) throws Exception {
    boolean serve = false;
    for (String arg : args) {
      if (arg.equals("--serve")) {
        serve = true;
      } else if (!arg.isBlank()) {
        System.err.println("usage: Main [--serve]");
        System.exit(2);
      }
    }
    if (serve) {
      if (!serve(System.out)) {
        return; // still serving, until the JVM is stopped
      }
    } else {
      run(System.out, generatedSourcesDirectory());
    }
    List<String> alive = SampleThreads.awaitNoneAlive(Duration.ofSeconds(5));
    if (!alive.isEmpty()) {
      System.out.println("NOT stopped cleanly, still running: " + alive);
      System.exit(1);
    }
    System.out.println("Stopped cleanly: no thread of the sample is left running.");
  }

  /**
   * Runs the whole demo, printing to {@code out}: the three lessons, the service demo, the cross-process scene, and
   * the generated wrapper.
   *
   * @param out where the demo prints
   * @param generatedSources the generated-sources directory, or null when unknown
   * @throws Exception if the demo fails
   */
  public static void run(PrintStream out, Path generatedSources) throws Exception {
    banner(out, "Lesson 1: manual cancel (Go's context.WithCancel)");
    ManualCancelLesson.run(out);
    banner(out, "Lesson 2: timeout (Go's context.WithTimeout)");
    TimeoutLesson.run(out);
    banner(out, "Lesson 3: parent and child");
    ParentChildLesson.run(out);
    banner(out, "The order service: an HTTP server whose handler calls the generated Ctx4j_OrderService");
    serviceDemo(out);
    banner(out, "Across services: an HTTP edge with a 2 s budget calls a gRPC inventory service, all on 127.0.0.1");
    CrossProcessScene.run(out);
    banner(out, "The generated wrapper");
    printGeneratedWrapper(out, generatedSources);
  }

  /**
   * Starts the server, sends the three requests and prints the timeline and a summary.
   *
   * @param out where the demo prints
   * @throws Exception if the demo fails
   */
  static void serviceDemo(PrintStream out) throws Exception {
    Log log = new Log(out);
    String fast;
    String slow;
    String cancelled;
    try (OrderServer server = OrderServer.start(log)) {
      log.line("main", "server listening on " + server.uri() + "; each request gets a 5 s budget, find() 1 s");
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

      fast = exchange(client, log, server.uri(), "r1", "GET", "orders/" + OrderDatabase.FAST_ORDER, "fast query");
      slow = exchange(client, log, server.uri(), "r2", "GET", "orders/" + OrderDatabase.SLOW_ORDER,
          "the query takes 3 s");
      cancelled = cancelMidFlight(client, log, server);

      BackgroundWorker worker = server.backgroundWorker();
      log.line("main", "background worker: " + worker.ticks() + " ticks so far, "
          + (worker.isRunning() && worker.context().err() == null ? "still running" : "STOPPED")
          + ", untouched by the requests");
      log.line("main", "closing the server");
    }
    log.line("main", "server closed");
    out.println();
    out.println("Summary: fast " + fast + " | slow " + slow + " | cancelled " + cancelled);
  }

  /** Sends r3 (the slow order), and cancels it through {@code /cancel/r3} 300 ms after its query has started. */
  private static String cancelMidFlight(HttpClient client, Log log, OrderServer server)
      throws IOException, InterruptedException, ExecutionException, TimeoutException {
    CompletableFuture<Context> queryStarted = new CompletableFuture<>();
    OrderDatabase.QueryListener listener =
        new OrderDatabase.QueryListener() {
          @Override
          public void started(Context ctx, String id) {
            if ("r3".equals(ctx.value(OrderServer.REQUEST_ID))) {
              queryStarted.complete(ctx);
            }
          }
        };
    server.database().addListener(listener);
    try {
      log.line("client", "GET /orders/" + OrderDatabase.SLOW_ORDER + " as r3, to be cancelled mid-flight");
      long start = System.nanoTime();
      CompletableFuture<HttpResponse<String>> pending =
          client.sendAsync(request(server.uri(), "r3", "GET", "orders/" + OrderDatabase.SLOW_ORDER),
              HttpResponse.BodyHandlers.ofString());
      queryStarted.get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      Thread.sleep(300); // let r3 run for a while before cancelling it: the demo's pause, not synchronisation
      exchange(client, log, server.uri(), "r4", "POST", "cancel/r3", "cancel r3 while its query runs");
      HttpResponse<String> response = pending.get(CLIENT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      String result = response.statusCode() + " in " + seconds(start);
      log.line("client", "r3 <- " + response.statusCode() + " " + response.body().strip() + " (" + seconds(start)
          + ")");
      return result;
    } finally {
      server.database().removeListener(listener);
    }
  }

  /** Sends one request, logs it and its response, and returns {@code "<status> in <seconds>"}. */
  private static String exchange(
      HttpClient client, Log log, URI base, String requestId, String method, String path, String note)
      throws IOException, InterruptedException {
    log.line("client", method + " /" + path + " as " + requestId + " (" + note + ")");
    long start = System.nanoTime();
    HttpResponse<String> response =
        client.send(request(base, requestId, method, path), HttpResponse.BodyHandlers.ofString());
    log.line("client", requestId + " <- " + response.statusCode() + " " + response.body().strip() + " ("
        + seconds(start) + ")");
    return response.statusCode() + " in " + seconds(start);
  }

  private static HttpRequest request(URI base, String requestId, String method, String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .header(OrderServer.REQUEST_ID_HEADER, requestId)
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(CLIENT_TIMEOUT)
        .build();
  }

  private static String seconds(long startNanos) {
    return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNanos) / 1e9);
  }

  /**
   * Prints where the generated sources are and the generated {@code OrderService.find}, or says why it cannot.
   *
   * @param out where to print
   * @param directory the generated-sources directory, or null when unknown
   * @throws IOException if the generated file exists but cannot be read
   */
  static void printGeneratedWrapper(PrintStream out, Path directory) throws IOException {
    out.println("The annotation processor writes its sources to " + GeneratedSource.MAVEN_LOCATION);
    if (directory == null) {
      out.println("(Cannot show the wrapper: the system property " + GeneratedSource.DIRECTORY_PROPERTY
          + " is not set. Run through Maven: mvn -q -B -pl sample -am -DskipTests package exec:exec)");
      return;
    }
    Path file = GeneratedSource.wrapperFile(directory, "OrderService");
    if (!Files.isRegularFile(file)) {
      out.println("(Cannot show the wrapper: " + file + " does not exist, so the processor did not run. It runs"
          + " when ctx4j-processor is listed in annotationProcessorPaths in sample/pom.xml.)");
      return;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Optional<String> field = GeneratedSource.fieldSource(lines, "FIND");
    Optional<String> method = GeneratedSource.methodSource(lines, "find");
    out.println("Ctx4j_OrderService.find, from " + file + ":");
    out.println();
    out.print(field.orElse("(no field FIND in " + file + ")\n"));
    out.println("  ...");
    out.print(method.orElse("(no method find in " + file + ")\n"));
    out.println();
    printOverride(out);
  }

  /**
   * Prints how to change {@code OrderService.find}'s limit without recompiling: the configuration key, as a system
   * property and as an environment variable (docs/configuration.md).
   */
  static void printOverride(PrintStream out) {
    String key = OrderService.class.getName() + "/find/Timeout/value";
    String variable = key.replaceAll("[^A-Za-z0-9_]", "_").toUpperCase(Locale.ROOT);
    out.println("Override without recompiling: -D" + key + "=2 (2 s: the unit stays the annotation's, SECONDS,");
    out.println("unless .../Timeout/unit is set), or the environment variable " + variable + "=2,");
    out.println("which reaches the sample through command 1: " + variable + "=2 mvn -q -B -pl sample -am -DskipTests"
        + " package exec:exec");
    out.println("Read once, when Ctx4j_OrderService initialises; docs/configuration.md lists every key.");
  }

  /**
   * Starts the server and keeps it up until Enter is pressed (then stops it cleanly) or the JVM is stopped (Ctrl-C or
   * SIGTERM; a shutdown hook stops the server). When standard input is closed, it serves until the JVM is stopped.
   * With the system property {@code ctx4j.sample.stopWithParent} set to {@code true}, the JVM also stops when the
   * process that started it ends.
   *
   * @return {@code true} if the server was stopped, {@code false} if it is still serving
   */
  private static boolean serve(PrintStream out) throws IOException {
    OrderServer server = OrderServer.start(new Log(out));
    Thread hook = new Thread(server::close, SampleThreads.PREFIX + "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (Boolean.getBoolean(STOP_WITH_PARENT_PROPERTY)) {
      exitWithParent(out);
    }
    out.println("Serving on " + server.uri() + " until you press Enter (or Ctrl-C). Try, from another shell:");
    out.print(server.usage());
    if (System.in.read() < 0) {
      out.println("(standard input is closed: serving until the process is stopped)");
      return false; // the server's threads keep the JVM alive; the shutdown hook stops them
    }
    Runtime.getRuntime().removeShutdownHook(hook);
    server.close();
    return true;
  }

  /**
   * Exits the JVM, which runs the shutdown hook that stops the server, when the process that started it ends. Maven's
   * {@code exec:exec} forks this JVM, and a SIGTERM or SIGKILL to Maven ends Maven alone: without this, the sample
   * would go on serving with nobody left to stop it. (Ctrl-C in a terminal reaches both JVMs, which share a process
   * group.)
   */
  private static void exitWithParent(PrintStream out) {
    ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> {
      out.println("The process that started the sample (pid " + parent.pid() + ") has ended: stopping the server.");
      System.exit(0);
    }));
  }

  private static Path generatedSourcesDirectory() {
    String directory = System.getProperty(GeneratedSource.DIRECTORY_PROPERTY);
    return directory == null || directory.isBlank() ? null : Path.of(directory);
  }

  private static void banner(PrintStream out, String title) {
    out.println();
    out.println("== " + title + " ==");
  }
}
