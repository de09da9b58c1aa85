package orphic.engine.kernel;

/**
 * The arguments of one {@link Gemm#sgemm} call, bundled so the kernels' internal methods and the
 * parallel bodies can pass them around without sixteen-parameter signatures.
 *
 * <p>Element (i, p) of op(A) and (p, j) of op(B) are at {@link #aIndex} and {@link #bIndex}.
 */
record GemmCall(boolean transA, boolean transB, int m, int n, int k, float alpha,
    float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
    float beta, float[] c, int cOff, int ldc) {

  int aIndex(int i, int p) {
    return transA ? aOff + p * lda + i : aOff + i * lda + p;
  }

  int bIndex(int p, int j) {
    return transB ? bOff + j * ldb + p : bOff + p * ldb + j;
  }

  double flops() {
    return 2.0 * m * n * k;
  }
}
