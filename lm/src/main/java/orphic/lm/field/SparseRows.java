package orphic.lm.field;

import java.util.Arrays;

/**
 * A sparse matrix of weights, row → {token → weight}, with each row's total kept up to date. Rows
 * are small dense ids (a token for the bigram and co-occurrence tables, a context number for the
 * trigram table). The entry for (row, token) is found through one {@link LongIntMap} probe on the
 * packed key {@code row << 32 | token}; the entries of a row are chained (newest first) so a row can
 * be walked without scanning the table. Storage is parallel primitive arrays that double when full.
 * Not thread-safe.
 */
final class SparseRows {
  static final int END = -1;

  private final LongIntMap index;
  private int[] head;      // row → first entry, END when the row is empty
  private double[] total;  // row → sum of its weights
  private int[] token;     // entry → column
  private int[] next;      // entry → next entry of the same row, END at the end
  private double[] weight; // entry → weight
  private int entries;

  SparseRows(int rows, int expectedEntries) {
    index = new LongIntMap(expectedEntries);
    head = new int[Math.max(rows, 16)];
    Arrays.fill(head, END);
    total = new double[head.length];
    int capacity = Math.max(expectedEntries, 16);
    token = new int[capacity];
    next = new int[capacity];
    weight = new double[capacity];
  }

  /** Adds {@code w} to the weight of (row, column). */
  void add(int row, int column, double w) {
    if (row >= head.length) growRows(row + 1);
    int e = index.getOrPut(((long) row << 32) | column, entries);
    if (e < 0) {
      e = entries;
      if (e == token.length) growEntries();
      token[e] = column;
      next[e] = head[row];
      head[row] = e;
      entries++;
    }
    weight[e] += w;
    total[row] += w;
  }

  /** Makes room for {@code extra} more entries at once, so a bulk insert grows nothing. */
  void reserve(int extra) {
    long needed = (long) entries + extra;
    if (needed > Integer.MAX_VALUE - 16) throw new IllegalStateException("co-occurrence table too large: " + needed + " entries");
    index.reserve((int) needed);
    if (needed > token.length) resizeEntries((int) needed);
  }

  /** The weight of (row, column), 0 when absent. */
  double weight(int row, int column) {
    int e = index.get(((long) row << 32) | column);
    return e == LongIntMap.ABSENT ? 0 : weight[e];
  }

  /** Sum of the row's weights; 0 for an empty or unknown row. */
  double total(int row) {
    return row < total.length ? total[row] : 0;
  }

  /** First entry of the row (walk with {@link #next}), or {@link #END}. */
  int head(int row) {
    return row < head.length ? head[row] : END;
  }

  int next(int entry) {
    return next[entry];
  }

  int column(int entry) {
    return token[entry];
  }

  double weightOf(int entry) {
    return weight[entry];
  }

  /** Number of rows that may hold entries (an upper bound on the highest row id + 1). */
  int rowCapacity() {
    return head.length;
  }

  /** Number of distinct (row, column) entries. */
  int size() {
    return entries;
  }

  /** Multiplies every weight and total by {@code factor}. */
  void scale(double factor) {
    for (int e = 0; e < entries; e++) weight[e] *= factor;
    for (int r = 0; r < total.length; r++) total[r] *= factor;
  }

  private void growRows(int needed) {
    int old = head.length;
    int capacity = Math.max(needed, old * 2);
    head = Arrays.copyOf(head, capacity);
    Arrays.fill(head, old, capacity, END);
    total = Arrays.copyOf(total, capacity);
  }

  private void growEntries() {
    int capacity = token.length * 2;
    if (capacity < 0 || capacity > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("co-occurrence table too large: " + entries + " entries");
    }
    resizeEntries(capacity);
  }

  private void resizeEntries(int capacity) {
    token = Arrays.copyOf(token, capacity);
    next = Arrays.copyOf(next, capacity);
    weight = Arrays.copyOf(weight, capacity);
  }
}
