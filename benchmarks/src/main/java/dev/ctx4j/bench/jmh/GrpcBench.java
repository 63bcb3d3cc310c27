package dev.ctx4j.bench.jmh;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.bench.EchoService;
import dev.ctx4j.grpc.Ctx4jGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Workload W11 of docs/benchmarks.md: a unary gRPC call over the in-process transport through ctx4j's client and
 * server interceptors ({@code Ctx4jGrpc.clientInterceptor()} on the channel, {@code Ctx4jGrpc.serverInterceptor()} on
 * the service), against the same call on a channel and a server without them. Everything runs on the benchmark thread
 * (direct executors), so the figure is the call's own CPU cost.
 *
 * <p>Both calls carry the same deadline, an hour away, so that both send {@code grpc-timeout} and both servers arm
 * gRPC's deadline timer. Each call sets it the way its caller would: the plain call with
 * {@code withDeadlineAfter(1, HOURS)} on its call options, per call, as a gRPC caller writes it (a deadline is a
 * moment, so a caller cannot reuse one across requests); the ctx4j call takes it from the request's context, a context
 * with a one-hour timeout made once per trial and bound to the benchmark thread for the trial, as a handler's context
 * is bound while it calls the next hop (a request's context is made once, at the edge, and serves every call the
 * request makes). What ctx4j adds is what the interceptors do per call: turning the context's deadline into the
 * call's, the client's hook on the context, the server's per-call context (with its own deadline) bound around each
 * callback, and its cancellation when the call completes.
 *
 * <p>{@link #W11_ctx4jOption} is the same call with the context named in the call options instead
 * ({@code Ctx4jGrpc.CONTEXT}), shown beside it: the stub copies the call options per call to add its own option, and
 * grpc-java copies a two-dimensional array of the custom options to do it, one more small array for ours.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
@SuppressWarnings("ctx4j:containedctx") // JMH state: set up and cancelled by the @Setup/@TearDown methods
public class GrpcBench {
  private static final long DEADLINE_HOURS = 1;

  /** Creates the benchmark state (JMH does it). */
  public GrpcBench() {}

  private Server plainServer;
  private Server ctx4jServer;
  private ManagedChannel plainChannel;
  private ManagedChannel ctx4jChannel;
  private CallOptions ctx4jOptions;
  private CancellableContext requestContext;
  /** The request context's binding to the benchmark thread, for the trial (JMH sets up a thread's state on it). */
  private dev.ctx4j.Scope bound;
  /** The argument; a field so the JIT cannot fold it. */
  private int x;

  /**
   * Starts the two in-process servers and their channels.
   *
   * @throws IOException if a server cannot start
   */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    String plainName = InProcessServerBuilder.generateName();
    String ctx4jName = InProcessServerBuilder.generateName();
    plainServer = InProcessServerBuilder.forName(plainName).directExecutor()
        .addService(EchoService.incrementing()).build().start();
    ctx4jServer = InProcessServerBuilder.forName(ctx4jName).directExecutor()
        .addService(ServerInterceptors.intercept(EchoService.incrementing(), Ctx4jGrpc.serverInterceptor()))
        .build().start();
    plainChannel = InProcessChannelBuilder.forName(plainName).directExecutor().build();
    ctx4jChannel = InProcessChannelBuilder.forName(ctx4jName).directExecutor()
        .intercept(Ctx4jGrpc.clientInterceptor()).build();
    requestContext = Context.background().withTimeout(Duration.ofHours(DEADLINE_HOURS));
    ctx4jOptions = CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, requestContext);
    bound = requestContext.attach();
    x = 42;
  }

  /**
   * Stops the channels and servers.
   *
   * @throws InterruptedException if interrupted while waiting for them
   */
  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    if (Context.current() != requestContext) { // else W11_ctx4j measured calls under no context at all
      throw new IllegalStateException("the request context was not current on the benchmark thread");
    }
    bound.close();
    requestContext.cancel();
    for (ManagedChannel c : new ManagedChannel[] {plainChannel, ctx4jChannel}) {
      c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    for (Server s : new Server[] {plainServer, ctx4jServer}) {
      s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * W11, plain: the unary call with a one-hour deadline set for the call, no interceptor.
   *
   * @return the reply
   */
  @Benchmark
  public Integer W11_plain() {
    return ClientCalls.blockingUnaryCall(
        plainChannel, EchoService.ECHO, CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_HOURS, TimeUnit.HOURS), x);
  }

  /**
   * W11, ctx4j: the same call under the current ctx4j context, with a one-hour timeout, through both interceptors.
   *
   * @return the reply
   */
  @Benchmark
  public Integer W11_ctx4j() {
    return ClientCalls.blockingUnaryCall(ctx4jChannel, EchoService.ECHO, CallOptions.DEFAULT, x);
  }

  /**
   * W11, ctx4j with the context in the call options: the same call, the context named by {@code Ctx4jGrpc.CONTEXT}.
   *
   * @return the reply
   */
  @Benchmark
  public Integer W11_ctx4jOption() {
    return ClientCalls.blockingUnaryCall(ctx4jChannel, EchoService.ECHO, ctx4jOptions, x);
  }
}
