package dev.ctx4j;

import java.util.ArrayList;
import java.util.List;

/** How contexts describe themselves ({@code toString()}, Go's String methods): the chain from the root. */
final class Describe {
  private Describe() {}

  /** Go's String(): the chain from the root (or the nearest foreign ancestor), built without recursion. */
  static String describe(StdContext c) {
    List<String> labels = new ArrayList<>();
    Context head = c;
    while (head instanceof StdContext) {
      StdContext s = (StdContext) head;
      labels.add(s.label());
      head = s.parent();
    }
    StringBuilder sb = new StringBuilder();
    if (head != null) {
      sb.append(foreignName(head)).append('.');
    }
    for (int i = labels.size() - 1; i >= 0; i--) {
      sb.append(labels.get(i));
      if (i > 0) {
        sb.append('.');
      }
    }
    return sb.toString();
  }

  private static String foreignName(Context c) {
    return overridesToString(c) ? c.toString() : c.getClass().getSimpleName();
  }

  /** Renders a value as Go does: strings as they are, objects with their own toString by it, else the type name. */
  static String render(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof String) {
      return (String) value;
    }
    return overridesToString(value) ? value.toString() : value.getClass().getSimpleName();
  }

  private static boolean overridesToString(Object o) {
    try {
      return o.getClass().getMethod("toString").getDeclaringClass() != Object.class;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  /** Formats nanoseconds as seconds with up to three decimals: {@code 1.5s}. */
  static String seconds(long nanos) {
    long millis = Math.max(1, nanos / 1_000_000);
    String s = Long.toString(millis / 1000);
    long frac = millis % 1000;
    if (frac == 0) {
      return s + "s";
    }
    String f = String.format("%03d", frac).replaceAll("0+$", "");
    return s + "." + f + "s";
  }
}
