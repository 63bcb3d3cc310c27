package dev.ctx4j.grpc;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.ContextException;
import io.grpc.ForwardingServerCallListener;
import io.grpc.ServerCall;

/**
 * Binds the call's ctx4j context as {@link dev.ctx4j.Context#current()} around every callback, ends it when the call
 * completes, and turns a {@link ContextException} that escapes a callback into the status it stands for.
 */
final class ContextServerListener<ReqT> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<ReqT> {
  private final CancellableContext ctx;
  private final ServerCallLife life;
  private final ContextServerCall<ReqT, ?> call;

  ContextServerListener(
      ServerCall.Listener<ReqT> delegate, CancellableContext ctx, ServerCallLife life, ContextServerCall<ReqT, ?> call) {
    super(delegate);
    this.ctx = ctx;
    this.life = life;
    this.call = call;
  }

  @Override
  public void onMessage(ReqT message) {
    try {
      ctx.run(() -> super.onMessage(message));
    } catch (ContextException e) {
      closeOrRethrow(e);
    }
  }

  @Override
  public void onHalfClose() {
    try {
      ctx.run(super::onHalfClose);
    } catch (ContextException e) {
      closeOrRethrow(e);
    }
  }

  @Override
  public void onReady() {
    try {
      ctx.run(super::onReady);
    } catch (ContextException e) {
      closeOrRethrow(e);
    }
  }

  /**
   * The call was cancelled. grpc-java cancels the call's {@code io.grpc.Context} before this runs or right after it
   * returns, and the handler's context ends then, with gRPC's cause; ending it here would lose that cause.
   */
  @Override
  public void onCancel() {
    ctx.run(super::onCancel);
  }

  @Override
  public void onComplete() {
    try {
      ctx.run(super::onComplete);
    } finally {
      life.end(null); // defer cancel(): the call is over
    }
  }

  private void closeOrRethrow(ContextException e) {
    if (!call.closeWithContextStatus(e)) {
      throw e;
    }
  }
}
