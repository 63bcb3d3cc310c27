/**
 * Carries a ctx4j context across HTTP: the remaining budget travels in a header, the JDK {@code HttpClient} call ends
 * with the context, and server filters give each request a context with the caller's budget.
 */
package dev.ctx4j.http;
