package dev.ctx4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The persistent value trie behind {@link ValueNode}: every key found, nearest wins, null shadows, old maps unchanged. */
class ValuesTrieTest {

  @Test
  @DisplayName("G28 every one of thousands of keys is found in a trie several levels deep, and misses stay misses")
  void thousandsOfKeysAreFoundAndOldVersionsAreUnchanged() {
    List<Key<Integer>> keys = new ArrayList<>();
    List<Values> versions = new ArrayList<>();
    Values values = Values.EMPTY;
    for (int i = 0; i < 5000; i++) {
      Key<Integer> k = Key.of("k" + i);
      keys.add(k);
      values = values.with(k, i);
      versions.add(values);
    }
    for (int i = 0; i < keys.size(); i++) {
      assertEquals(i, values.find(keys.get(i)));
    }
    assertSame(Values.MISSING, values.find(Key.of("absent")));
    // a persistent map: version i holds exactly keys 0..i
    Values v100 = versions.get(100);
    assertEquals(100, v100.find(keys.get(100)));
    assertSame(Values.MISSING, v100.find(keys.get(101)));
  }

  @Test
  @DisplayName("G29 replacing a key, with null too, changes only the new version")
  void replacingAKeyShadowsItInTheNewVersionOnly() {
    Key<String> a = Key.of("a");
    Values first = Values.EMPTY.with(a, "one");
    Values second = first.with(a, null);
    assertNull(second.find(a));
    assertEquals("one", first.find(a));
  }

  @Test
  @DisplayName("G28 values stored through a thousand-deep chain of contexts are all visible from its leaf")
  void deepValueChainSeesEveryValue() {
    List<Key<Integer>> keys = new ArrayList<>();
    Context c = Context.background();
    for (int i = 0; i < 1000; i++) {
      Key<Integer> k = Key.of("d" + i);
      keys.add(k);
      c = (i % 3 == 0 ? c.withCancel() : c).withValue(k, i);
    }
    for (int i = 0; i < keys.size(); i++) {
      assertEquals(i, c.value(keys.get(i)));
    }
  }
}
