package orphic.studio.web;

/**
 * Principal component analysis for the style map, written here: power iteration on the covariance
 * matrix with deflation. Not UMAP: the map holds tens to a few hundred points (a document's chunks,
 * its generations, the boards' fragments), where a linear projection is readable and honest about
 * distances; PCA is deterministic without a seed (the same points always land in the same place,
 * signs fixed below) and needs no dependency.
 */
final class Pca {
  static final int ITERATIONS = 300;

  /** The projection: n rows of {@code dims} coordinates, and each axis's share of the total variance. */
  record Projection(double[][] coordinates, double[] explained) {}

  private Pca() {}

  /**
   * Projects the rows of x [n, d] onto their first {@code dims} principal axes (centred). Axes with
   * no variance left (n ≤ dims, identical points) give coordinate 0. Each axis's sign makes its
   * largest-magnitude component positive, so the picture does not flip between runs.
   */
  static Projection project(float[][] x, int dims) {
    int n = x.length;
    double[][] out = new double[n][dims];
    double[] explained = new double[dims];
    if (n == 0) return new Projection(out, explained);
    int d = x[0].length;
    double[] mean = new double[d];
    for (float[] row : x) {
      if (row.length != d) throw new IllegalArgumentException("every vector must have " + d + " values, one has " + row.length);
      for (int j = 0; j < d; j++) mean[j] += row[j] / (double) n;
    }
    double[][] c = new double[n][d];
    for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) c[i][j] = x[i][j] - mean[j];
    // Covariance [d, d] (upper triangle, mirrored).
    double[][] cov = new double[d][d];
    for (double[] row : c) {
      for (int a = 0; a < d; a++) {
        double ra = row[a];
        if (ra == 0) continue;
        for (int b = a; b < d; b++) cov[a][b] += ra * row[b];
      }
    }
    double total = 0;
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        cov[a][b] /= n;
        cov[b][a] = cov[a][b];
      }
      total += cov[a][a];
    }
    for (int axis = 0; axis < dims; axis++) {
      double[] v = new double[d];
      // A fixed, generic start vector (not orthogonal to any axis in practice).
      for (int j = 0; j < d; j++) v[j] = 1.0 + 0.01 * ((j * 7919) % 101);
      normalise(v);
      double lambda = 0;
      double[] w = new double[d];
      for (int it = 0; it < ITERATIONS; it++) {
        for (int a = 0; a < d; a++) {
          double s = 0;
          for (int b = 0; b < d; b++) s += cov[a][b] * v[b];
          w[a] = s;
        }
        lambda = dot(w, v);
        if (normalise(w) < 1e-12) {
          lambda = 0;
          break;
        }
        System.arraycopy(w, 0, v, 0, d);
      }
      if (lambda <= 1e-12 * Math.max(1, total)) break; // nothing left to explain
      int big = 0;
      for (int j = 1; j < d; j++) if (Math.abs(v[j]) > Math.abs(v[big]) + 1e-12) big = j;
      if (v[big] < 0) for (int j = 0; j < d; j++) v[j] = -v[j];
      for (int i = 0; i < n; i++) out[i][axis] = dot(c[i], v);
      explained[axis] = total > 0 ? lambda / total : 0;
      // Deflate: remove this axis's variance before looking for the next.
      for (int a = 0; a < d; a++) for (int b = 0; b < d; b++) cov[a][b] -= lambda * v[a] * v[b];
    }
    return new Projection(out, explained);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s += a[i] * b[i];
    return s;
  }

  private static double normalise(double[] v) {
    double norm = Math.sqrt(dot(v, v));
    if (norm > 0) for (int i = 0; i < v.length; i++) v[i] /= norm;
    return norm;
  }
}
