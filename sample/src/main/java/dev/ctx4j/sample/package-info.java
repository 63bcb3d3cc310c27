/**
 * ctx4j's sample, the project's main job: Go's three classic context lessons ({@link
 * dev.ctx4j.sample.ManualCancelLesson}, {@link dev.ctx4j.sample.TimeoutLesson}, {@link
 * dev.ctx4j.sample.ParentChildLesson}) and an HTTP order service ({@link dev.ctx4j.sample.OrderServer}) whose handler
 * calls the annotated {@link dev.ctx4j.sample.OrderService} through the wrapper that ctx4j's annotation processor
 * generates, {@code Ctx4j_OrderService}. {@link dev.ctx4j.sample.Main} runs it all and prints what happens.
 */
package dev.ctx4j.sample;
