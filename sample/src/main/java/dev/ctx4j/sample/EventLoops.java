package dev.ctx4j.sample;

import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The threads under the scene's gRPC servers and channel, made and stopped by the sample itself: Netty event loops
 * and executors whose threads are named {@code ctx4j-sample-<role>-N} ({@link SampleThreads}). Left to its defaults,
 * grpc-java would run on shared daemon pools that it stops a second after their last user, where the sample's clean
 * stop cannot await them.
 */
final class EventLoops {
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

  private EventLoops() {}

  /**
   * Creates a group of NIO event loops (grpc-netty-shaded's Netty).
   *
   * @param role names the threads, {@code ctx4j-sample-<role>-N}
   * @param threads how many event loops
   * @return the group; stop it with {@link #stop(EventLoopGroup)}
   */
  static EventLoopGroup group(String role, int threads) {
    return new MultiThreadIoEventLoopGroup(threads, SampleThreads.factory(role), NioIoHandler.newFactory());
  }

  /**
   * Stops a group at once (no quiet period) and waits up to 5 s for it to report its end. It waits on the group's
   * termination future rather than {@code awaitTermination}: Netty completes that future from its global executor once
   * every event loop has ended, so when it is done no more work for this group can start that executor's thread (which
   * {@link SampleThreads} counts, and which ends by itself a second later).
   *
   * @param group the group
   * @throws InterruptedException if interrupted while waiting
   */
  static void stop(EventLoopGroup group) throws InterruptedException {
    group.shutdownGracefully(0, SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)
        .await(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Stops an executor: lets its running tasks finish for up to 5 s, then interrupts them.
   *
   * @param executor the executor
   * @throws InterruptedException if interrupted while waiting
   */
  static void stop(ExecutorService executor) throws InterruptedException {
    executor.shutdown();
    if (!executor.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      executor.shutdownNow();
      executor.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }
}
