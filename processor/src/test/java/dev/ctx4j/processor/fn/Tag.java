package dev.ctx4j.processor.fn;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A runtime-visible parameter annotation, to check that wrappers keep parameter annotations (P9). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Tag {
  /**
   * The tag.
   *
   * @return the tag
   */
  String value();
}
