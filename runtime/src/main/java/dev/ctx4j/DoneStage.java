package dev.ctx4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code done().toCompletionStage()} of a ctx4j context: a read-only view that costs nothing until it is used. Each
 * dependent attached to it is registered with the context then, through a fresh stage that completes on ctx4j's
 * callback executor; a view that is dropped unused keeps nothing alive on a long-lived context (as a Go channel that is
 * never received from costs nothing).
 */
final class DoneStage implements CompletionStage<Void> {
  private final CancelNode node;

  DoneStage(CancelNode node) {
    this.node = node;
  }

  /** A fresh read-only stage that completes, on the callback executor, when the context is done. */
  private CompletionStage<Void> base() {
    return node.doneFuture().thenApplyAsync(ignored -> (Void) null, Callbacks.executor()).minimalCompletionStage();
  }

  @Override
  public <U> CompletionStage<U> thenApply(Function<? super Void, ? extends U> fn) {
    return base().thenApply(fn);
  }

  @Override
  public <U> CompletionStage<U> thenApplyAsync(Function<? super Void, ? extends U> fn) {
    return base().thenApplyAsync(fn);
  }

  @Override
  public <U> CompletionStage<U> thenApplyAsync(Function<? super Void, ? extends U> fn, Executor executor) {
    return base().thenApplyAsync(fn, executor);
  }

  @Override
  public CompletionStage<Void> thenAccept(Consumer<? super Void> action) {
    return base().thenAccept(action);
  }

  @Override
  public CompletionStage<Void> thenAcceptAsync(Consumer<? super Void> action) {
    return base().thenAcceptAsync(action);
  }

  @Override
  public CompletionStage<Void> thenAcceptAsync(Consumer<? super Void> action, Executor executor) {
    return base().thenAcceptAsync(action, executor);
  }

  @Override
  public CompletionStage<Void> thenRun(Runnable action) {
    return base().thenRun(action);
  }

  @Override
  public CompletionStage<Void> thenRunAsync(Runnable action) {
    return base().thenRunAsync(action);
  }

  @Override
  public CompletionStage<Void> thenRunAsync(Runnable action, Executor executor) {
    return base().thenRunAsync(action, executor);
  }

  @Override
  public <U, V> CompletionStage<V> thenCombine(
      CompletionStage<? extends U> other,
      BiFunction<? super Void, ? super U, ? extends V> fn) {
    return base().thenCombine(other, fn);
  }

  @Override
  public <U, V> CompletionStage<V> thenCombineAsync(
      CompletionStage<? extends U> other,
      BiFunction<? super Void, ? super U, ? extends V> fn) {
    return base().thenCombineAsync(other, fn);
  }

  @Override
  public <U, V> CompletionStage<V> thenCombineAsync(
      CompletionStage<? extends U> other,
      BiFunction<? super Void, ? super U, ? extends V> fn,
      Executor executor) {
    return base().thenCombineAsync(other, fn, executor);
  }

  @Override
  public <U> CompletionStage<Void> thenAcceptBoth(
      CompletionStage<? extends U> other,
      BiConsumer<? super Void, ? super U> action) {
    return base().thenAcceptBoth(other, action);
  }

