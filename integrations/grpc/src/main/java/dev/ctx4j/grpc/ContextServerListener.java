package dev.ctx4j.grpc;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.ContextException;
import dev.ctx4j.internal.Rebinding;
import io.grpc.ServerCall;

/**
 * Binds the call's ctx4j context as {@link Context#current()} around every callback, ends it when the call completes,
 * and turns a {@link ContextException} that escapes a callback into the status it stands for. Any other throwable
 * from a callback ends the call too (grpc-java closes it with UNKNOWN) and ends the context here, with the throwable
 * as its cause: after an {@code Error} or a checked exception, grpc-java's executor never runs the call's end.
 *
 * <p>It forwards to the handler's listener itself, with {@link Rebinding} rather than {@code ctx.run(lambda)}: the
 * handler, and the whole reply it sends, run inside these callbacks, so every frame and allocation here is paid on
 * every call, deep in gRPC's stack.
 */
final class ContextServerListener<ReqT> extends ServerCall.Listener<ReqT> {
  private final ServerCall.Listener<ReqT> delegate;
  private final CancellableContext ctx;
  private final ServerCallLife life;
  private final ContextServerCall<ReqT, ?> call;

  ContextServerListener(
      ServerCall.Listener<ReqT> delegate, CancellableContext ctx, ServerCallLife life, ContextServerCall<ReqT, ?> call) {
    this.delegate = delegate;
    this.ctx = ctx;
    this.life = life;
    this.call = call;
  }

  @Override
  public void onMessage(ReqT message) {
    try {
      Context previous = Rebinding.RUNTIME.swap(ctx);
      try {
        delegate.onMessage(message);
      } finally {
        Rebinding.RUNTIME.restore(previous);
      }
    } catch (ContextException e) {
      closeOrRethrow(e);
    } catch (Throwable t) { // also a checked exception thrown sneakily: rethrown as it is
      life.end(t); // see the class Javadoc: gRPC may never run the call's end after this
      throw t;
    }
  }

  @Override
  public void onHalfClose() {
    try {
      Context previous = Rebinding.RUNTIME.swap(ctx);
      try {
        delegate.onHalfClose();
      } finally {
        Rebinding.RUNTIME.restore(previous);
      }
    } catch (ContextException e) {
      closeOrRethrow(e);
    } catch (Throwable t) { // also a checked exception thrown sneakily: rethrown as it is
      life.end(t); // see the class Javadoc: gRPC may never run the call's end after this
      throw t;
    }
  }

  @Override
  public void onReady() {
    try {
      Context previous = Rebinding.RUNTIME.swap(ctx);
      try {
        delegate.onReady();
      } finally {
        Rebinding.RUNTIME.restore(previous);
      }
    } catch (ContextException e) {
      closeOrRethrow(e);
    } catch (Throwable t) { // also a checked exception thrown sneakily: rethrown as it is
      life.end(t); // see the class Javadoc: gRPC may never run the call's end after this
      throw t;
    }
  }

  /**
   * The call was cancelled. grpc-java cancels the call's {@code io.grpc.Context} before this runs or right after it
   * returns, and the handler's context ends then, with gRPC's cause; ending it here would lose that cause.
   */
  @Override
  public void onCancel() {
    Context previous = Rebinding.RUNTIME.swap(ctx);
    try {
      delegate.onCancel();
    } finally {
      Rebinding.RUNTIME.restore(previous);
    }
  }

  @Override
  public void onComplete() {
    Context previous = Rebinding.RUNTIME.swap(ctx);
    try {
      delegate.onComplete();
    } finally {
      Rebinding.RUNTIME.restore(previous);
      life.end(null); // defer cancel(): the call is over
    }
  }

  /**
   * Closes the call with the status {@code e} stands for; rethrows {@code e} when the call is already closed. Called
   * with the context unbound again, as after {@code ctx.run}: closing can run the client's callbacks on this thread
   * (an in-process channel with a direct executor).
   */
  private void closeOrRethrow(ContextException e) {
    if (!call.closeWithContextStatus(e)) {
      throw e;
    }
  }

  @Override
  public String toString() {
    return "ContextServerListener{ctx=" + ctx + ", delegate=" + delegate + "}";
  }
}
