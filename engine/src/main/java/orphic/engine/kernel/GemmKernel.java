package orphic.engine.kernel;

/**
 * Chooses the implementation behind {@link Gemm#sgemm}: the Vector API kernels
 * ({@link VectorGemm}) when the {@code jdk.incubator.vector} module is present and its preferred
 * species has at least four float lanes, else {@link ScalarGemm}. {@code -Dorphic.vector=false}
 * forces the scalar kernel. The choice is made once, when the class loads.
 */
final class GemmKernel {
  private GemmKernel() {}

  static final boolean VECTOR = vectorUsable(System.getProperty("orphic.vector"));

  /** Below this many flops a call runs on the caller alone: waking workers would cost more. */
  static final double PARALLEL_MIN_FLOPS = 4e6;

  /** Whether to use the Vector API, given the value of the {@code orphic.vector} property. */
  static boolean vectorUsable(String property) {
    if ("false".equalsIgnoreCase(property)) return false;
    try {
      return VectorGemm.lanes() >= 4;
    } catch (LinkageError | RuntimeException e) {
      // Typically NoClassDefFoundError: the JVM was started without --add-modules jdk.incubator.vector.
      return false;
    }
  }

  static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc) {
    if (k == 0 || alpha == 0f) {
      scale(m, n, beta, c, cOff, ldc);
      return;
    }
    GemmCall g = GemmCall.of(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    if (VECTOR) VectorGemm.run(g);
    else ScalarGemm.run(g);
  }

  /**
   * c = alpha·acc + beta·c for one element: beta 0 ignores c (NaN included), 1 adds with one
   * rounding (fused). Every path finishes each element through this arithmetic (the vector paths
   * lane-wise), so which path or edge case computed an element never changes its bits.
   */
  static float epilogue(float acc, float c, float alpha, float beta) {
    if (beta == 0f) return acc * alpha;
    if (beta == 1f) return Math.fma(acc, alpha, c);
    return Math.fma(acc, alpha, c * beta);
  }

  /** C = beta·C when there is nothing to add (k = 0 or alpha = 0). */
  private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
    if (beta == 1f) return;
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      if (beta == 0f) java.util.Arrays.fill(c, ci, ci + n, 0f);
      else for (int j = 0; j < n; j++) c[ci + j] *= beta;
    }
  }
}
