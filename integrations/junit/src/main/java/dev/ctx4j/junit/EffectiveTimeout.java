package dev.ctx4j.junit;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The timeout JUnit applies to a test method, with JUnit's precedence: {@code @Timeout} on the method, then on its
 * class and the classes enclosing it (innermost first), then the configuration parameter for the method's kind
 * ({@code junit.jupiter.execution.timeout.test.method.default}, {@code ...testtemplate.method.default} or
 * {@code ...testfactory.method.default}), then {@code ...testable.method.default}, then
 * {@code junit.jupiter.execution.timeout.default}. None when no timeout applies or when
 * {@code junit.jupiter.execution.timeout.mode} is {@code disabled}.
 */
final class EffectiveTimeout {
  static final String PREFIX = "junit.jupiter.execution.timeout.";
  /** JUnit's duration syntax: a positive number and an optional unit (seconds by default). */
  private static final Pattern DURATION =
      Pattern.compile("([1-9]\\d*) ?((?:[nμm]?s)|m|h|d)?", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  private EffectiveTimeout() {}

  static Optional<Duration> of(ExtensionContext context) {
    if ("disabled".equalsIgnoreCase(context.getConfigurationParameter(PREFIX + "mode").orElse("").trim())) {
      return Optional.empty();
    }
    Optional<Method> method = context.getTestMethod();
    if (method.isPresent()) {
      Optional<Duration> d = annotated(method.get());
      if (d.isPresent()) {
        return d;
      }
    }
    for (Optional<ExtensionContext> c = context.getParent(); c.isPresent(); c = c.get().getParent()) {
      Optional<AnnotatedElement> element = c.get().getElement();
      if (element.isPresent() && element.get() instanceof Class) {
        Optional<Duration> d = annotated(element.get());
        if (d.isPresent()) {
          return d;
        }
      }
    }
    String kind = "test";
    if (method.isPresent() && AnnotationSupport.isAnnotated(method.get(), TestTemplate.class)) {
      kind = "testtemplate";
    } else if (method.isPresent() && AnnotationSupport.isAnnotated(method.get(), TestFactory.class)) {
      kind = "testfactory";
    }
    for (String key : new String[] {kind + ".method.default", "testable.method.default", "default"}) {
      Optional<Duration> d = context.getConfigurationParameter(PREFIX + key).flatMap(EffectiveTimeout::parse);
      if (d.isPresent()) {
        return d;
      }
    }
    return Optional.empty();
  }

  private static Optional<Duration> annotated(AnnotatedElement element) {
    return AnnotationSupport.findAnnotation(element, Timeout.class)
        .map(t -> Duration.ofNanos(t.unit().toNanos(t.value())));
  }

  /** Parses JUnit's duration syntax ({@code 5}, {@code 500 ms}, {@code 2m}); empty for anything else. */
  static Optional<Duration> parse(String value) {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    TimeUnit u;
    switch (unit) {
      case "ns":
        u = TimeUnit.NANOSECONDS;
        break;
      case "μs":
        u = TimeUnit.MICROSECONDS;
        break;
      case "ms":
        u = TimeUnit.MILLISECONDS;
        break;
      case "m":
        u = TimeUnit.MINUTES;
        break;
      case "h":
        u = TimeUnit.HOURS;
        break;
      case "d":
        u = TimeUnit.DAYS;
        break;
      default:
        u = TimeUnit.SECONDS;
    }
    return Optional.of(Duration.ofNanos(u.toNanos(amount)));
  }
}
