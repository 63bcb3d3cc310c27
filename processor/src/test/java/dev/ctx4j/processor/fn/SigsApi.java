package dev.ctx4j.processor.fn;

import dev.ctx4j.Context;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** The test's view of {@code inputs/functional/fn/Sigs.java}: every signature shape P9 names. */
public interface SigsApi {
  /**
   * Primitive return.
   *
   * @param ctx the context
   * @param a one
   * @param b two
   * @return the sum
   */
  int add(Context ctx, int a, int b);

  /**
   * Void return.
   *
   * @param ctx the context
   * @param counter incremented
   */
  void touch(Context ctx, AtomicInteger counter);

  /**
   * Varargs.
   *
   * @param ctx the context
   * @param words the words
   * @return how many
   */
  int count(Context ctx, String... words);

  /**
   * Overload on int.
   *
   * @param ctx the context
   * @param x the value
   * @return which overload ran
   */
  String over(Context ctx, int x);

  /**
   * Overload on String.
   *
   * @param ctx the context
   * @param x the value
   * @return which overload ran
   */
  String over(Context ctx, String x);

  /**
   * Bounded generics and checked exceptions.
   *
   * @param ctx the context
   * @param values the values
   * @param <T> the element type
   * @return the largest
   * @throws IOException if {@code values} is empty
   * @throws TimeoutException never
   */
  <T extends Comparable<? super T>> T max(Context ctx, List<? extends T> values) throws IOException, TimeoutException;

  /**
   * A default method.
   *
   * @param ctx the context
   * @return a greeting
   */
  default String greet(Context ctx) {
    return "api";
  }

  /**
   * An annotated parameter.
   *
   * @param ctx the context
   * @param value the value
   * @return the value
   */
  String tagged(Context ctx, @Tag("value") String value);
}
