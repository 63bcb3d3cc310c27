package dev.ctx4j.http;

import java.util.Objects;

/** Checks configured header names: an HTTP token (RFC 9110 section 5.6.2), so a typo fails at configuration time. */
final class HeaderNames {
  private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

  private HeaderNames() {}

  static String check(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("header name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || TCHAR_SYMBOLS.indexOf(c) >= 0;
      if (!tchar) {
        throw new IllegalArgumentException(
            "header name must be an HTTP token (letters, digits and !#$%&'*+-.^_`|~), was \"" + name
                + "\" with '" + c + "' at index " + i);
      }
    }
    return name;
  }
}
