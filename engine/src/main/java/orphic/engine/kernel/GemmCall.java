package orphic.engine.kernel;

/**
 * The arguments of one {@link Gemm#sgemm} call, bundled so the kernels' internal methods and the
 * parallel bodies can pass them around without sixteen-parameter signatures.
 *
 * <p>Mutable and reused per thread ({@link #of}): a new object per call was most of what a
 * training step still allocated. A call's object is only read while that call runs, on the
 * caller's thread and the workers it waits for, and sgemm never re-enters itself.
 *
 * <p>Element (i, p) of op(A) and (p, j) of op(B) are at {@link #aIndex} and {@link #bIndex}.
 */
final class GemmCall {
  private static final ThreadLocal<GemmCall> REUSED = ThreadLocal.withInitial(GemmCall::new);

  private boolean transA;
  private boolean transB;
  private int m;
  private int n;
  private int k;
  private float alpha;
  private float[] a;
  private int aOff;
  private int lda;
  private float[] b;
  private int bOff;
  private int ldb;
  private float beta;
  private float[] c;
  private int cOff;
  private int ldc;

  /** This thread's call object, filled with the arguments of a new call. */
  static GemmCall of(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    return REUSED.get().set(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  /** A fresh, unshared call object (for tests). */
  static GemmCall fresh(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    return new GemmCall().set(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
  }

  private GemmCall set(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
    this.transA = transA;
    this.transB = transB;
    this.m = m;
    this.n = n;
    this.k = k;
    this.alpha = alpha;
    this.a = a;
    this.aOff = aOff;
    this.lda = lda;
    this.b = b;
    this.bOff = bOff;
    this.ldb = ldb;
    this.beta = beta;
    this.c = c;
    this.cOff = cOff;
    this.ldc = ldc;
    return this;
  }

  boolean transA() {
    return transA;
  }

  boolean transB() {
    return transB;
  }

  int m() {
    return m;
  }

  int n() {
    return n;
  }

  int k() {
    return k;
  }

  float alpha() {
    return alpha;
  }

  float[] a() {
    return a;
  }

  int aOff() {
    return aOff;
  }

  int lda() {
    return lda;
  }

  float[] b() {
    return b;
  }

  int bOff() {
    return bOff;
  }

  int ldb() {
    return ldb;
  }

  float beta() {
    return beta;
  }

  float[] c() {
    return c;
  }

  int cOff() {
    return cOff;
  }

  int ldc() {
    return ldc;
  }

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
