package dev.ctx4j.internal;

import dev.ctx4j.internal.ConfigLookup.Found;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Not API: what configuration makes of one {@code @Timeout}, read once when the wrapper class initialises. The keys
 * and their precedence are MicroProfile Fault Tolerance's (its "Fault Tolerance configuration" chapter, 4.x), with
 * {@code <classname>} the annotated type the wrapper was generated from; {@code docs/configuration.md} states them:
 *
 * <ul>
 *   <li>{@code value} and {@code unit}, each on its own: for an annotation on the method (or on a method it
 *       overrides), {@code <classname>/<method>/Timeout/<p>}, else {@code Timeout/<p>}; for an annotation on the
 *       type, {@code <classname>/Timeout/<p>}, else {@code Timeout/<p>}. A key of the other level is ignored, as the
 *       specification says.
 *   <li>{@code enabled}: {@code <classname>/<method>/Timeout/enabled}, else {@code <classname>/Timeout/enabled},
 *       else {@code Timeout/enabled}, else {@code MP_Fault_Tolerance_NonFallback_Enabled}, wherever the annotation
 *       is.
 * </ul>
 *
 * <p>An invalid value throws {@link IllegalArgumentException} naming the key, the value and where it came from.
 */
final class TimeoutConfig {
  /** The annotation's name in keys. */
  static final String ANNOTATION = "Timeout";
  /** MicroProfile Fault Tolerance's switch for every policy but {@code @Fallback}; the lowest of the enabled keys. */
  static final String NON_FALLBACK_ENABLED = "MP_Fault_Tolerance_NonFallback_Enabled";

  /** The longest limit, as for the annotation: 100 years of 365.25 days. */
  private static final long MAX_NANOS = TimeUnit.DAYS.toNanos(36_525);

  /**
   * What a {@code @Timeout} becomes.
   *
   * @param enabled false when configuration turned the limit off
   * @param timeout the limit in {@code unit}
   * @param unit the limit's unit
   * @param overrides what configuration changed, for {@code toString}, or null when nothing
   */
  record Resolved(boolean enabled, long timeout, TimeUnit unit, String overrides) {}

  private TimeoutConfig() {}

  /** The method-level key of {@code parameter}: {@code com.acme.OrderService/find/Timeout/value}. */
  static String methodKey(Class<?> type, String method, String parameter) {
    return type.getName() + "/" + method + "/" + ANNOTATION + "/" + parameter;
  }

  /** The class-level key of {@code parameter}: {@code com.acme.OrderService/Timeout/value}. */
  static String classKey(Class<?> type, String parameter) {
    return type.getName() + "/" + ANNOTATION + "/" + parameter;
  }

  /** The global key of {@code parameter}: {@code Timeout/value}. */
  static String globalKey(String parameter) {
    return ANNOTATION + "/" + parameter;
  }

  /**
   * Applies {@code config} to the annotation's values.
   *
   * @param onType whether the annotation is on the type rather than on the method (or a method it overrides)
   * @throws IllegalArgumentException if a key that applies has an invalid value, or the limit they give is too long
   */
  static Resolved resolve(
      ConfigLookup config, Class<?> type, String method, String label, long timeout, TimeUnit unit, boolean onType) {
    Found value = parameter(config, type, method, onType, "value");
    Found unitKey = parameter(config, type, method, onType, "unit");
    Found enabled = first(config,
        methodKey(type, method, "enabled"), classKey(type, "enabled"), globalKey("enabled"), NON_FALLBACK_ENABLED);

    long limit = value == null ? timeout : parseValue(label, value);
    TimeUnit limitUnit = unitKey == null ? unit : parseUnit(label, unitKey);
    boolean on = enabled == null || parseBoolean(label, enabled);
    if ((value != null || unitKey != null) && limitUnit.toNanos(limit) > MAX_NANOS) {
      throw new IllegalArgumentException(label + ": the configured @Timeout of " + limit + " "
          + limitUnit.toChronoUnit() + " (" + describe(value, unitKey) + ") is longer than 100 years");
    }
    List<Found> used = new ArrayList<>();
    for (Found found : new Found[] {value, unitKey, enabled}) {
      if (found != null) {
        used.add(found);
      }
    }
    return new Resolved(on, limit, limitUnit, used.isEmpty() ? null : describe(used.toArray(new Found[0])));
  }

  /** The value of a parameter ({@code value} or {@code unit}) at the annotation's level, else globally. */
  private static Found parameter(
      ConfigLookup config, Class<?> type, String method, boolean onType, String parameter) {
    String own = onType ? classKey(type, parameter) : methodKey(type, method, parameter);
    return first(config, own, globalKey(parameter));
  }

  private static Found first(ConfigLookup config, String... keys) {
    for (String key : keys) {
      Found found = config.find(key);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static long parseValue(String label, Found found) {
    String text = found.value().strip();
    long value;
    try {
      value = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw invalid(label, found, "a positive whole number");
    }
    if (value <= 0) {
      throw invalid(label, found, "a positive whole number");
    }
    return value;
  }

  private static TimeUnit parseUnit(String label, Found found) {
    String text = found.value().strip().toUpperCase(Locale.ROOT);
    for (ChronoUnit chrono : ChronoUnit.values()) {
      if (chrono.name().equals(text) && chrono.compareTo(ChronoUnit.DAYS) <= 0 && chrono != ChronoUnit.HALF_DAYS) {
        return TimeUnit.of(chrono);
      }
    }
    String hint = "";
    for (TimeUnit timeUnit : TimeUnit.values()) {
      if (timeUnit.name().equals(text) && !timeUnit.name().equals(timeUnit.toChronoUnit().name())) {
        hint = "; " + timeUnit.name() + " is a TimeUnit name, the key takes the ChronoUnit name "
            + timeUnit.toChronoUnit().name();
      }
    }
    throw invalid(label, found,
        "one of NANOS, MICROS, MILLIS, SECONDS, MINUTES, HOURS, DAYS (java.time.temporal.ChronoUnit names, as in "
            + "MicroProfile Fault Tolerance)" + hint);
  }

  private static boolean parseBoolean(String label, Found found) {
    String text = found.value().strip();
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw invalid(label, found, "true or false");
  }

  private static IllegalArgumentException invalid(String label, Found found, String expected) {
    return new IllegalArgumentException(label + ": invalid @Timeout configuration " + found.key() + "=\""
        + found.value() + "\" (from " + found.origin() + "): expected " + expected);
  }

  /** {@code Timeout/value=500 (system property), ...}, skipping nulls. */
  private static String describe(Found... found) {
    StringBuilder out = new StringBuilder();
    for (Found f : found) {
      if (f != null) {
        out.append(out.length() == 0 ? "" : ", ")
            .append(f.key()).append('=').append(f.value().strip()).append(" (").append(f.origin()).append(')');
      }
    }
    return out.toString();
  }
}
