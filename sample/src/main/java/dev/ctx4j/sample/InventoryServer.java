package dev.ctx4j.sample;

import dev.ctx4j.grpc.Ctx4jGrpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code inventory} gRPC service's server: grpc-java over Netty on {@code 127.0.0.1} and an ephemeral port,
 * serving {@link InventoryService} with {@code Ctx4jGrpc.serverInterceptor()}, the one line that gives each call a
 * ctx4j context with the caller's deadline and cancellation, and {@code Ctx4jGrpc.serverStreamTracerFactory()}, which
 * ends that context as the caller's cancel arrives even when all four handler threads are busy:
 *
 * <pre>{@code
 * NettyServerBuilder.forAddress(address, InsecureServerCredentials.create())
 *     .addService(service)
 *     .intercept(Ctx4jGrpc.serverInterceptor())
 *     .addStreamTracerFactory(Ctx4jGrpc.serverStreamTracerFactory())
 *     .build()
 *     .start();
 * }</pre>
 *
 * <p>Threads: {@code ctx4j-sample-inventory-boss-1} accepts, {@code ctx4j-sample-inventory-io-N} do the I/O and
 * {@code ctx4j-sample-inventory-N} run the handlers; all end on {@link #close()}.
 */
public final class InventoryServer implements AutoCloseable {
  private static final int HANDLER_THREADS = 4;

  private final InventoryDatabase database;
  private final EventLoopGroup boss = EventLoops.group("inventory-boss", 1);
  private final EventLoopGroup workers = EventLoops.group("inventory-io", 1);
  private final ExecutorService handlers =
      Executors.newFixedThreadPool(HANDLER_THREADS, SampleThreads.factory("inventory"));
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Server server;

  private InventoryServer(Log log) throws IOException {
    this.database = new InventoryDatabase(log);
    InventoryService service = new InventoryService(log, new Ctx4j_InventoryRepository(database));
    Server built =
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            .channelType(NioServerSocketChannel.class)
            .executor(handlers)
            .addService(service.definition())
            .intercept(Ctx4jGrpc.serverInterceptor())
            .addStreamTracerFactory(Ctx4jGrpc.serverStreamTracerFactory())
            .build();
    try {
      this.server = built.start();
    } catch (IOException | RuntimeException e) {
      stopThreads();
      throw e;
    }
  }

  /**
   * Starts the server on {@code 127.0.0.1} and an ephemeral port.
   *
   * @param log where the service logs
   * @return the running server; close it to stop it
   * @throws IOException if the server cannot bind
   */
  public static InventoryServer start(Log log) throws IOException {
    return new InventoryServer(log);
  }

  /**
   * Returns the address the server listens on.
   *
   * @return {@code 127.0.0.1} and the port
   */
  public InetSocketAddress address() {
    return (InetSocketAddress) server.getListenSockets().get(0);
  }

  /**
   * Returns the database behind the repository, so that callers can observe its queries.
   *
   * @return the database
   */
  public InventoryDatabase database() {
    return database;
  }

  /**
   * Stops the server: lets the calls in flight finish for up to 5 s (then cancels them), then stops and awaits its
   * threads. Idempotent. If interrupted, stops at once and keeps the interrupt flag.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      server.shutdown();
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      stopThreads();
    }
  }

  private void stopThreads() {
    try {
      EventLoops.stop(handlers);
      EventLoops.stop(workers);
      EventLoops.stop(boss);
    } catch (InterruptedException e) {
      handlers.shutdownNow();
      workers.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      Thread.currentThread().interrupt();
    }
  }
}
