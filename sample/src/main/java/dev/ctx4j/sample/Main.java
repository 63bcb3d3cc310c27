package dev.ctx4j.sample;

import dev.ctx4j.CancellableContext;
import dev.ctx4j.Context;
import java.time.Duration;

/** Placeholder main job until the sample lands: Go's timeout lesson in a few lines. */
public final class Main {
  private Main() {}

  /**
   * Runs the demo.
   *
   * @param args ignored
   * @throws InterruptedException if interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    try (CancellableContext ctx = Context.background().withTimeout(Duration.ofSeconds(1))) {
      if (ctx.done().await(Duration.ofSeconds(3))) {
        System.out.println(ctx + ": " + ctx.err().getMessage());
      } else {
        System.out.println("overslept");
      }
    }
  }
}
