package dev.ctx4j.processor;

import dev.ctx4j.spi.ConfigSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link ConfigSource} that {@link ConfiguredTimeoutTest} registers for {@link java.util.ServiceLoader} in the class
 * loader of the wrappers it loads (and nowhere else), over a map the test fills.
 */
public final class FakeConfigSource implements ConfigSource {
  /** The values this source gives, by key. */
  static final Map<String, String> VALUES = new ConcurrentHashMap<>();

  /** Creates the source; {@link java.util.ServiceLoader} calls this. */
  public FakeConfigSource() {}

  @Override
  public Optional<String> value(String key) {
    return Optional.ofNullable(VALUES.get(key));
  }

  @Override
  public String name() {
    return "fake";
  }
}
