package orphic.lm.analysis;

import java.util.Arrays;

/**
 * One head's attention over a text of n tokens: row i holds the weights query i gives the keys it
 * could see, columns {@link #rowStart}(i) … i, summing to 1; every other entry is 0. Within the
 * model's context T every row starts at column 0; past it, row i comes from the window of the last
 * T tokens ending at i (the window generation and {@code Scoring} slide), so it starts at i − T + 1.
 * Stored as a band of width w = min(n, T) per row: n·w floats, not n².
 */
public final class AttentionMatrix {
  private final int length;
  private final int band;
  private final float[] data; // [n, w]: row i, column j at i·w + (j − rowStart(i))

  /** An all-zero matrix of n rows whose rows see at most {@code band} keys. */
  public AttentionMatrix(int length, int band) {
    if (length < 1 || band < 1) throw new IllegalArgumentException("an attention matrix needs length and band >= 1, got " + length + ", " + band);
    this.length = length;
    this.band = Math.min(band, length);
    this.data = new float[length * this.band];
  }

  /** A matrix from dense rows [n][n] (entries right of the diagonal must be 0); band n. */
  public static AttentionMatrix of(float[][] rows) {
    int n = rows.length;
    AttentionMatrix m = new AttentionMatrix(n, n);
    for (int i = 0; i < n; i++) {
      if (rows[i].length != n) throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " entries, expected " + n);
      for (int j = i + 1; j < n; j++) {
        if (rows[i][j] != 0) throw new IllegalArgumentException("entry (" + i + ", " + j + ") lies right of the diagonal: attention is causal");
      }
      m.setRow(i, rows[i], 0);
    }
    return m;
  }

  /** n, the number of tokens (rows and columns). */
  public int length() {
    return length;
  }

  /** w, the most keys a row sees: min(n, the model's context). */
  public int band() {
    return band;
  }

  /** The first key row i sees: max(0, i − w + 1). */
  public int rowStart(int i) {
    return Math.max(0, i - band + 1);
  }

  /** Weight of query i on key j (0 outside the keys row i sees). */
  public float weight(int i, int j) {
    if (i < 0 || i >= length || j < 0 || j >= length) {
      throw new IndexOutOfBoundsException("(" + i + ", " + j + ") outside a " + length + "×" + length + " matrix");
    }
    int lo = rowStart(i);
    return j < lo || j > i ? 0f : data[i * band + j - lo];
  }

  /** Row i's keys rowStart(i) … i from {@code src[from ..]}, in column order. */
  void setRow(int i, float[] src, int from) {
    int lo = rowStart(i);
    System.arraycopy(src, from + lo, data, i * band, i - lo + 1);
  }

  /** Row i's visible weights copied out (length i − rowStart(i) + 1). */
  public float[] visibleRow(int i) {
    int lo = rowStart(i);
    return Arrays.copyOfRange(data, i * band, i * band + i - lo + 1);
  }

  /** Sum of row i (1 up to float rounding for a model's pattern). */
  public double rowSum(int i) {
    double s = 0;
    int w = i - rowStart(i) + 1;
    for (int k = 0; k < w; k++) s += data[i * band + k];
    return s;
  }
}
