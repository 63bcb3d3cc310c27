package dev.ctx4j.spi;

import java.util.Optional;

/**
 * A source of configuration values for ctx4j: given a key, its value or nothing. ctx4j reads configuration to let an
 * operator override a {@link dev.ctx4j.Timeout @Timeout} without recompiling, with MicroProfile Fault Tolerance's
 * keys ({@code com.acme.OrderService/find/Timeout/value=500}): the annotation is the default, the key wins.
 * {@code docs/configuration.md} lists the keys and their precedence.
 *
 * <p>System properties and environment variables are built in. Implement this interface to add another source (a
 * Spring {@code Environment}, MicroProfile Config, a file) and register the implementation for
 * {@link java.util.ServiceLoader}: in {@code META-INF/services/dev.ctx4j.spi.ConfigSource} on the class path, or with
 * {@code provides dev.ctx4j.spi.ConfigSource with ...} in a module. The implementation needs a public no-argument
 * constructor (or, in a module, a public static {@code provider()} method).
 *
 * <p>Sources are consulted from the highest {@link #ordinal()} down, as in MicroProfile Config: system properties
 * have 400, environment variables 300, and a loaded source 100 unless it says otherwise. The first source that has a
 * key gives its value. Among sources of equal ordinal, the built-in ones come first, then loaded ones by
 * {@link #name()}.
 *
 * <p>When it is read: once per generated wrapper class, when that class initialises (the first time the wrapper is
 * used). ctx4j loads the sources again for each {@code @Timeout} method of each wrapper class, with the class loader
 * of the annotated type, so an implementation should be cheap to construct and read configuration that is already in place (a later change is
 * not seen by a wrapper class already initialised). It may be called from any thread, and from several at once.
 *
 * @since 0.2.0
 */
public interface ConfigSource {

  /**
   * Returns the value of {@code key} in this source. An empty (or blank) string means that the key is not set:
   * sources of lower ordinal are not consulted for it, and the next key in the precedence applies.
   *
   * @param key the key, for example {@code com.acme.OrderService/find/Timeout/value}; never null
   * @return the value, or empty when this source does not have the key
   */
  Optional<String> value(String key);

  /**
   * Returns this source's place among the sources: the higher, the earlier it is consulted. System properties have
   * 400 and environment variables 300.
   *
   * @return the ordinal, 100 by default
   */
  default int ordinal() {
    return 100;
  }

  /**
   * Returns the name that error messages give for a value that comes from this source.
   *
   * @return the name, the class name by default
   */
  default String name() {
    return getClass().getName();
  }
}
