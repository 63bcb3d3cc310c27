package dev.ctx4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Registers {@link Ctx4jExtension} on a test class or method: each test gets a root {@code Context} bounded by its
 * timeout, bound as {@code Context.current()} while the test method runs, and fails when it leaves contexts, timer
 * entries, {@code afterFunc} registrations or thread bindings behind.
 *
 * <pre>{@code
 * @Ctx4jTest
 * class OrderServiceTest {
 *   @Test
 *   @Timeout(5)
 *   void findsAnOrder(Context ctx) throws Exception {   // ctx's deadline: 5 s from the start of the test
 *     assertEquals(ORDER, service.find(ctx, 42));
 *   }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ExtendWith(Ctx4jExtension.class)
public @interface Ctx4jTest {}
