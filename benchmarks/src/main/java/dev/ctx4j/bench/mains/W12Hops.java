package dev.ctx4j.bench.mains;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.bench.EchoService;
import dev.ctx4j.bench.Figure;
import dev.ctx4j.bench.Stats;
import dev.ctx4j.grpc.Ctx4jGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * W12: a cancel crossing two gRPC hops on 127.0.0.1. A client calls service A, whose handler calls service B, whose
 * handler waits for its context to be done; each service is its own grpc-java server over Netty, all in this JVM. Once
 * B's handler is parked, the client cancels; the figure is the microseconds from just before the cancel until B's
 * handler runs again (median of 200 after 6,000 warm-up rounds, libraries alternating round by round). The warm-up is
 * long because a cancel path runs once per round: after 50 rounds both libraries' paths were still interpreted, and
 * the figures (400-600 us) measured the interpreter, not the propagation (about 130 us once compiled); after 2,000
 * rounds ctx4j's longer path still read 1.06-1.17x grpc-java's in runs where 6,000 rounds read 1.00-1.01x.
 *
 * <ul>
 *   <li>ctx4j: {@code Ctx4jGrpc.clientInterceptor()} on both channels, and {@code Ctx4jGrpc.serverInterceptor()} and
 *       {@code Ctx4jGrpc.serverStreamTracerFactory()} on both servers; the client cancels a ctx4j context, A calls B under its ctx4j context (and under gRPC's root
 *       context, so that only ctx4j carries the cancel across A), and B waits on {@code ctx.done().await()}.
 *   <li>gRPC: the same servers and channels without interceptors; the client cancels an
 *       {@code io.grpc.Context.CancellableContext} the call was made in, A calls B in its own gRPC server context
 *       (grpc-java's own propagation), and B waits on a latch released by a listener (direct executor) on its gRPC
 *       context.
 * </ul>
 */
public final class W12Hops {
  private static final long WAIT_SECONDS = 60;

  private W12Hops() {}

  /**
   * Runs W12 and prints its figures.
   *
   * @param args {@code smoke} for a tiny run, nothing for the full one
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    boolean smoke = Mains.smoke(args);
    Mains.emit(run(smoke ? 5 : 6_000, smoke ? 20 : 200));
  }

  /**
   * Measures both libraries, alternating rounds.
   *
   * @param warmups unmeasured rounds per library
   * @param rounds measured rounds per library
   * @return the ctx4j and gRPC figures (median µs)
   * @throws Exception if a round fails
   */
  public static List<Figure> run(int warmups, int rounds) throws Exception {
    double[] ctx4j = new double[rounds];
    double[] grpc = new double[rounds];
    try (Topology c = Topology.ctx4j(); Topology g = Topology.grpc()) {
      for (int i = 0; i < warmups + rounds; i++) {
        double a = c.round();
        double b = g.round();
        if (i >= warmups) {
          ctx4j[i - warmups] = a;
          grpc[i - warmups] = b;
        }
      }
    }
    List<Figure> out = new ArrayList<>();
    out.add(figure("ctx4j", ctx4j));
    out.add(figure("grpc", grpc));
    return out;
  }

  private static Figure figure(String library, double[] micros) {
    return Figure.of("W12", library, Stats.median(micros), "us",
        "median of " + micros.length + "; p10 " + Figure.number(Stats.percentile(micros, 10)) + ", p90 "
            + Figure.number(Stats.percentile(micros, 90)) + " us");
  }

  /** How B's handler waits for its context to be done, and how the client's call is made and cancelled. */
  private interface Flavour {
    /** Parks the calling thread (B's handler) until its context is done. */
    void awaitDone() throws InterruptedException;

    /** Calls B from A's handler, the way this flavour propagates. */
    Integer callFromA(Channel toB, Integer request);

    /** Starts the client's call to A; returns what cancels it. */
    Runnable startCall(Channel toA, Future<?>[] call);
  }

  /** The client, A and B, with one flavour's interceptors and waits. */
  private static final class Topology implements AutoCloseable {
    private final Flavour flavour;
    private final ExecutorService executor;
    private final Server b;
    private final Server a;
    private final ManagedChannel aToB;
    private final ManagedChannel clientToA;
    private final BlockingQueue<Thread> parked = new LinkedBlockingQueue<>();
    private final BlockingQueue<Long> woke = new LinkedBlockingQueue<>();
    private final Semaphore handlersDone = new Semaphore(0);

    static Topology ctx4j() throws IOException {
      return new Topology(new Flavour() {
        @Override
        public void awaitDone() throws InterruptedException {
          Context.current().done().await();
        }

        @Override
        public Integer callFromA(Channel toB, Integer request) {
          CallOptions options = CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, Context.current());
          try {
            // under gRPC's root context: only ctx4j's interceptors carry the cancel across A
            return io.grpc.Context.ROOT.call(() -> ClientCalls.blockingUnaryCall(toB, EchoService.ECHO, options,
                request));
          } catch (RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }

        @Override
        public Runnable startCall(Channel toA, Future<?>[] call) {
          CancellableContext ctx = Context.background().withCancel();
          call[0] = ClientCalls.futureUnaryCall(
              toA.newCall(EchoService.ECHO, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx)), 1);
          return ctx::cancel;
        }
      }, true);
    }

    static Topology grpc() throws IOException {
      return new Topology(new Flavour() {
        @Override
        public void awaitDone() throws InterruptedException {
          CountDownLatch latch = new CountDownLatch(1);
          io.grpc.Context.current().addListener(c -> latch.countDown(), Mains.DIRECT);
          latch.await();
        }

        @Override
        public Integer callFromA(Channel toB, Integer request) {
          // in A's gRPC server context (current in the handler): grpc-java propagates its cancellation
          return ClientCalls.blockingUnaryCall(toB, EchoService.ECHO, CallOptions.DEFAULT, request);
        }

        @Override
        public Runnable startCall(Channel toA, Future<?>[] call) {
          io.grpc.Context.CancellableContext ctx = io.grpc.Context.ROOT.withCancellation();
          ctx.run(() -> call[0] = ClientCalls.futureUnaryCall(toA.newCall(EchoService.ECHO, CallOptions.DEFAULT), 1));
          return () -> ctx.cancel(null);
        }
      }, false);
    }

    private Topology(Flavour flavour, boolean interceptors) throws IOException {
      this.flavour = flavour;
      AtomicInteger n = new AtomicInteger();
      this.executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "w12-" + (interceptors ? "ctx4j" : "grpc") + "-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      this.b = server(EchoService.of(this::handleB), interceptors);
      this.aToB = channel(b, interceptors);
      this.a = server(EchoService.of(this::handleA), interceptors);
      this.clientToA = channel(a, interceptors);
    }

    private Server server(ServerServiceDefinition service, boolean interceptors) throws IOException {
      NettyServerBuilder builder =
          NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
              .executor(executor)
              .addService(service);
      if (interceptors) {
        builder.intercept(Ctx4jGrpc.serverInterceptor())
            .addStreamTracerFactory(Ctx4jGrpc.serverStreamTracerFactory());
      }
      return builder.build().start();
    }

    private ManagedChannel channel(Server to, boolean interceptors) {
      NettyChannelBuilder builder =
          NettyChannelBuilder.forAddress(to.getListenSockets().get(0), InsecureChannelCredentials.create())
              .executor(executor);
      if (interceptors) {
        builder.intercept(Ctx4jGrpc.clientInterceptor());
      }
      return builder.build();
    }

    private void handleA(Integer request, StreamObserver<Integer> reply) {
      try {
        reply.onNext(flavour.callFromA(aToB, request));
        reply.onCompleted();
      } catch (StatusRuntimeException e) {
        reply.onError(e);
      } finally {
        handlersDone.release();
      }
    }

    private void handleB(Integer request, StreamObserver<Integer> reply) {
      try {
        parked.add(Thread.currentThread());
        flavour.awaitDone();
        woke.add(System.nanoTime());
        reply.onError(Status.CANCELLED.asRuntimeException());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reply.onError(Status.ABORTED.asRuntimeException());
      } finally {
        handlersDone.release();
      }
    }

    /** One round: call, wait until B's handler is parked, cancel, time until it runs; then let both handlers end. */
    double round() throws InterruptedException, TimeoutException {
      Future<?>[] call = new Future<?>[1];
      Runnable cancel = flavour.startCall(clientToA, call);
      Thread handler = parked.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (handler == null) {
        throw new TimeoutException("B's handler did not start within " + WAIT_SECONDS + " s");
      }
      while (handler.getState() != Thread.State.WAITING) {
        Thread.onSpinWait();
      }
      long t0 = System.nanoTime();
      cancel.run();
      Long t1 = woke.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (t1 == null) {
        throw new TimeoutException("the cancel did not reach B's handler within " + WAIT_SECONDS + " s");
      }
      if (!handlersDone.tryAcquire(2, WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new TimeoutException("A's and B's handlers did not end within " + WAIT_SECONDS + " s");
      }
      try {
        call[0].get(WAIT_SECONDS, TimeUnit.SECONDS);
        throw new IllegalStateException("the cancelled call succeeded");
      } catch (ExecutionException | CancellationException e) {
        // the client's call failed, as a cancelled call does
      }
      return (t1 - t0) / 1e3;
    }

    @Override
    public void close() {
      try {
        for (ManagedChannel c : List.of(clientToA, aToB)) {
          c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        for (Server s : List.of(a, b)) {
          s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        executor.shutdownNow();
      }
    }
  }
}
