/**
 * Carries a ctx4j context across gRPC calls: the client interceptor sends the context's deadline and cancels the call
 * with the context; the server interceptor gives each incoming call a context with the client's deadline, cancelled
 * when the client goes away, bound as {@link dev.ctx4j.Context#current()} in the handler. Start at
 * {@link dev.ctx4j.grpc.Ctx4jGrpc}.
 */
package dev.ctx4j.grpc;
