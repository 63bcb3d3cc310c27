/**
 * ctx4j's service-provider interfaces: what an application or an integration (metrics, tracing, configuration) plugs
 * into the runtime with. {@link dev.ctx4j.spi.Ctx4jListener} sees each generated wrapper call and each context's end
 * ({@code docs/observability.md}); a {@link dev.ctx4j.spi.ConfigSource}, found with {@link java.util.ServiceLoader},
 * supplies configuration keys that override a {@code @Timeout}'s limit ({@code docs/configuration.md}).
 *
 * @since 0.1.0
 */
package dev.ctx4j.spi;
