package dev.ctx4j.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.CancelledException;
import dev.ctx4j.ContextException;
import dev.ctx4j.DeadlineExceededException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** {@link Ctx4jGrpc#contextException}: which failures a context caused, and how the gRPC status stays visible. */
class ContextExceptionTest {

  @Test
  void aDeadlineStatusCausedByAContextMapsToDeadlineExceededWithTheStatusAsCause() {
    DeadlineExceededException why = new DeadlineExceededException("context deadline exceeded");
    StatusRuntimeException failure = Status.DEADLINE_EXCEEDED.withCause(why).asRuntimeException();

    ContextException mapped = Ctx4jGrpc.contextException(failure).orElseThrow();

    assertInstanceOf(DeadlineExceededException.class, mapped);
    assertSame(failure, mapped.getCause());
    assertEquals("context deadline exceeded (gRPC status DEADLINE_EXCEEDED)", mapped.getMessage());
  }

  @Test
  void aCancelledStatusFoundDeepInTheChainMapsToCancelled() {
    CancelledException why = new CancelledException("context canceled", new IllegalStateException("stop"));
    StatusException status = Status.CANCELLED.withCause(new RuntimeException(why)).asException();
    ExecutionException failure = new ExecutionException(status);

    ContextException mapped = Ctx4jGrpc.contextException(failure).orElseThrow();

    assertInstanceOf(CancelledException.class, mapped);
    assertSame(failure, mapped.getCause());
  }

  @Test
  void theContextsKindWinsOverTheStatusCode() {
    StatusRuntimeException failure =
        Status.CANCELLED.withCause(new DeadlineExceededException("context deadline exceeded")).asRuntimeException();
    assertInstanceOf(DeadlineExceededException.class, Ctx4jGrpc.contextException(failure).orElseThrow());
  }

  @Test
  void otherFailuresAreNotTheContexts() {
    assertTrue(Ctx4jGrpc.contextException(Status.DEADLINE_EXCEEDED.asRuntimeException()).isEmpty());
    assertTrue(Ctx4jGrpc.contextException(Status.CANCELLED.withCause(new IllegalStateException()).asException())
        .isEmpty());
    // a context exception under a status that a context does not cause: the status is what happened
    assertTrue(Ctx4jGrpc.contextException(
        Status.UNAVAILABLE.withCause(new CancelledException("context canceled")).asRuntimeException()).isEmpty());
    assertTrue(Ctx4jGrpc.contextException(new IllegalStateException("boom")).isEmpty());
  }

  @Test
  void aContextExceptionIsItsOwnAnswer() {
    CancelledException e = new CancelledException("context canceled");
    assertSame(e, Ctx4jGrpc.contextException(e).orElseThrow());
  }

  @Test
  void nullIsRejectedWithItsName() {
    NullPointerException e = assertThrows(NullPointerException.class, () -> Ctx4jGrpc.contextException(null));
    assertEquals("failure must not be null", e.getMessage());
  }

  @Test
  void aCausalCycleEndsTheSearch() {
    RuntimeException a = new RuntimeException("a");
    RuntimeException b = new RuntimeException("b", a);
    a.initCause(b);
    assertTrue(Ctx4jGrpc.contextException(Status.CANCELLED.withCause(a).asRuntimeException()).isEmpty());
  }
}
