package dev.ctx4j.sample;

import dev.ctx4j.Context;
import dev.ctx4j.grpc.Ctx4jGrpc;
import dev.ctx4j.sample.InventoryProtocol.StockQuery;
import io.grpc.CallOptions;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.ClientCalls;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The edge's client of the inventory service: a gRPC channel over Netty with {@code Ctx4jGrpc.clientInterceptor()},
 * the one line that makes every call carry its ctx4j context: the context's remaining time becomes the call's
 * deadline (sent as {@code grpc-timeout}), and cancelling the context cancels the call.
 *
 * <pre>{@code
 * ManagedChannel channel = NettyChannelBuilder.forAddress(address, InsecureChannelCredentials.create())
 *     .intercept(Ctx4jGrpc.clientInterceptor())
 *     .build();
 * }</pre>
 *
 * <p>Threads: {@code ctx4j-sample-edge-grpc-io-1} does the I/O and {@code ctx4j-sample-edge-grpc-N} the channel's
 * own work; both end on {@link #close()}.
 */
final class InventoryClient implements AutoCloseable {
  private final EventLoopGroup eventLoops = EventLoops.group("edge-grpc-io", 1);
  private final ExecutorService executor = Executors.newFixedThreadPool(2, SampleThreads.factory("edge-grpc"));
  private final AtomicBoolean closed = new AtomicBoolean();
  private final ManagedChannel channel;

  /**
   * Creates the channel and starts connecting (in the background: the first call would otherwise pay for it).
   *
   * @param inventory the inventory server's address
   */
  InventoryClient(InetSocketAddress inventory) {
    this.channel =
        NettyChannelBuilder.forAddress(inventory, InsecureChannelCredentials.create())
            .eventLoopGroup(eventLoops)
            .channelType(NioSocketChannel.class)
            .executor(executor)
            .offloadExecutor(executor)
            .intercept(Ctx4jGrpc.clientInterceptor())
            .build();
    channel.getState(true);
  }

  /**
   * Calls {@code Stock} under {@code ctx}: the call's deadline is the context's, and cancelling the context cancels
   * the call. Blocks until the reply or the failure.
   *
   * @param ctx the context the call runs under (passed in the call options; without it, the interceptor would use
   *     {@link Context#current()})
   * @param query the request
   * @return the count in stock
   * @throws StatusRuntimeException if the call fails; {@link Ctx4jGrpc#contextException} tells whether {@code ctx}
   *     ended it
   */
  int stock(Context ctx, StockQuery query) {
    return ClientCalls.blockingUnaryCall(
        channel, InventoryProtocol.STOCK, CallOptions.DEFAULT.withOption(Ctx4jGrpc.CONTEXT, ctx), query);
  }

  /** Closes the channel (waiting up to 5 s for calls in flight), then stops and awaits its threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      channel.shutdown();
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
        channel.awaitTermination(5, TimeUnit.SECONDS);
      }
      EventLoops.stop(executor);
      EventLoops.stop(eventLoops);
    } catch (InterruptedException e) {
      channel.shutdownNow();
      executor.shutdownNow();
      eventLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      Thread.currentThread().interrupt();
    }
  }
}
