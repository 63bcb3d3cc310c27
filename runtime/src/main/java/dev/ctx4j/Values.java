package dev.ctx4j;

/**
 * A persistent map from keys to values: a bitmap-compressed trie on {@link Key#id}, five bits a level. Adding copies
 * one path (O(log32 n)); a lookup reads at most seven nodes, usually one or two, however deep the context chain. A hit
 * is one identity comparison: keys and values sit in parallel arrays, a null key marking a subtree.
 */
final class Values {
  static final Values EMPTY = new Values(0, new Key<?>[0], new Object[0]);

  /** What {@link #find} returns for an absent key (a value stored as null is a hit: it shadows ancestors, G29). */
  static final Object MISSING = new Object();

  private final int bitmap;
  /** The key of each slot, or null where the slot holds a subtree. */
  private final Key<?>[] keys;
  /** The value of each slot, or its subtree ({@link Values}). */
  private final Object[] vals;

  private Values(int bitmap, Key<?>[] keys, Object[] vals) {
    this.bitmap = bitmap;
    this.keys = keys;
    this.vals = vals;
  }

  /** Returns the value stored for {@code key} (possibly null), or {@link #MISSING}. */
  Object find(Key<?> key) {
    Values node = this;
    for (int id = key.id; ; id >>>= 5) {
      int bit = 1 << (id & 31);
      int bitmap = node.bitmap;
      if ((bitmap & bit) == 0) {
        return MISSING;
      }
      int index = Integer.bitCount(bitmap & (bit - 1));
      Key<?> k = node.keys[index];
      if (k == key) {
        return node.vals[index];
      }
      if (k != null) {
        return MISSING;
      }
      node = (Values) node.vals[index];
    }
  }

  /** Returns a map with {@code key} set to {@code value}. */
  Values with(Key<?> key, Object value) {
    return with(key, value, 0);
  }

  private Values with(Key<?> key, Object value, int shift) {
    int bit = 1 << ((key.id >>> shift) & 31);
    int index = Integer.bitCount(bitmap & (bit - 1));
    if ((bitmap & bit) == 0) {
      Key<?>[] ks = new Key<?>[keys.length + 1];
      Object[] vs = new Object[vals.length + 1];
      System.arraycopy(keys, 0, ks, 0, index);
      System.arraycopy(vals, 0, vs, 0, index);
      ks[index] = key;
      vs[index] = value;
      System.arraycopy(keys, index, ks, index + 1, keys.length - index);
      System.arraycopy(vals, index, vs, index + 1, vals.length - index);
      return new Values(bitmap | bit, ks, vs);
    }
    Key<?>[] ks = keys.clone();
    Object[] vs = vals.clone();
    Key<?> old = keys[index];
    if (old == key) {
      vs[index] = value;
    } else if (old == null) {
      vs[index] = ((Values) vals[index]).with(key, value, shift + 5);
    } else {
      // two keys share this slot: push both one level down, where their ids differ sooner or later
      ks[index] = null;
      vs[index] = EMPTY.with(old, vals[index], shift + 5).with(key, value, shift + 5);
    }
    return new Values(bitmap, ks, vs);
  }
}
