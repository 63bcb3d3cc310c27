package dev.ctx4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ctx4j.Context;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --serve} in a JVM of its own, started as the README's {@code mvn ... exec:exec -Dsample.args=--serve} starts
 * it (Maven forks {@code java -classpath ... dev.ctx4j.sample.Main --serve}): stopping it, or the process that
 * launched it, stops the server.
 */
@Timeout(180)
class ServeStopTest {
  private static final Pattern SERVING = Pattern.compile("Serving on (http://\\S+)");
  private static final long BOUND_SECONDS = 60;

  private final List<ProcessHandle> started = new ArrayList<>();

  @AfterEach
  void killWhatIsLeft() {
    for (ProcessHandle p : started) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }

  @Test
  @DisplayName("SIGTERM to the serving JVM (Ctrl-C's SIGINT takes the same path) closes its port and ends it")
  void sigtermStopsTheServer() throws Exception {
    Process sample = new ProcessBuilder(sampleCommand()).redirectErrorStream(true).start();
    started.add(sample.toHandle());
    Lines out = Lines.of(sample.getInputStream());
    URI uri = out.awaitServing();
    assertTrue(accepts(uri), "the server accepts connections at " + uri);

    sample.destroy(); // SIGTERM

    assertTrue(sample.waitFor(BOUND_SECONDS, TimeUnit.SECONDS), "the sample ended after SIGTERM:\n" + out);
    assertFalse(accepts(uri), "nothing listens at " + uri + " any more");
  }

  @Test
  @DisplayName("killing the process that launched the sample (Maven's exec:exec) stops the server it forked")
  void launcherEndStopsTheServer() throws Exception {
    Path sh = Path.of("/bin/sh");
    assumeTrue(Files.isExecutable(sh), "needs a POSIX shell to stand in for Maven");
    // A shell stands in for Maven: it forks the sample's JVM and waits for it. Killed, it ends alone, as Maven does.
    List<String> command = new ArrayList<>(List.of(sh.toString(), "-c", "\"$@\" & wait", "sh"));
    command.addAll(sampleCommand());
    Process launcher = new ProcessBuilder(command).redirectErrorStream(true).start();
    started.add(launcher.toHandle());
    Lines out = Lines.of(launcher.getInputStream());
    URI uri = out.awaitServing();
    List<ProcessHandle> children = launcher.children().toList();
    assertEquals(1, children.size(), "the launcher forked the sample: " + children);
    ProcessHandle sample = children.get(0);
    started.add(sample);
    assertTrue(accepts(uri), "the server accepts connections at " + uri);

    launcher.destroyForcibly();
    assertTrue(launcher.waitFor(BOUND_SECONDS, TimeUnit.SECONDS), "the launcher ended");

    assertTrue(
        sample.onExit().thenApply(p -> true).completeOnTimeout(false, BOUND_SECONDS, TimeUnit.SECONDS).get(),
        "the sample ended within " + BOUND_SECONDS + " s of its launcher:\n" + out);
    assertFalse(accepts(uri), "nothing listens at " + uri + " any more");
  }

  /** The command sample/pom.xml's exec:exec runs, with the sample's class path. */
  private static List<String> sampleCommand() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-D" + Main.STOP_WITH_PARENT_PROPERTY + "=true",
        "-classpath",
        classPath(),
        Main.class.getName(),
        "--serve");
  }

  private static String classPath() {
    return ForkedClassPath.of(Main.class, Context.class);
  }


  private static boolean accepts(URI uri) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
      return true;
    } catch (ConnectException refused) {
      return false;
    }
  }

  /** A process's output, read on a thread of its own (so the process never blocks on a full pipe). */
  private static final class Lines {
    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final StringBuffer all = new StringBuffer();

    static Lines of(InputStream in) {
      Lines lines = new Lines();
      Thread reader = new Thread(() -> lines.drain(in), "serve-stop-test-reader");
      reader.setDaemon(true);
      reader.start();
      return lines;
    }

    private void drain(InputStream in) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          all.append(line).append('\n');
          queue.add(line);
        }
      } catch (IOException closed) {
        // the process has ended and its pipe was closed under the reader: the output so far is all there is
      }
    }

    /** Waits for the line that says where the server listens. */
    URI awaitServing() throws InterruptedException {
      while (true) {
        String line = queue.poll(BOUND_SECONDS, TimeUnit.SECONDS);
        assertTrue(line != null, "no 'Serving on' line within " + BOUND_SECONDS + " s:\n" + all);
        Matcher m = SERVING.matcher(line);
        if (m.find()) {
          return URI.create(m.group(1));
        }
      }
    }

    @Override
    public String toString() {
      return all.toString();
    }
  }
}
