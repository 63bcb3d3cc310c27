/**
 * ctx4j's Micrometer binding: {@link dev.ctx4j.micrometer.Ctx4jMetrics} publishes each generated wrapper call under
 * MicroProfile Fault Tolerance's metric names. See {@code docs/observability.md}.
 */
package dev.ctx4j.micrometer;
