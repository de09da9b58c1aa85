package orphic.engine.nn;

/**
 * The best rank-k approximation (in the Frobenius and spectral norms) of a product L·Q that is
 * already low-rank: L [R, K], Q [K, C] with K small (the summed ranks of a few adapters), never
 * forming the R×C matrix or its SVD.
 *
 * <pre>
 *   L = Ql·Rl, Qᵀ = Qq·Rq           thin QR (modified Gram–Schmidt), Ql [R, K], Qq [C, K], Rl, Rq [K, K]
 *   L·Q = Ql·(Rl·Rqᵀ)·Qqᵀ          M = Rl·Rqᵀ is K×K
 *   M = U·Σ·Vᵀ                      one-sided Jacobi on M's columns
 *   L·Q = (Ql·U)·Σ·(Qq·V)ᵀ          keep the k largest singular values
 * </pre>
 *
 * In double precision throughout. With k ≥ K nothing is dropped and the factors reproduce L·Q to
 * float rounding. A column that Gram–Schmidt finds dependent (its residual is zero) gets a zero Q
 * column and a zero R row, which keeps L = Ql·Rl exact.
 */
public final class LowRankSvd {
  private LowRankSvd() {}

  /**
   * The truncated factors: b [R, k] = left singular vectors times their singular values, a [k, C]
   * = right singular vectors, so b·a ≈ L·Q; {@code singularValues} are all K of them, descending.
   */
  public record Factors(int rank, float[] b, float[] a, double[] singularValues) {}

  /**
   * @param l [rows, inner] row-major
   * @param q [inner, cols] row-major
   * @param k the rank to keep (≥ 1); above {@code inner} the extra columns are zero
   */
  public static Factors truncate(double[] l, double[] q, int rows, int inner, int cols, int k) {
    if (k < 1) throw new IllegalArgumentException("the SVD rank must be >= 1, got " + k);
    if (l.length != rows * inner || q.length != inner * cols) throw new IllegalArgumentException("factor sizes do not match the shapes given");
    double[] ql = l.clone();
    double[] rl = new double[inner * inner];
    qr(ql, rows, inner, rl);
    double[] qq = new double[cols * inner]; // Qᵀ [C, K]
    for (int i = 0; i < inner; i++) for (int j = 0; j < cols; j++) qq[j * inner + i] = q[i * cols + j];
    double[] rq = new double[inner * inner];
    qr(qq, cols, inner, rq);
    // M = Rl · Rqᵀ
    double[] m = new double[inner * inner];
    for (int i = 0; i < inner; i++) {
      for (int j = 0; j < inner; j++) {
        double s = 0;
        for (int t = 0; t < inner; t++) s += rl[i * inner + t] * rq[j * inner + t];
        m[i * inner + j] = s;
      }
    }
    double[] v = new double[inner * inner];
    double[] sigma = new double[inner];
    jacobi(m, v, sigma, inner); // m now holds U·Σ column by column
    Integer[] order = new Integer[inner];
    for (int i = 0; i < inner; i++) order[i] = i;
    java.util.Arrays.sort(order, (x, y) -> Double.compare(sigma[y], sigma[x]));
    float[] b = new float[rows * k];
    float[] a = new float[k * cols];
    double[] sorted = new double[inner];
    for (int j = 0; j < inner; j++) sorted[j] = sigma[order[j]];
    for (int j = 0; j < Math.min(k, inner); j++) {
      int c = order[j];
      // b[:, j] = Ql · (U·Σ)[:, c]
      for (int r = 0; r < rows; r++) {
        double s = 0;
        for (int t = 0; t < inner; t++) s += ql[r * inner + t] * m[t * inner + c];
        b[r * k + j] = (float) s;
      }
      // a[j, :] = (Qq · V[:, c])ᵀ
      for (int col = 0; col < cols; col++) {
        double s = 0;
        for (int t = 0; t < inner; t++) s += qq[col * inner + t] * v[t * inner + c];
        a[j * cols + col] = (float) s;
      }
    }
    return new Factors(k, b, a, sorted);
  }

  /** In place: x [n, k] → Q (orthonormal or zero columns); r [k, k] upper triangular with x = Q·r. */
  static void qr(double[] x, int n, int k, double[] r) {
    double scale = 0;
    for (double e : x) scale = Math.max(scale, Math.abs(e));
    double tiny = scale * 1e-13 * Math.sqrt(n);
    for (int j = 0; j < k; j++) {
      // two passes of Gram–Schmidt against earlier columns: orthogonal to working precision
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < j; i++) {
          double d = 0;
          for (int t = 0; t < n; t++) d += x[t * k + i] * x[t * k + j];
          r[i * k + j] += d;
          for (int t = 0; t < n; t++) x[t * k + j] -= d * x[t * k + i];
        }
      }
      double norm = 0;
      for (int t = 0; t < n; t++) norm += x[t * k + j] * x[t * k + j];
      norm = Math.sqrt(norm);
      if (norm <= tiny) {
        for (int t = 0; t < n; t++) x[t * k + j] = 0;
        r[j * k + j] = 0;
      } else {
        for (int t = 0; t < n; t++) x[t * k + j] /= norm;
        r[j * k + j] = norm;
      }
    }
  }

  /**
   * One-sided Jacobi: rotates the columns of a [n, n] until they are orthogonal, accumulating the
   * rotations in v, so a_in = a_out·vᵀ with a_out = U·Σ; sigma gets the column norms.
   */
  static void jacobi(double[] a, double[] v, double[] sigma, int n) {
    for (int i = 0; i < n; i++) v[i * n + i] = 1;
    for (int sweep = 0; sweep < 60; sweep++) {
      boolean rotated = false;
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          double alpha = 0, beta = 0, gamma = 0;
          for (int t = 0; t < n; t++) {
            double ap = a[t * n + p], aq = a[t * n + q];
            alpha += ap * ap;
            beta += aq * aq;
            gamma += ap * aq;
          }
          if (gamma == 0 || Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
          rotated = true;
          double zeta = (beta - alpha) / (2 * gamma);
          double t = Math.signum(zeta) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
          if (zeta == 0) t = 1;
          double c = 1 / Math.sqrt(1 + t * t), s = c * t;
          for (int r = 0; r < n; r++) {
            double ap = a[r * n + p], aq = a[r * n + q];
            a[r * n + p] = c * ap - s * aq;
            a[r * n + q] = s * ap + c * aq;
            double vp = v[r * n + p], vq = v[r * n + q];
            v[r * n + p] = c * vp - s * vq;
            v[r * n + q] = s * vp + c * vq;
          }
        }
      }
      if (!rotated) break;
    }
    for (int j = 0; j < n; j++) {
      double s = 0;
      for (int t = 0; t < n; t++) s += a[t * n + j] * a[t * n + j];
      sigma[j] = Math.sqrt(s);
    }
  }
}
