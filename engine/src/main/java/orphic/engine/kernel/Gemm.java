package orphic.engine.kernel;

/**
 * Single-precision matrix multiply on row-major storage, the engine's hottest kernel.
 *
 * <pre>
 *   C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C
 *   op(A) = A        (A stored m×k, row stride lda)   when !transA
 *         = Aᵀ       (A stored k×m, row stride lda)   when transA
 *   op(B) = B        (B stored k×n, row stride ldb)   when !transB
 *         = Bᵀ       (B stored n×k, row stride ldb)   when transB
 * </pre>
 *
 * beta is 0 (overwrite; C's old contents are ignored, NaNs included) or 1 (accumulate, used for
 * gradients); other values scale C first. Work is split over {@link Parallel} workers by output
 * blocks, with a fixed summation order per element, so results do not depend on the thread count.
 */
public final class Gemm {
  private Gemm() {}

  public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc) {
    if (m == 0 || n == 0) return;
    GemmKernel.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }
}
