/**
 * ctx4j: Go's {@code context} package for Java.
 *
 * <p>A {@link dev.ctx4j.Context} carries a cancellation signal, a deadline and request-scoped values. Start from
 * {@link dev.ctx4j.Context#background()}, derive children with {@code withCancel}, {@code withTimeout},
 * {@code withDeadline}, {@code withValue} and {@code withoutCancel}, and pass the context down every call that may
 * block.
 *
 * <p>Usage rules (Go's, and ours):
 *
 * <ul>
 *   <li>Pass the context explicitly, as the first parameter, named {@code ctx}. Do not store it in a field.
 *   <li>Never pass null; use {@link dev.ctx4j.Context#todo()} when unsure which context applies.
 *   <li>Cancel every {@link dev.ctx4j.CancellableContext} you create, on every path: use try-with-resources.
 *       Cancelling does not wait for the work to stop.
 *   <li>Use values only for request-scoped data that crosses API boundaries, not to pass optional parameters. Keep
 *       {@link dev.ctx4j.Key}s in static fields and offer typed accessors.
 *   <li>Every method of every context is safe to call from any thread, at any time.
 *   <li>Close each {@link dev.ctx4j.Scope} from {@link dev.ctx4j.Context#attach()} on the same thread, in reverse
 *       order.
 *   <li>Annotate methods with {@link dev.ctx4j.Cancellable} or {@link dev.ctx4j.Timeout} and put
 *       {@code ctx4j-processor} on the annotation processor path to get a {@code Ctx4j_Foo} wrapper that does this for
 *       you.
 * </ul>
 *
 * <p>How a context ends is reported by {@link dev.ctx4j.Context#err()} ({@link dev.ctx4j.CancelledException} or
 * {@link dev.ctx4j.DeadlineExceededException}, both {@link java.util.concurrent.CancellationException}s) and
 * {@link dev.ctx4j.Context#cause()}.
 *
 * @since 0.1.0
 */
package dev.ctx4j;

// Where things live (for contributors; each file has one job):
//   API ............ Context, CancellableContext, DoneSignal, Key, Scope, AfterFuncHandle, the exceptions,
//                    @Cancellable, @Timeout; dev.ctx4j.internal.Call/CallFactory for generated code (not API)
//   the tree ....... StdContext (what every node answers), Roots (background/todo), Nodes (derivation rules),
//                    Child (registration links)
//   propagation .... CancelNode (cancellation and its subtree walk), DoneState, DoneLatch (blocking waiters),
//                    DoneStage (done-stage views), AfterFuncNode (callbacks), Callbacks (where callbacks run)
//   the timer ...... DeadlineNode (a node with a deadline), Timer (the shared wheel), Nanos (the monotonic clock)
//   values ......... ValueNode, Values (the persistent trie), WithoutCancelNode
//   binding ........ Binding (the thread's current context, scopes), PropagatingExecutorService(+Scheduled)
//   generated calls  CallNode (one wrapper call), InterruptProtocol + Interrupter (interrupting blocked threads),
//                    Waits (await of futures and stages)
//   user-written parents  ForeignParents
//   observability .. Observe (the listener registry and the one guard flag), JfrSupport and the *Event classes (JFR;
//                    the only classes that name jdk.jfr types); the SPI is package dev.ctx4j.spi (docs/observability.md)
//   the rest ....... Describe (toString), Handles (VarHandle look-ups), TestHooks (fault injection, off in production)
