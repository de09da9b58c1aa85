package orphic.lm.field;

import java.util.Arrays;

/**
 * Open-addressing hash map from non-negative long keys to int values (linear probing, Fibonacci
 * hashing, load factor at most 1/2). No boxing and no per-entry objects: two parallel arrays, so a
 * probe touches one or two cache lines. Keys are packed token tuples; values are indexes into
 * {@link SparseRows}. Entries are never removed. Not thread-safe.
 */
final class LongIntMap {
  static final int ABSENT = -1;
  private static final long EMPTY = -1L;

  private long[] keys;
  private int[] values;
  private int size;
  private int shift; // 64 − log2(capacity)

  LongIntMap(int expected) {
    int capacity = 16;
    while (capacity < 2L * expected) capacity <<= 1;
    allocate(capacity);
  }

  int size() {
    return size;
  }

  /** Grows now, if needed, so that {@code expected} entries fit without further growth. */
  void reserve(int expected) {
    while (2L * expected > keys.length) grow();
  }

  /** The value of {@code key}, or {@link #ABSENT}. */
  int get(long key) {
    long[] k = keys;
    int mask = k.length - 1;
    for (int i = slot(key); ; i = (i + 1) & mask) {
      long found = k[i];
      if (found == key) return values[i];
      if (found == EMPTY) return ABSENT;
    }
  }

  /**
   * The value of {@code key}; when absent, stores {@code valueIfAbsent} and returns
   * {@code -1 - valueIfAbsent} so that the caller learns both facts in one probe sequence.
   */
  int getOrPut(long key, int valueIfAbsent) {
    long[] k = keys;
    int mask = k.length - 1;
    int i = slot(key);
    while (true) {
      long found = k[i];
      if (found == key) return values[i];
      if (found == EMPTY) break;
      i = (i + 1) & mask;
    }
    k[i] = key;
    values[i] = valueIfAbsent;
    if (++size * 2 > k.length) grow();
    return -1 - valueIfAbsent;
  }

  private int slot(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }

  private void allocate(int capacity) {
    keys = new long[capacity];
    values = new int[capacity];
    Arrays.fill(keys, EMPTY);
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    if (oldKeys.length >= 1 << 30) {
      throw new IllegalStateException("co-occurrence table too large: over " + (1 << 29)
          + " distinct entries; use a smaller vocabulary or window");
    }
    allocate(oldKeys.length * 2);
    int mask = keys.length - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      long key = oldKeys[j];
      if (key == EMPTY) continue;
      int i = slot(key);
      while (keys[i] != EMPTY) i = (i + 1) & mask;
      keys[i] = key;
      values[i] = oldValues[j];
    }
  }
}
