package dev.ctx4j.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerStreamTracer;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real gRPC server for one test, on 127.0.0.1 (Netty) or in-process, serving one unary method {@link #METHOD}
 * whose behaviour the test gives; channels to it, all shut down by {@link #close()}. No protobuf: strings in UTF-8.
 */
final class Loopback implements AutoCloseable {
  /** The two transports every behaviour is tested on. */
  enum Transport {
    NETTY,
    IN_PROCESS
  }

  /** What the service does with one request. */
  @FunctionalInterface
  interface Handler {
    void handle(String request, StreamObserver<String> response) throws Exception;
  }

  /** UTF-8 strings on the wire. */
  static final MethodDescriptor.Marshaller<String> UTF8 = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(String value) {
      return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String parse(InputStream stream) {
      try {
        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  };

  /** The one method: unary, string in, string out. */
  static final MethodDescriptor<String, String> METHOD = MethodDescriptor.<String, String>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName(MethodDescriptor.generateFullMethodName("ctx4j.test.Loopback", "Call"))
      .setRequestMarshaller(UTF8)
      .setResponseMarshaller(UTF8)
      .build();

  private static final AtomicInteger NAMES = new AtomicInteger();

  final Transport transport;
  private final Server server;
  private final String inProcessName;
  private final ExecutorService executor;
  private final List<ManagedChannel> channels = new ArrayList<>();
  /** How many calls reached the service's interceptors (the ctx4j one included). */
  final AtomicInteger arrived = new AtomicInteger();

  private final boolean direct;

  private Loopback(Transport transport, boolean direct, Setup setup, Handler handler,
      ServerInterceptor... interceptors) throws IOException {
    this.transport = transport;
    this.direct = direct;
    ThreadFactory threads = r -> {
      Thread t = new Thread(r, "loopback-server");
      t.setDaemon(true);
      return t;
    };
    this.executor = setup.executorThreads == 0
        ? Executors.newCachedThreadPool(threads)
        : Executors.newFixedThreadPool(setup.executorThreads, threads);
    ServerServiceDefinition service = ServerServiceDefinition.builder("ctx4j.test.Loopback")
        .addMethod(METHOD, ServerCalls.asyncUnaryCall((request, response) -> {
          try {
            handler.handle(request, response);
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            response.onError(e);
          }
        }))
        .build();
    List<ServerInterceptor> all = new ArrayList<>(List.of(interceptors));
    all.add(Ctx4jGrpc.serverInterceptor());
    if (setup.outer != null) {
      all.add(setup.outer);
    }
    all.add(Counting.server(arrived)); // outermost: counts what arrives
    ServerServiceDefinition intercepted = ServerInterceptors.intercept(service, all);
    if (transport == Transport.NETTY) {
      inProcessName = null;
      NettyServerBuilder builder = NettyServerBuilder
          .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), InsecureServerCredentials.create())
          .executor(executor)
          .addService(intercepted);
      addTracers(builder, setup);
      server = builder.build().start();
    } else {
      inProcessName = "ctx4j-loopback-" + NAMES.incrementAndGet();
      InProcessServerBuilder builder = InProcessServerBuilder.forName(inProcessName);
      if (direct) {
        builder.directExecutor();
      } else {
        builder.executor(executor);
      }
      addTracers(builder, setup);
      server = builder.addService(intercepted).build().start();
    }
  }

  /** How the server is built, beyond its transport. */
  static final class Setup {
    /** The server as the README builds it: the interceptor alone, a growing executor. */
    static final Setup DEFAULT = new Setup(false, 0, null, null);

    final boolean tracer;
    /** The server executor's fixed size; 0 for a cached pool. */
    final int executorThreads;
    /** An interceptor that runs before ctx4j's; null for none. */
    final ServerInterceptor outer;
    /** A stream tracer factory added after ctx4j's; null for none. */
    final ServerStreamTracer.Factory laterTracer;

    private Setup(
        boolean tracer, int executorThreads, ServerInterceptor outer, ServerStreamTracer.Factory laterTracer) {
      this.tracer = tracer;
      this.executorThreads = executorThreads;
      this.outer = outer;
      this.laterTracer = laterTracer;
    }

    /** This setup with {@link Ctx4jGrpc#serverStreamTracerFactory()} on the server. */
    Setup withTracer() {
      return new Setup(true, executorThreads, outer, laterTracer);
    }

    /** This setup with an executor of {@code threads} threads. */
    Setup withExecutorThreads(int threads) {
      return new Setup(tracer, threads, outer, laterTracer);
    }

    /** This setup with {@code interceptor} running before ctx4j's interceptor. */
    Setup withOuter(ServerInterceptor interceptor) {
      return new Setup(tracer, executorThreads, interceptor, laterTracer);
    }

    /** This setup with {@code factory}'s tracers told of each stream after ctx4j's tracer. */
    Setup withLaterTracer(ServerStreamTracer.Factory factory) {
      return new Setup(tracer, executorThreads, outer, factory);
    }
  }

  /** Starts a server whose service runs {@code handler}, behind the ctx4j server interceptor and {@code extra} ones. */
  static Loopback start(Transport transport, Handler handler, ServerInterceptor... extra) throws IOException {
    return start(transport, Setup.DEFAULT, handler, extra);
  }

  /**
   * Starts a server built as {@code setup} says, whose service runs {@code handler}, behind the ctx4j server
   * interceptor and {@code extra} ones.
   */
  static Loopback start(Transport transport, Setup setup, Handler handler, ServerInterceptor... extra)
      throws IOException {
    return new Loopback(transport, false, setup, handler, extra);
  }

  private static void addTracers(ServerBuilder<?> builder, Setup setup) {
    if (setup.tracer) {
      builder.addStreamTracerFactory(Ctx4jGrpc.serverStreamTracerFactory());
    }
    if (setup.laterTracer != null) {
      builder.addStreamTracerFactory(setup.laterTracer);
    }
  }

  /**
   * Starts an in-process server whose calls, and whose channels' calls, run on the calling thread: the tightest
   * interleavings of start, close and cancel.
   */
  static Loopback startDirect(Handler handler, ServerInterceptor... extra) throws IOException {
    return new Loopback(Transport.IN_PROCESS, true, Setup.DEFAULT, handler, extra);
  }

  /** The in-process server's name, for a channel a test builds itself; null over Netty. */
  String inProcessName() {
    return inProcessName;
  }

  /** A new channel to the server without any interceptor; closed with the server. */
  ManagedChannel rawChannel() {
    ManagedChannel c = transport == Transport.NETTY
        ? NettyChannelBuilder.forAddress("127.0.0.1", server.getPort(), InsecureChannelCredentials.create()).build()
        : direct
            ? InProcessChannelBuilder.forName(inProcessName).directExecutor().build()
            : InProcessChannelBuilder.forName(inProcessName).build();
    synchronized (channels) {
      channels.add(c);
    }
    return c;
  }

  /** A new channel through ctx4j's client interceptor, with {@code extra} interceptors nearer the wire. */
  Channel channel(ClientInterceptor... extra) {
    Channel c = ClientInterceptors.intercept(rawChannel(), extra);
    return ClientInterceptors.intercept(c, Ctx4jGrpc.clientInterceptor());
  }

  /** Starts {@code call} with a listener that only records how it closes: the returned future's status. */
  static CompletableFuture<Status> startRecordingClose(ClientCall<String, String> call) {
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(new ClientCall.Listener<String>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    return closed;
  }

  /** A blocking call of {@link #METHOD}. */
  static String call(Channel channel, CallOptions options, String request) {
    return ClientCalls.blockingUnaryCall(channel, METHOD, options, request);
  }

  /** Shuts everything down and waits for it; a test thread interrupted meanwhile fails the test. */
  @Override
  public void close() {
    try {
      shutDown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while shutting the loopback down", e);
    }
  }

  private void shutDown() throws InterruptedException {
    synchronized (channels) {
      for (ManagedChannel c : channels) {
        c.shutdownNow();
      }
    }
    server.shutdownNow();
    synchronized (channels) {
      for (ManagedChannel c : channels) {
        if (!c.awaitTermination(30, TimeUnit.SECONDS)) {
          throw new AssertionError("channel did not terminate: " + c);
        }
      }
    }
    if (!server.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new AssertionError("server did not terminate: " + server);
    }
    executor.shutdownNow();
    if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new AssertionError("server executor did not terminate");
    }
  }
}
