package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** G70 and J9: every context prints its chain from the root. */
class ToStringTest extends ContextTestBase {

  private static final Key<Object> REQUEST_ID = Key.of("requestId");

  /** A value type that does not override toString: printed by its simple type name. */
  static final class Opaque {}

  /** A value type that overrides toString. */
  static final class Named {
    @Override
    public String toString() {
      return "named!";
    }
  }

  record Point(int x, int y) {}

  /** A foreign context without toString: printed by its type name. */
  static final class PlainForeign implements Context {
    private final Context wrapped = Context.background();

    @Override
    public DoneSignal done() {
      return wrapped.done();
    }

    @Override
    public ContextException err() {
      return null;
    }

    @Override
    public java.util.Optional<Instant> deadline() {
      return java.util.Optional.empty();
    }

    @Override
    public <T> T value(Key<T> key) {
      return null;
    }
  }

  private static final Pattern DEADLINE =
      Pattern.compile("^(.*)\\.withDeadline\\((\\S+), (\\S.*) left\\)$");

  @Test
  @DisplayName("G70 roots print as background and todo, children as <parent>.withCancel")
  void rootsAndCancelChildren() {
    assertEquals("background", Context.background().toString());
    assertEquals("todo", Context.todo().toString());
    try (CancellableContext c = Context.background().withCancel();
        CancellableContext t = Context.todo().withCancel()) {
      assertEquals("background.withCancel", c.toString());
      assertEquals("todo.withCancel", t.toString());
      assertEquals("background.withCancel.withCancel", c.withCancel().toString());
      c.cancel();
      assertEquals("background.withCancel", c.toString(), "a cancelled context prints the same");
    }
  }

  @Test
  @DisplayName("G70 withValue prints the key's name and the value: a String as is, null as null")
  void valueFormats() {
    Context bg = Context.background();
    assertEquals("background.withValue(requestId, abc)", bg.withValue(REQUEST_ID, "abc").toString());
    assertEquals("background.withValue(requestId, null)", bg.withValue(REQUEST_ID, null).toString());
    assertEquals(
        "background.withValue(requestId, abc).withValue(requestId, def)",
        bg.withValue(REQUEST_ID, "abc").withValue(REQUEST_ID, "def").toString());
  }

  @Test
  @DisplayName("G70 a value whose class overrides toString prints by it, any other value by its simple type name")
  void objectValueFormats() {
    Context bg = Context.background();
    assertEquals("background.withValue(requestId, 42)", bg.withValue(REQUEST_ID, 42).toString());
    assertEquals("background.withValue(requestId, named!)", bg.withValue(REQUEST_ID, new Named()).toString());
    assertEquals(
        "background.withValue(requestId, Point[x=1, y=2])", bg.withValue(REQUEST_ID, new Point(1, 2)).toString());
    assertEquals("background.withValue(requestId, Opaque)", bg.withValue(REQUEST_ID, new Opaque()).toString());
    assertEquals("background.withValue(requestId, int[])", bg.withValue(REQUEST_ID, new int[] {1}).toString());
  }

  @Test
  @DisplayName("G70 withDeadline prints the deadline instant and the time left; withTimeout prints as withDeadline")
  void deadlineFormat() {
    Instant requested = Instant.now().plusSeconds(90);
    try (CancellableContext d = Context.background().withDeadline(requested);
        CancellableContext t = Context.background().withCancel().withTimeout(Duration.ofSeconds(90))) {
      assertDeadlineFormat(d, "background", d.deadline().orElseThrow());
      assertDeadlineFormat(t, "background.withCancel", t.deadline().orElseThrow());
    }
  }

  private static void assertDeadlineFormat(Context ctx, String parent, Instant deadline) {
    String s = ctx.toString();
    Matcher m = DEADLINE.matcher(s);
    assertTrue(m.matches(), s);
    assertEquals(parent, m.group(1));
    Instant printed = Instant.parse(m.group(2));
    assertTrue(
        Duration.between(printed, deadline).abs().compareTo(Duration.ofSeconds(1)) <= 0,
        () -> s + " does not print its deadline " + deadline);
  }

  @Test
  @DisplayName("G70 withoutCancel prints as <parent>.withoutCancel")
  void withoutCancelFormat() {
    assertEquals("background.withoutCancel", Context.background().withoutCancel().toString());
    assertEquals(
        "background.withValue(requestId, abc).withoutCancel",
        Context.background().withValue(REQUEST_ID, "abc").withoutCancel().toString());
  }

  @Test
  @DisplayName("G70 a foreign parent prints as its toString, or as its type name when it has none")
  void foreignParents() {
    try (CancellableContext c = new PlainForeign().withCancel()) {
      assertTrue(c.toString().endsWith("PlainForeign.withCancel"), c.toString());
      assertTrue(!c.toString().contains("@"), c.toString());
    }
    RegistryContext registry = new RegistryContext();
    try (CancellableContext c = registry.withCancel()) {
      assertEquals("registry.withCancel", c.toString());
    }
  }

  @Test
  @DisplayName("J9 toString prints the whole chain from the root, keys by their name")
  void wholeChain() {
    try (CancellableContext a = Context.background().withCancel()) {
      Context v = a.withValue(REQUEST_ID, "abc");
      CancellableContext d = v.withTimeout(Duration.ofSeconds(90));
      Context w = d.withoutCancel().withValue(Key.of("user"), "bob");
      String s = w.toString();
      assertTrue(s.startsWith("background.withCancel.withValue(requestId, abc).withDeadline("), s);
      assertTrue(s.endsWith(" left).withoutCancel.withValue(user, bob)"), s);
      d.cancel();
    }
  }
}
