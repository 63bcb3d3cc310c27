package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * G-E: values, and G27's random layers.
 *
 * <p>Not applicable to Java: G32's panic for a non-comparable key type (a {@link Key} is compared by identity, so
 * every key is comparable), G33's allocation budget (no allocation counter; the benchmark issue measures cost).
 */
class ValueTest extends ContextTestBase {

  @Test
  @DisplayName("G28 a lookup returns the value of the nearest ancestor that stored the key")
  void nearestValueWins() {
    Key<String> k1 = Key.of("k1");
    Key<String> k2 = Key.of("k2");
    Key<String> k3 = Key.of("k3");
    Context c0 = Context.background();
    Context c1 = c0.withValue(k1, "c1k1");
    Context c2 = c1.withValue(k2, "c2k2");
    Context c3 = c2.withValue(k3, "c3k3");
    Context c4 = c3.withValue(k1, "c4k1");

    assertNull(c0.value(k1));
    assertEquals("c1k1", c1.value(k1));
    assertNull(c1.value(k2));
    assertEquals("c1k1", c2.value(k1));
    assertEquals("c2k2", c2.value(k2));
    assertEquals("c1k1", c3.value(k1));
    assertEquals("c3k3", c3.value(k3));
    assertEquals("c4k1", c4.value(k1));
    assertEquals("c2k2", c4.value(k2));
    assertEquals("c3k3", c4.value(k3));
  }

  @Test
  @DisplayName("G28 distinct keys never collide, even with the same name and value type")
  void distinctKeysNeverCollide() {
    Key<Integer> a = Key.of("id");
    Key<Integer> b = Key.of("id");
    assertNotSame(a, b);
    assertFalse(a.equals(b));
    Context ctx = Context.background().withValue(a, 1);
    assertEquals(1, ctx.value(a));
    assertNull(ctx.value(b));
    Context both = ctx.withValue(b, 2);
    assertEquals(1, both.value(a));
    assertEquals(2, both.value(b));
    assertEquals("id", a.name());
    assertEquals("id", a.toString());
  }

  @Test
  @DisplayName("G29 storing null shadows an ancestor's value: the lookup stops at the first matching key")
  void nullShadowsAncestors() {
    Key<String> k = Key.of("k");
    Context outer = Context.background().withValue(k, "outer");
    Context shadow = outer.withValue(k, null);
    assertNull(shadow.value(k));
    assertNull(shadow.withValue(Key.of("other"), "x").value(k));
    assertEquals("outer", outer.value(k));
    try (CancellableContext below = shadow.withCancel()) {
      assertNull(below.value(k));
    }
  }

  @Test
  @DisplayName("G30 lookups pass through foreign wrappers in both directions, with shadowing")
  void lookupsPassThroughForeignWrappers() {
    Key<String> k1 = Key.of("k1");
    Key<String> k2 = Key.of("k2");
    Context chain = Context.background().withValue(k1, "inner");
    Context wrapper = new OtherContext(chain);
    assertEquals("inner", wrapper.value(k1), "a wrapper of a value chain");

    Context above = wrapper.withValue(k2, "outer");
    assertEquals("outer", above.value(k2), "a value child of a wrapper");
    assertEquals("inner", above.value(k1));

    Context shadowed = new OtherContext(above.withValue(k1, "shadow"));
    assertEquals("shadow", shadowed.value(k1));
    Context nulled = new OtherContext(shadowed).withValue(k1, null);
    assertNull(nulled.value(k1));
    try (CancellableContext c = new OtherContext(above).withCancel()) {
      assertEquals("inner", c.value(k1));
      assertEquals("outer", c.value(k2));
    }
  }

