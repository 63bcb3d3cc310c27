package dev.ctx4j.grpc;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import dev.ctx4j.internal.Expiry;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The deadline the client interceptor gives a call: the context's own moment on gRPC's clock, never later (a call
 * must not outlive its context), and no more than a few microseconds earlier.
 */
class CallDeadlinesTest extends Leaks {
  /** How much earlier than the context's the call's deadline may be: the reference's window, with room to spare. */
  private static final long EARLIER_AT_MOST_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void theCallsDeadlineIsTheContextsMomentNeverLater() {
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMinutes(30))) {
      Deadline deadline = optionsOfACallUnder(ctx, CallOptions.DEFAULT).getDeadline();
      assertNotNull(deadline, "the call has no deadline");
      // the context's time left is read first: a call deadline no later than the context's has no more left after
      long contextLeft = Expiry.RUNTIME.deadlineAt(ctx, nanoTime -> nanoTime) - System.nanoTime();
      long callLeft = deadline.timeRemaining(TimeUnit.NANOSECONDS);
      assertTrue(callLeft <= contextLeft, "the call's deadline is " + (callLeft - contextLeft) + " ns after the context's");
      assertTrue(contextLeft - callLeft < EARLIER_AT_MOST_NANOS,
          "the call's deadline is " + (contextLeft - callLeft) + " ns before the context's");
    }
  }

  @Test
  void anEarlierDeadlineOfTheCallIsKeptAndALaterOneReplaced() {
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofMinutes(30))) {
      Deadline soon = Deadline.after(1, TimeUnit.MINUTES);
      assertSame(soon, optionsOfACallUnder(ctx, CallOptions.DEFAULT.withDeadline(soon)).getDeadline());
      Deadline late = Deadline.after(2, TimeUnit.HOURS);
      long left = optionsOfACallUnder(ctx, CallOptions.DEFAULT.withDeadline(late)).getDeadline()
          .timeRemaining(TimeUnit.MINUTES);
      assertTrue(left >= 29 && left <= 30, left + " min left");
    }
  }

  @Test
  void aContextWithoutADeadlineLeavesTheCallsAlone() {
    try (CancellableContext ctx = Context.background().withCancel()) {
      assertNull(optionsOfACallUnder(ctx, CallOptions.DEFAULT).getDeadline());
      Deadline own = Deadline.after(1, TimeUnit.MINUTES);
      assertSame(own, optionsOfACallUnder(ctx, CallOptions.DEFAULT.withDeadline(own)).getDeadline());
    }
  }

  @Test
  void aDeadlinePassedButNotYetFiredMakesAnExpiredCallDeadline() throws InterruptedException {
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofNanos(50_000))) {
      long due = Expiry.RUNTIME.deadlineAt(ctx, nanoTime -> nanoTime);
      while (System.nanoTime() - due <= 0) {
        Thread.onSpinWait(); // past the deadline, which the timer may not have fired yet: either is fine here
      }
      assertTrue(CallDeadlines.of(ctx).isExpired());
    }
  }

  /** The options the interceptor passes on for a call made with {@code options} under {@code ctx}. */
  private static CallOptions optionsOfACallUnder(Context ctx, CallOptions options) {
    AtomicReference<CallOptions> seen = new AtomicReference<>();
    Channel recording = new Channel() {
      @Override
      public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method, CallOptions o) {
        seen.set(o);
        return new ClientCall<>() {
          @Override
          public void start(Listener<RespT> listener, Metadata headers) {}

          @Override
          public void request(int numMessages) {}

          @Override
          public void cancel(String message, Throwable cause) {}

          @Override
          public void halfClose() {}

          @Override
          public void sendMessage(ReqT message) {}
        };
      }

      @Override
      public String authority() {
        return "recording";
      }
    };
    Ctx4jGrpc.clientInterceptor().interceptCall(Loopback.METHOD, options.withOption(Ctx4jGrpc.CONTEXT, ctx), recording);
    return seen.get();
  }
}
