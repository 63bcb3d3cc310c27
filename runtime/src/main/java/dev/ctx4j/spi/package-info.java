/**
 * ctx4j's service-provider interfaces: what an integration (metrics, tracing, configuration) plugs into the runtime
 * with. {@link dev.ctx4j.spi.Ctx4jListener} sees each generated wrapper call and each context's end; see
 * {@code docs/observability.md}.
 *
 * @since 0.1.0
 */
package dev.ctx4j.spi;