  @Test
  @DisplayName("G31 values remain readable after cancellation and after a timeout")
  void valuesSurviveCancellationAndTimeout() throws InterruptedException {
    Key<String> k = Key.of("k");
    CancellableContext parent = Context.background().withValue(k, "v").withCancel();
    Context child = parent.withValue(Key.of("other"), "o");
    parent.cancel();
    assertEquals("v", child.value(k));
    assertEquals("v", parent.value(k));

    CancellableContext timed = Context.background().withValue(k, "t").withTimeout(Duration.ofMillis(1));
    awaitDone(timed);
    assertEquals("t", timed.value(k));
  }

  @Test
  @DisplayName("G32 a null key is rejected by withValue and by value, naming the argument")
  void nullKeyIsRejected() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> Context.background().withValue(null, "v"));
    assertTrue(String.valueOf(e.getMessage()).contains("key"), e.getMessage());
    try (CancellableContext ctx = Context.background().withCancel()) {
      NullPointerException e2 = assertThrows(NullPointerException.class, () -> ctx.value(null));
      assertTrue(String.valueOf(e2.getMessage()).contains("key"), e2.getMessage());
      NullPointerException e3 =
          assertThrows(NullPointerException.class, () -> ctx.withValue(Key.of("k"), "v").value(null));
      assertTrue(String.valueOf(e3.getMessage()).contains("key"), e3.getMessage());
    }
  }

  @Test
  @DisplayName("G27 random layers of values, cancels and timeouts: values visible, any ancestor's cancel reaches the leaf")
  void randomLayersCancel() {
    for (long seed = 1; seed <= 50; seed++) {
      layers(seed, false);
    }
  }

  @Test
  @DisplayName("G27 random layers with 1 ms timeouts: the leaf eventually times out and keeps its values")
  void randomLayersTimeout() throws InterruptedException {
    for (long seed = 1; seed <= 10; seed++) {
      layers(seed, true);
    }
  }

  /** Go's testLayers. */
  private static void layers(long seed, boolean testTimeout) {
    Random r = new Random(seed);
    String prefix = "seed=" + seed + ": ";
    List<Key<Key<?>>> vals = new ArrayList<>();
    List<CancellableContext> cancels = new ArrayList<>();
    int numTimers = 0;
    Context ctx = Context.background();
    for (int i = 0; i < 30 || numTimers == 0 || cancels.isEmpty() || vals.isEmpty(); i++) {
      switch (r.nextInt(3)) {
        case 0 -> {
          Key<Key<?>> v = Key.of("v" + i);
          ctx = ctx.withValue(v, v);
          vals.add(v);
        }
        case 1 -> {
          CancellableContext c = ctx.withCancel();
          ctx = c;
          cancels.add(c);
        }
        default -> {
          CancellableContext c = ctx.withTimeout(testTimeout ? Duration.ofMillis(1) : FOREVER);
          ctx = c;
          cancels.add(c);
          numTimers++;
        }
      }
    }
    Context leaf = ctx;
    try {
      if (!testTimeout) {
        assertFalse(leaf.done().isDone(), prefix + "leaf should not be done yet");
      }
      assertTrue(leaf.toString().startsWith("background."), prefix + leaf);
      checkValues(leaf, vals, prefix + "before cancel");
      if (testTimeout) {
        try {
          awaitDone(leaf);
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
        assertSame(DEADLINE_EXCEEDED, leaf.err(), prefix);
        checkValues(leaf, vals, prefix + "after timeout");
      } else {
        CancellableContext victim = cancels.get(r.nextInt(cancels.size()));
        victim.cancel();
        assertTrue(leaf.done().isDone(), prefix + "leaf should be done at once");
        assertSame(CANCELED, leaf.err(), prefix);
        checkValues(leaf, vals, prefix + "after cancel");
      }
    } finally {
      cancels.forEach(CancellableContext::cancel);
    }
  }

  private static void checkValues(Context leaf, List<Key<Key<?>>> vals, String when) {
    for (Key<Key<?>> key : vals) {
      assertSame(key, leaf.value(key), when + ": value of " + key);
    }
  }
}