  @Override
  public <U> CompletionStage<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other,
      BiConsumer<? super Void, ? super U> action) {
    return base().thenAcceptBothAsync(other, action);
  }

  @Override
  public <U> CompletionStage<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other,
      BiConsumer<? super Void, ? super U> action,
      Executor executor) {
    return base().thenAcceptBothAsync(other, action, executor);
  }

  @Override
  public CompletionStage<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    return base().runAfterBoth(other, action);
  }

  @Override
  public CompletionStage<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
    return base().runAfterBothAsync(other, action);
  }

  @Override
  public CompletionStage<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
    return base().runAfterBothAsync(other, action, executor);
  }

  @Override
  public <U> CompletionStage<U> applyToEither(CompletionStage<? extends Void> other, Function<? super Void, U> fn) {
    return base().applyToEither(other, fn);
  }

  @Override
  public <U> CompletionStage<U> applyToEitherAsync(
      CompletionStage<? extends Void> other,
      Function<? super Void, U> fn) {
    return base().applyToEitherAsync(other, fn);
  }

  @Override
  public <U> CompletionStage<U> applyToEitherAsync(
      CompletionStage<? extends Void> other,
      Function<? super Void, U> fn,
      Executor executor) {
    return base().applyToEitherAsync(other, fn, executor);
  }

  @Override
  public CompletionStage<Void> acceptEither(CompletionStage<? extends Void> other, Consumer<? super Void> action) {
    return base().acceptEither(other, action);
  }

  @Override
  public CompletionStage<Void> acceptEitherAsync(CompletionStage<? extends Void> other, Consumer<? super Void> action) {
    return base().acceptEitherAsync(other, action);
  }

  @Override
  public CompletionStage<Void> acceptEitherAsync(
      CompletionStage<? extends Void> other,
      Consumer<? super Void> action,
      Executor executor) {
    return base().acceptEitherAsync(other, action, executor);
  }

  @Override
  public CompletionStage<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    return base().runAfterEither(other, action);
  }

  @Override
  public CompletionStage<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
    return base().runAfterEitherAsync(other, action);
  }

  @Override
  public CompletionStage<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
    return base().runAfterEitherAsync(other, action, executor);
  }

  @Override
  public <U> CompletionStage<U> thenCompose(Function<? super Void, ? extends CompletionStage<U>> fn) {
    return base().thenCompose(fn);
  }

  @Override
  public <U> CompletionStage<U> thenComposeAsync(Function<? super Void, ? extends CompletionStage<U>> fn) {
    return base().thenComposeAsync(fn);
  }

  @Override
  public <U> CompletionStage<U> thenComposeAsync(
      Function<? super Void, ? extends CompletionStage<U>> fn,
      Executor executor) {
    return base().thenComposeAsync(fn, executor);
  }

  @Override
  public <U> CompletionStage<U> handle(BiFunction<? super Void, Throwable, ? extends U> fn) {
    return base().handle(fn);
  }

  @Override
  public <U> CompletionStage<U> handleAsync(BiFunction<? super Void, Throwable, ? extends U> fn) {
    return base().handleAsync(fn);
  }

  @Override
  public <U> CompletionStage<U> handleAsync(BiFunction<? super Void, Throwable, ? extends U> fn, Executor executor) {
    return base().handleAsync(fn, executor);
  }

  @Override
  public CompletionStage<Void> whenComplete(BiConsumer<? super Void, ? super Throwable> action) {
    return base().whenComplete(action);
  }

  @Override
  public CompletionStage<Void> whenCompleteAsync(BiConsumer<? super Void, ? super Throwable> action) {
    return base().whenCompleteAsync(action);
  }

  @Override
  public CompletionStage<Void> whenCompleteAsync(
      BiConsumer<? super Void, ? super Throwable> action,
      Executor executor) {
    return base().whenCompleteAsync(action, executor);
  }

  @Override
  public CompletionStage<Void> exceptionally(Function<Throwable, ? extends Void> fn) {
    return base().exceptionally(fn);
  }

  @Override
  public CompletionStage<Void> exceptionallyAsync(Function<Throwable, ? extends Void> fn) {
    return base().exceptionallyAsync(fn);
  }

  @Override
  public CompletionStage<Void> exceptionallyAsync(Function<Throwable, ? extends Void> fn, Executor executor) {
    return base().exceptionallyAsync(fn, executor);
  }

  @Override
  public CompletionStage<Void> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<Void>> fn) {
    return base().exceptionallyCompose(fn);
  }

  @Override
  public CompletionStage<Void> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<Void>> fn) {
    return base().exceptionallyComposeAsync(fn);
  }

  @Override
  public CompletionStage<Void> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<Void>> fn,
      Executor executor) {
    return base().exceptionallyComposeAsync(fn, executor);
  }

  /** Returns a new future that completes when the context is done; completing it affects nothing else. */
  @Override
  public CompletableFuture<Void> toCompletableFuture() {
    return base().toCompletableFuture();
  }

  @Override
  public String toString() {
    return "DoneStage[" + (node.isDone() ? "done" : "pending") + "]";
  }
}
