package dev.ctx4j.internal;

import dev.ctx4j.spi.ConfigSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Not API: the configuration that {@link TimeoutConfig} reads, as an ordered list of sources. In production
 * ({@link #standard}): system properties (ordinal 400), environment variables (300, with MicroProfile Config's name
 * mangling) and the {@link ConfigSource}s that {@link ServiceLoader} finds (100 unless they say otherwise), highest
 * ordinal first; see {@code docs/configuration.md}. Tests build one from maps and fake sources ({@link #of}).
 */
final class ConfigLookup {
  /** The ordinal of system properties, as in MicroProfile Config. */
  static final int SYSTEM_PROPERTIES_ORDINAL = 400;
  /** The ordinal of environment variables, as in MicroProfile Config. */
  static final int ENVIRONMENT_ORDINAL = 300;

  /**
   * A value found for a key.
   *
   * @param key the key asked for
   * @param value the value, never blank
   * @param origin where it was found, for messages: {@code system property}, {@code environment variable X_Y}, ...
   */
  record Found(String key, String value, String origin) {}

  /** One source with what messages call it; {@code find} returns null when the source lacks the key. */
  private interface Source {
    int ordinal();

    Found find(String key);
  }

  private final List<Source> sources;

  private ConfigLookup(List<Source> sources) {
    this.sources = sources;
  }

  /**
   * The production configuration: system properties, environment variables, and the sources that
   * {@link ServiceLoader} finds with {@code loader}.
   */
  static ConfigLookup standard(ClassLoader loader) {
    List<ConfigSource> loaded = new ArrayList<>();
    ServiceLoader.load(ConfigSource.class, loader).forEach(loaded::add);
    return of(System::getProperty, System.getenv(), loaded);
  }

  /**
   * A configuration from the given sources, ordered as {@link #standard} orders them.
   *
   * @param properties the system properties (a key to its value, or null)
   * @param environment the environment variables
   * @param loaded the other sources, in any order
   */
  static ConfigLookup of(
      Function<String, String> properties, Map<String, String> environment, List<? extends ConfigSource> loaded) {
    Objects.requireNonNull(properties, "properties");
    Objects.requireNonNull(environment, "environment");
    List<Source> sources = new ArrayList<>();
    sources.add(new Source() {
      @Override
      public int ordinal() {
        return SYSTEM_PROPERTIES_ORDINAL;
      }

      @Override
      public Found find(String key) {
        String value = properties.apply(key);
        return value == null ? null : new Found(key, value, "system property");
      }
    });
    sources.add(new Source() {
      @Override
      public int ordinal() {
        return ENVIRONMENT_ORDINAL;
      }

      @Override
      public Found find(String key) {
        for (String name : environmentNames(key)) {
          String value = environment.get(name);
          if (value != null) {
            return new Found(key, value, "environment variable " + name);
          }
        }
        return null;
      }
    });
    List<ConfigSource> others = new ArrayList<>(loaded);
    others.sort(Comparator.comparing(ConfigSource::name).thenComparing(s -> s.getClass().getName()));
    for (ConfigSource source : others) {
      int ordinal = source.ordinal();
      String origin = "config source " + source.name();
      sources.add(new Source() {
        @Override
        public int ordinal() {
          return ordinal;
        }

        @Override
        public Found find(String key) {
          Optional<String> value = source.value(key);
          return value == null || value.isEmpty() ? null : new Found(key, value.get(), origin);
        }
      });
    }
    // stable: among equal ordinals, system properties, then environment variables, then loaded sources by name
    sources.sort(Comparator.comparingInt(Source::ordinal).reversed());
    return new ConfigLookup(List.copyOf(sources));
  }

  /**
   * Returns the value of {@code key} from the first source that has it, or null when none has it or that source's
   * value is empty or blank (such a value means the key is not set).
   */
  Found find(String key) {
    for (Source source : sources) {
      Found found = source.find(key);
      if (found != null) {
        return found.value().isBlank() ? null : found;
      }
    }
    return null;
  }

  /**
   * The environment variable names that stand for {@code key}, in the order MicroProfile Config tries them: the key
   * itself; then each character other than an ASCII letter, digit or {@code _} replaced by {@code _}; then that
   * upper-cased. {@code com.acme.OrderService/find/Timeout/value} gives
   * {@code com_acme_OrderService_find_Timeout_value} and {@code COM_ACME_ORDERSERVICE_FIND_TIMEOUT_VALUE}.
   */
  static List<String> environmentNames(String key) {
    StringBuilder mangled = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      mangled.append(kept ? c : '_');
    }
    String replaced = mangled.toString();
    return List.of(key, replaced, replaced.toUpperCase(Locale.ROOT));
  }
}
