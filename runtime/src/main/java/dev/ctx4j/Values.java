package dev.ctx4j;

/**
 * A persistent map from keys to values: a bitmap-compressed trie on {@link Key#id}, five bits a level. Adding copies
 * one path (O(log32 n)), a lookup reads at most seven nodes, usually one or two, however deep the context chain.
 */
final class Values {
  static final Values EMPTY = new Values(0, new Object[0]);

  /** A stored entry; {@code value} may be null (a value stored as null shadows ancestors, G29). */
  static final class Entry {
    final Key<?> key;
    final Object value;

    Entry(Key<?> key, Object value) {
      this.key = key;
      this.value = value;
    }
  }

  private final int bitmap;
  /** Each slot holds an {@link Entry} or a {@link Values} one level down. */
  private final Object[] slots;

  private Values(int bitmap, Object[] slots) {
    this.bitmap = bitmap;
    this.slots = slots;
  }

  /** Returns the entry for {@code key}, or null when absent. */
  Entry find(Key<?> key) {
    int id = key.id;
    Values node = this;
    for (int shift = 0; ; shift += 5) {
      int bit = 1 << ((id >>> shift) & 31);
      if ((node.bitmap & bit) == 0) {
        return null;
      }
      Object slot = node.slots[Integer.bitCount(node.bitmap & (bit - 1))];
      if (slot instanceof Entry) {
        Entry e = (Entry) slot;
        return e.key == key ? e : null;
      }
      node = (Values) slot;
    }
  }

  /** Returns a map with {@code key} set to {@code value}. */
  Values with(Key<?> key, Object value) {
    return with(new Entry(key, value), 0);
  }

  private Values with(Entry entry, int shift) {
    int bit = 1 << ((entry.key.id >>> shift) & 31);
    int index = Integer.bitCount(bitmap & (bit - 1));
    if ((bitmap & bit) == 0) {
      Object[] copy = new Object[slots.length + 1];
      System.arraycopy(slots, 0, copy, 0, index);
      copy[index] = entry;
      System.arraycopy(slots, index, copy, index + 1, slots.length - index);
      return new Values(bitmap | bit, copy);
    }
    Object slot = slots[index];
    Object replacement;
    if (slot instanceof Entry) {
      Entry old = (Entry) slot;
      replacement = old.key == entry.key ? entry : EMPTY.with(old, shift + 5).with(entry, shift + 5);
    } else {
      replacement = ((Values) slot).with(entry, shift + 5);
    }
    Object[] copy = slots.clone();
    copy[index] = replacement;
    return new Values(bitmap, copy);
  }
}
