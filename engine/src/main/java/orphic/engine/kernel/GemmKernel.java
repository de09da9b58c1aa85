package orphic.engine.kernel;

/**
 * Placeholder implementation of {@link Gemm}: a simple cache-friendly loop, parallel over rows
 * of C. To be replaced by packed, register-blocked Vector API micro-kernels.
 */
final class GemmKernel {
  private GemmKernel() {}

  static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc) {
    Parallel.range(m, (i0, i1) -> {
      float[] row = new float[n];
      for (int i = i0; i < i1; i++) {
        java.util.Arrays.fill(row, 0f);
        for (int p = 0; p < k; p++) {
          float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          if (av == 0f) continue;
          if (transB) {
            for (int j = 0; j < n; j++) row[j] += av * b[bOff + j * ldb + p];
          } else {
            int bo = bOff + p * ldb;
            for (int j = 0; j < n; j++) row[j] += av * b[bo + j];
          }
        }
        int co = cOff + i * ldc;
        for (int j = 0; j < n; j++) c[co + j] = alpha * row[j] + (beta == 0f ? 0f : beta * c[co + j]);
      }
    });
  }
}
