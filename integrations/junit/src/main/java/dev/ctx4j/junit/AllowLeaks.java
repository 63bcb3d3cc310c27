package dev.ctx4j.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns {@link Ctx4jExtension}'s leak check off for one test method, or for every test of a class: the test still
 * gets its context, which is still cancelled when the test ends, but what the test left behind is neither failed nor
 * warned about. Say why in {@link #value()}.
 *
 * @since 0.1.0
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface AllowLeaks {
  /**
   * Why the test may leave things behind (for the reader; not used).
   *
   * @return the reason
   */
  String value() default "";
}
