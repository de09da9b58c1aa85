package orphic.lm.analysis;

/**
 * Summary statistics of one head's attention matrix A (an {@link AttentionMatrix}: n rows, row i
 * seeing the keys K_i = [rowStart(i), i], n_i = |K_i| of them, its weights summing to 1).
 *
 * <ul>
 *   <li><b>sparsity</b> = Σ_i #{j ∈ K_i : A_ij &lt; τ} / Σ_i n_i: the share of the weights a head
 *       could give that are below the threshold τ (default 0.01). Only visible entries count: haze
 *       also counted the masked upper triangle, which made every head look about half sparse.
 *   <li><b>locality</b> = (1/n) Σ_i Σ_{j∈K_i} A_ij·(i − j): the mean attention distance in tokens
 *       (0 = each token looks at itself; haze's intended |i − Σ_j A_ij·j|, without its crash).
 *   <li><b>entropy</b> = (1/n) Σ_i H_i with H_i = −Σ_j A_ij ln A_ij (nats, 0·ln 0 = 0).
 *   <li><b>uniformity</b> = mean over the rows with n_i ≥ 2 of H_i / ln n_i: 1 when every row
 *       spreads evenly over what it sees, 0 when every row puts all its weight on one key (0 when
 *       no row sees two keys). haze used the entropy of the column means instead, which mixes
 *       rows of different lengths.
 *   <li><b>diagonal</b> = (1/n) Σ_i A_ii: the mean weight a token gives itself.
 *   <li><b>nearDiagonal</b> = (1/n) Σ_i Σ_{j = max(rowStart(i), i − b)}^{i} A_ij: the mean weight
 *       on the band of the token and its b predecessors (default b = 2, haze's "diagonality").
 * </ul>
 * Identity: locality 0, entropy 0, uniformity 0, diagonal 1, nearDiagonal 1. Uniform causal rows:
 * uniformity 1.
 */
public record AttentionMetrics(double sparsity, double locality, double entropy, double uniformity, double diagonal,
    double nearDiagonal) {

  /** haze's sparsity threshold. */
  public static final double DEFAULT_THRESHOLD = 0.01;
  /** haze's diagonal band: the token and its two predecessors. */
  public static final int DEFAULT_BAND = 2;

  /** The metrics with haze's threshold and band. */
  public static AttentionMetrics of(AttentionMatrix a) {
    return of(a, DEFAULT_THRESHOLD, DEFAULT_BAND);
  }

  /** threshold τ in (0, 1]; band b ≥ 0 (0 = the diagonal alone). */
  public static AttentionMetrics of(AttentionMatrix a, double threshold, int band) {
    if (!(threshold > 0 && threshold <= 1)) throw new IllegalArgumentException("sparsity threshold must be in (0, 1], got " + threshold);
    if (band < 0) throw new IllegalArgumentException("diagonal band must be >= 0 tokens, got " + band);
    int n = a.length();
    long visible = 0, below = 0;
    double locality = 0, entropy = 0, uniformity = 0, diagonal = 0, near = 0;
    int wide = 0;
    for (int i = 0; i < n; i++) {
      int lo = a.rowStart(i);
      float[] row = a.visibleRow(i); // row[k] = A(i, lo + k)
      double h = 0;
      for (int k = 0; k < row.length; k++) {
        double w = row[k];
        int j = lo + k;
        if (w < threshold) below++;
        locality += w * (i - j);
        if (w > 0) h -= w * Math.log(w);
        if (j >= i - band) near += w;
      }
      visible += row.length;
      diagonal += row[row.length - 1];
      entropy += h;
      if (row.length >= 2) {
        uniformity += h / Math.log(row.length);
        wide++;
      }
    }
    return new AttentionMetrics((double) below / visible, locality / n, entropy / n, wide == 0 ? 0 : uniformity / wide,
        diagonal / n, near / n);
  }
}
