package dev.ctx4j;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Go's package examples ({@code example_test.go}) and the classic worker examples, written the way a ctx4j user
 * would, and checked like Go's {@code // Output:} blocks: the documentation's worked examples compile and run as tests.
 */
class GoExamplesTest extends ContextTestBase {

  @Test
  @DisplayName("G62 ExampleWithCancel: a generator stops when its consumer cancels")
  void exampleWithCancel() throws Exception {
    BlockingQueue<Integer> dst = new ArrayBlockingQueue<>(1);
    List<Integer> received = new ArrayList<>();
    Forked<Void> generator;
    try (CancellableContext ctx = Context.background().withCancel()) {
      generator =
          fork(
              "gen",
              () -> {
                int n = 1;
                while (!ctx.done().isDone()) {
                  if (dst.offer(n, 1, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    n++;
                  }
                }
                return null; // returning not to leak the thread
              });
      for (int i = 0; i < 5; i++) {
        received.add(dst.poll(BOUND_SECONDS, SECONDS));
      }
    } // cancel when we are finished consuming integers
    assertEquals(List.of(1, 2, 3, 4, 5), received);
    generator.result(); // the generator saw the cancel and returned
  }

  @Test
  @DisplayName("G62 ExampleWithDeadline and ExampleWithTimeout: the context's deadline beats the slow work")
  void exampleWithTimeout() throws InterruptedException {
    Duration shortDuration = Duration.ofMillis(50);
    try (CancellableContext ctx = Context.background().withTimeout(shortDuration)) {
      // select { case <-neverReady: ... case <-ctx.Done(): fmt.Println(ctx.Err()) }
      boolean done = ctx.done().await(Duration.ofMinutes(1));
      assertTrue(done);
      assertEquals("context deadline exceeded", ctx.err().getMessage());
    }
  }

  @Test
  @DisplayName("G62 the classic worker loop stops on cancel")
  void workerLoopStopsOnCancel() throws Exception {
    AtomicInteger work = new AtomicInteger();
    CancellableContext ctx = Context.background().withCancel();
    CountDownLatch working = new CountDownLatch(1);
    Forked<Integer> worker =
        fork(
            "worker",
            () -> {
              while (!ctx.done().isDone()) {
                work.incrementAndGet();
                working.countDown();
              }
              return work.get();
            });
    assertTrue(working.await(BOUND_SECONDS, SECONDS));
    ctx.cancel();
    assertTrue(worker.result() > 0);
  }

  @Test
  @DisplayName("G62 the classic workerTimeout: work that would take a minute gives way to a short timeout")
  void workerTimeout() throws InterruptedException {
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(100))) {
      // select { case <-time.After(slowWork): ... case <-ctx.Done(): ... }
      if (ctx.done().await(Duration.ofMinutes(1))) {
        assertEquals("context deadline exceeded", ctx.err().getMessage());
      } else {
        throw new AssertionError("the work finished first");
      }
    }
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(100))) {
      DeadlineExceededException e =
          assertThrows(DeadlineExceededException.class, () -> ctx.sleep(Duration.ofMinutes(1)));
      assertEquals("context deadline exceeded", e.getMessage());
    }
  }

  @Test
  @DisplayName("G62 ExampleWithValue: found value and key not found")
  void exampleWithValue() {
    Key<String> favContextKey = Key.of("language");
    Context ctx = Context.background().withValue(favContextKey, "Go");
    assertEquals("found value: Go", find(ctx, favContextKey));
    assertEquals("key not found: color", find(ctx, Key.of("color")));
  }

  private static String find(Context ctx, Key<String> k) {
    String v = ctx.value(k);
    return v != null ? "found value: " + v : "key not found: " + k;
  }

  @Test
  @DisplayName("G62 ExampleAfterFunc_cond: a condition waiter is woken when the context ends")
  void exampleAfterFuncCond() throws Exception {
    ReentrantLock lock = new ReentrantLock();
    Condition cond = lock.newCondition();
    CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(50));
    CountDownLatch waiting = new CountDownLatch(1);
    Forked<String> waiter =
        fork(
            "cond-waiter",
            () -> {
              // waitOnCond: wake the waiter when ctx is done.
              AfterFuncHandle stop =
                  ctx.afterFunc(
                      () -> {
                        lock.lock();
                        try {
                          cond.signalAll();
                        } finally {
                          lock.unlock();
                        }
                      });
              try {
                lock.lock();
                try {
                  waiting.countDown();
                  while (ctx.err() == null) { // the condition never becomes true by itself
                    cond.await();
                  }
                  return ctx.err().getMessage();
                } finally {
                  lock.unlock();
                }
              } finally {
                stop.stop();
              }
            });
    assertTrue(waiting.await(BOUND_SECONDS, SECONDS));
    assertEquals("context deadline exceeded", waiter.result());
    ctx.cancel();
  }

  @Test
  @DisplayName("G62 ExampleAfterFunc_connection: a blocking read is interrupted by closing the socket when the context ends")
  void exampleAfterFuncConnection() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
        Socket accepted = server.accept()) {
      CancellableContext ctx = Context.background().withTimeout(Duration.ofMillis(50));
      Forked<String> reader =
          fork(
              "reader",
              () -> {
                // readFromConn: stop the read when ctx is done.
                CountDownLatch closed = new CountDownLatch(1);
                AfterFuncHandle stop =
                    ctx.afterFunc(
                        () -> {
                          try {
                            client.close();
                          } catch (IOException ignored) {
                            // closing is best effort
                          } finally {
                            closed.countDown();
                          }
                        });
                try {
                  InputStream in = client.getInputStream();
                  int b = in.read(); // blocks: the peer never writes
                  return "read " + b;
                } catch (SocketException e) {
                  return ctx.err() != null ? ctx.err().getMessage() : "closed without a reason";
                } finally {
                  if (!stop.stop()) {
                    // The callback started: wait for it to finish before touching the connection again.
                    assertTrue(closed.await(BOUND_SECONDS, SECONDS));
                  }
                }
              });
      assertEquals("context deadline exceeded", reader.result());
      assertTrue(client.isClosed());
      ctx.cancel();
      assertFalse(accepted.isClosed());
    }
  }

  @Test
  @DisplayName("G62 ExampleAfterFunc_merge: a merged context reports the other context's cause, ctx2 canceled")
  void exampleAfterFuncMerge() throws InterruptedException {
    CancellableContext ctx1 = Context.background().withCancel();
    CancellableContext ctx2 = Context.background().withCancel();
    try {
      // mergeCancel: a context with ctx1's values, cancelled when either ctx1 or ctx2 is.
      CancellableContext merged = ctx1.withCancel();
      AfterFuncHandle stop = ctx2.afterFunc(() -> merged.cancel(ctx2.cause()));
      try {
        ctx2.cancel(new Exception("ctx2 canceled"));
        awaitDone(merged);
        assertEquals("ctx2 canceled", merged.cause().getMessage());
      } finally {
        stop.stop();
        merged.cancel();
      }
    } finally {
      ctx1.cancel(new Exception("ctx1 canceled"));
    }
  }

  @Test
  @DisplayName("G62 the README's request handler: a 5 s request context and a 1 s database call inside it")
  void readmeRequestHandler() throws Exception {
    Key<String> requestId = Key.of("requestId");
    Context seenByDb;
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(5))) {
      Context reqCtx = ctx.withValue(requestId, "r-1");
      try (CancellableContext dbCtx = reqCtx.withTimeout(Duration.ofSeconds(1))) {
        seenByDb = dbCtx;
        assertEquals("r-1", dbCtx.value(requestId));
        assertTrue(dbCtx.deadline().orElseThrow().isBefore(ctx.deadline().orElseThrow()));
        assertEquals(1, children(ctx));
      }
      assertEquals(0, children(ctx), "the database context is released when its block ends");
      assertFalse(ctx.done().isDone());
    }
    assertInstanceOf(CancelledException.class, seenByDb.err());
  }
}
