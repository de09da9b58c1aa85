package orphic.lm.tokenize;

import java.util.Arrays;

/**
 * Open-addressing map from a token pair (a, b) to an int, for the BPE encoder's merge lookup
 * (a boxed HashMap would allocate on every lookup of the hot loop). Insert-only; -1 means absent.
 */
final class PairMap {
  private long[] keys;
  private int[] values;
  private int size;

  PairMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new int[cap];
    Arrays.fill(values, -1);
  }

  static long key(int a, int b) {
    return ((long) a << 32) | (b & 0xFFFFFFFFL);
  }

  int get(int a, int b) {
    long k = key(a, b);
    int mask = keys.length - 1;
    for (int i = slot(k, mask); ; i = (i + 1) & mask) {
      if (values[i] < 0) return -1;
      if (keys[i] == k) return values[i];
    }
  }

  /** Stores value (≥ 0) for (a, b); returns the previous value or -1. */
  int put(int a, int b, int value) {
    if ((size + 1) * 2 > keys.length) grow();
    long k = key(a, b);
    int mask = keys.length - 1;
    for (int i = slot(k, mask); ; i = (i + 1) & mask) {
      if (values[i] < 0) {
        keys[i] = k;
        values[i] = value;
        size++;
        return -1;
      }
      if (keys[i] == k) {
        int old = values[i];
        values[i] = value;
        return old;
      }
    }
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(values, -1);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] >= 0) put((int) (oldKeys[i] >>> 32), (int) oldKeys[i], oldValues[i]);
    }
  }

  private static int slot(long k, int mask) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
