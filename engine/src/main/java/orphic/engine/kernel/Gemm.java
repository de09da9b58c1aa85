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
 * gradients); other values scale C first. C must not overlap A or B. Work is split over {@link Parallel} workers by output
 * blocks, with a fixed summation order per element, so results do not depend on the thread count.
 */
public final class Gemm {
  private Gemm() {}

  public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float beta, float[] c, int cOff, int ldc) {
    check(m, n, k, transA, a, aOff, lda, transB, b, bOff, ldb, c, cOff, ldc);
    if (m == 0 || n == 0) return;
    GemmKernel.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  private static void check(int m, int n, int k, boolean transA, float[] a, int aOff, int lda,
      boolean transB, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
    if (m < 0 || n < 0 || k < 0) {
      throw new IllegalArgumentException("sgemm: sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
    }
    if (m == 0 || n == 0) return;
    checkMatrix("C", m, n, c, cOff, ldc, "n");
    if (k == 0) return;
    checkMatrix("A", transA ? k : m, transA ? m : k, a, aOff, lda, transA ? "m (A is transposed)" : "k");
    checkMatrix("B", transB ? n : k, transB ? k : n, b, bOff, ldb, transB ? "k (B is transposed)" : "n");
  }

  /** A stored rows×cols matrix with row stride ld at off must lie inside data. */
  private static void checkMatrix(String name, int rows, int cols, float[] data, int off, int ld, String colsName) {
    if (ld < cols) {
      throw new IllegalArgumentException("sgemm: leading dimension of " + name + " is " + ld
          + " but its stored rows have " + cols + " elements; ld" + name.toLowerCase() + " must be >= " + colsName);
    }
    long last = (long) off + (long) (rows - 1) * ld + cols;
    if (off < 0 || last > data.length) {
      throw new IllegalArgumentException("sgemm: " + name + " (" + rows + "x" + cols + ", offset " + off + ", ld " + ld
          + ") needs " + last + " elements but the array has " + data.length);
    }
  }
}
