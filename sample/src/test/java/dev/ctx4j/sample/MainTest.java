package dev.ctx4j.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The main job, run in process: what it prints, and that it stops cleanly. */
@org.junit.jupiter.api.Timeout(60)
class MainTest {

  @Test
  @DisplayName("the main job prints the lessons, both scenes' exchanges and the generated wrapper, then stops cleanly")
  void mainJobTellsTheWholeStory() throws Exception {
    Output output = new Output();
    String directory = System.getProperty(GeneratedSource.DIRECTORY_PROPERTY);

    Main.run(output.stream(), directory == null ? null : Path.of(directory));

    String text = output.text();
    System.out.println(text);
    assertTrue(text.contains("worker: received the cancel signal: context canceled"), text);
    assertTrue(text.contains("worker: timeout: context deadline exceeded"), text);
    assertTrue(text.contains("worker on child B: stopped: context canceled"), text);
    assertTrue(text.contains("r1 <- 200 {\"id\":\"42\",\"item\":\"coffee beans\"}"), text);
    assertTrue(text.contains("r2 <- 504 OrderService.find"), text);
    assertTrue(text.contains("r3 <- 499 "), text);
    assertTrue(text.contains("Summary: fast 200 in "), text);
    // the cross-process scene (CrossProcessSceneTest reads it in detail)
    assertTrue(text.contains("x1 <- 200 {\"item\":\"coffee-beans\",\"inStock\":12}"), text);
    assertTrue(text.contains("[x2]          edge: gRPC status DEADLINE_EXCEEDED"), text);
    assertTrue(text.contains("x2 <- 504 "), text);
    assertTrue(text.contains("x3: the repository, two hops away, stopped "), text);
    assertTrue(text.contains("main          edge and inventory closed"), text);
    assertTrue(text.contains("The annotation processor writes its sources to " + GeneratedSource.MAVEN_LOCATION), text);
    assertTrue(directory != null, GeneratedSource.DIRECTORY_PROPERTY + " is set by sample/pom.xml");
    Path generated = GeneratedSource.wrapperFile(Path.of(directory), "OrderService");
    assertTrue(Files.isRegularFile(generated), generated + ": the processor ran (annotationProcessorPaths)");
    assertTrue(text.contains("Ctx4j_OrderService.find, from " + generated), text);
    assertTrue(text.contains("private static final WrappedMethod FIND = WrappedMethod.timeout(OrderService.class,"),
        text);
    assertTrue(text.contains("\"OrderService.find\", 1, TimeUnit.SECONDS, false, true);"), text);
    assertTrue(text.contains("Call call = Call.start(ctx, FIND);"), text);
    assertTrue(text.contains("Override without recompiling: -Ddev.ctx4j.sample.OrderService/find/Timeout/value=2 "),
        text);
    assertTrue(text.contains("or the environment variable DEV_CTX4J_SAMPLE_ORDERSERVICE_FIND_TIMEOUT_VALUE=2,"), text);
    assertTrue(text.contains("delegate.find(call.context(), id)"), text);
    assertEquals(List.of(), SampleThreads.awaitNoneAlive(Duration.ofSeconds(10)));
  }
}
