package orphic.engine.kernel;

/**
 * Plain-Java {@link Gemm} for JVMs without the Vector API (or with {@code -Dorphic.vector=false}).
 * Loop orders keep the innermost loop contiguous so that the JIT can auto-vectorise it: a row of
 * C accumulates scaled rows of B (no transB), or C(i, j) is a dot product along k (transB).
 * Must not touch any class that uses {@code jdk.incubator.vector}.
 */
final class ScalarGemm {
  private ScalarGemm() {}

  static void run(GemmCall g) {
    if (g.flops() < GemmKernel.PARALLEL_MIN_FLOPS || Parallel.threads() <= 1) rows(g, 0, g.m());
    else Parallel.range(g.m(), (i0, i1) -> rows(g, i0, i1));
  }

  // C[i0..i1, :] = alpha · op(A)·op(B) + beta · C
  static void rows(GemmCall g, int i0, int i1) {
    int n = g.n(), k = g.k();
    float[] a = g.a(), b = g.b(), c = g.c();
    float alpha = g.alpha(), beta = g.beta();
    float[] row = g.transB() ? null : GemmBuffers.get().row(n);
    for (int i = i0; i < i1; i++) {
      int ci = g.cOff() + i * g.ldc();
      if (g.transB()) {
        for (int j = 0; j < n; j++) {
          int bj = g.bIndex(0, j);
          float s = 0f;
          for (int p = 0; p < k; p++) s += a[g.aIndex(i, p)] * b[bj + p];
          c[ci + j] = GemmKernel.epilogue(s, c[ci + j], alpha, beta);
        }
      } else {
        java.util.Arrays.fill(row, 0, n, 0f);
        for (int p = 0; p < k; p++) {
          float x = a[g.aIndex(i, p)];
          int bp = g.bIndex(p, 0);
          for (int j = 0; j < n; j++) row[j] += x * b[bp + j];
        }
        for (int j = 0; j < n; j++) c[ci + j] = GemmKernel.epilogue(row[j], c[ci + j], alpha, beta);
      }
    }
  }
}
