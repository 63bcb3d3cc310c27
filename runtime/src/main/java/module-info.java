/**
 * ctx4j: Go's {@code context} package for Java. See {@link dev.ctx4j.Context}.
 *
 * <p>{@code dev.ctx4j} is the API; {@code dev.ctx4j.internal} is exported only for the code that ctx4j's annotation
 * processor generates and for ctx4j's own integrations (of the same version), and is not API; {@code dev.ctx4j.spi}
 * is what integrations plug in with.
 */
module dev.ctx4j {
  requires static jdk.jfr; // JFR events, only when the module is present (docs/observability.md)

  exports dev.ctx4j;
  exports dev.ctx4j.internal;
  exports dev.ctx4j.spi;

  uses dev.ctx4j.spi.ConfigSource;
  uses dev.ctx4j.spi.Ctx4jListener;
}
