/**
 * Carries a ctx4j context across HTTP: the remaining budget travels in a header, the JDK {@code HttpClient} call ends
 * with the context, and server filters give each request a context with the caller's budget.
 *
 * <ul>
 *   <li>{@link dev.ctx4j.http.TimeoutHeader}: the header's format, gRPC's {@code grpc-timeout} (for example
 *       {@code 1500m}), under the default name {@value dev.ctx4j.http.TimeoutHeader#DEFAULT_NAME}.
 *   <li>{@link dev.ctx4j.http.Ctx4jHttpClient}: sends with the JDK {@code HttpClient} under a context.
 *   <li>{@link dev.ctx4j.http.InboundBudget}: how a server turns the header into a request's budget (maximum, safety
 *       margin, rejection threshold); the maximum is the protection against headers from untrusted peers.
 *   <li>{@link dev.ctx4j.http.Ctx4jHttpServerFilter} and {@link dev.ctx4j.http.Ctx4jServletFilter}: give each request
 *       its context, bound as {@link dev.ctx4j.Context#current()} for the handler, so that the handler reads its
 *       budget with {@code Context.current().timeRemaining()}.
 * </ul>
 */
package dev.ctx4j.http;
