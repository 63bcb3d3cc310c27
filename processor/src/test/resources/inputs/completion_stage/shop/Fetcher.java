package shop;

import dev.ctx4j.Context;
import dev.ctx4j.Timeout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Asynchronous methods: the call ends when the returned stage completes. */
public interface Fetcher {
  @Timeout(200)
  CompletionStage<byte[]> fetch(Context ctx, String url);

  @Timeout(value = 1, unit = java.util.concurrent.TimeUnit.MINUTES, interrupt = false)
  CompletableFuture<Void> prefetch(Context ctx, String url);
}
