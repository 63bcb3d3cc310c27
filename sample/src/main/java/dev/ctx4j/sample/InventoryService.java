package dev.ctx4j.sample;

import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.sample.InventoryProtocol.StockQuery;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.OptionalInt;

/**
 * The inventory service's handler: answers {@code Stock} by asking its {@link InventoryRepository}, through the
 * generated {@code Ctx4j_InventoryRepository}, under the call's ctx4j context.
 *
 * <p>It never builds a deadline of its own: {@code Ctx4jGrpc.serverInterceptor()} (installed by
 * {@link InventoryServer}) makes {@link Context#current()} a context with the caller's budget (from
 * {@code grpc-timeout}), cancelled when the caller cancels, for as long as the handler runs. The repository's
 * {@code @Timeout(3 s)} nests under it. A repository call ended by that context becomes the matching status:
 * {@code DEADLINE_EXCEEDED} or {@code CANCELLED} (which the caller, gone by then, does not receive).
 */
final class InventoryService {
  private final Log log;
  private final InventoryRepository repository;

  /**
   * Creates the handler.
   *
   * @param log where calls are logged
   * @param repository the repository, the generated wrapper around the database
   */
  InventoryService(Log log, InventoryRepository repository) {
    this.log = log;
    this.repository = repository;
  }

  /** Returns the service, for a server builder. */
  ServerServiceDefinition definition() {
    return ServerServiceDefinition.builder(InventoryProtocol.SERVICE)
        .addMethod(InventoryProtocol.STOCK, ServerCalls.asyncUnaryCall(this::stock))
        .build();
  }

  private void stock(StockQuery query, StreamObserver<Integer> reply) {
    // The interceptor's context for this call, plus the request id for the log (ctx4j values do not cross the wire).
    Context ctx = Context.current().withValue(OrderServer.REQUEST_ID, query.requestId());
    log.log(ctx, "inventory: Stock(" + query.item() + "), budget from grpc-timeout " + Log.budget(ctx));
    Status status;
    try {
      OptionalInt count = repository.stock(ctx, query.item());
      if (count.isPresent()) {
        log.log(ctx, "inventory: OK, " + count.getAsInt() + " in stock");
        reply.onNext(count.getAsInt());
        reply.onCompleted();
        return;
      }
      status = Status.NOT_FOUND.withDescription("no item " + query.item());
    } catch (ContextException e) {
      // "InventoryRepository.stock timed out: its caller's deadline came before its 3 s limit", or "... cancelled"
      status = (e.isTimeout() ? Status.DEADLINE_EXCEEDED : Status.CANCELLED).withDescription(e.getMessage());
      log.log(ctx, "inventory: the repository threw " + e.getClass().getSimpleName() + ": " + e.getMessage()
          + (e.getCause() == null ? "" : " (cause: " + e.getCause().getMessage() + ")"));
    } catch (InterruptedException e) {
      // Interrupted by something other than the context (the server shutting down): answer, keep the flag.
      Thread.currentThread().interrupt();
      status = Status.UNAVAILABLE.withDescription("interrupted");
    }
    log.log(ctx, "inventory: status " + status.getCode());
    reply.onError(status.asRuntimeException());
  }
}
