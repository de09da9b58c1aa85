package orphic.engine.kernel;

import static orphic.engine.kernel.MicroKernel.L;
import static orphic.engine.kernel.MicroKernel.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * Unpacked kernels for thin problems (e.g. one row of activations against a weight matrix during
 * generation, 1×V×C), where every element of the big operand is used only a few times and
 * packing it would double the memory traffic.
 *
 * <ul>
 *   <li>{@link #rows}: op(B) row-major (no transB). Each C row is a sum of B rows scaled by A
 *       scalars; up to four vectors of a C row accumulate in registers while B streams by.
 *   <li>{@link #dots}: transB. C(i, j) is the dot product of A row i and stored B row j, both
 *       contiguous along k; four B rows share each load of A.
 * </ul>
 * Every element's summation order depends only on k, never on the blocking or the thread split.
 */
final class SmallGemm {
  private SmallGemm() {}

  /** Shuffles for the fixed-order lane reduction: lane i takes lane (i + h) mod L. */
  private static final VectorShuffle<Float>[] FOLDS = folds();

  @SuppressWarnings("unchecked")
  private static VectorShuffle<Float>[] folds() {
    int steps = Integer.numberOfTrailingZeros(L);
    VectorShuffle<Float>[] f = new VectorShuffle[steps];
    for (int s = 0, h = L / 2; s < steps; s++, h /= 2) f[s] = VectorShuffle.iota(S, h, 1, true);
    return f;
  }

  // ---- C[m×n] = op(A)·B, B stored k×n -------------------------------------------------------

  static void rows(GemmCall g) {
    int m = g.m(), n = g.n();
    if (g.flops() < PackedGemm.PARALLEL_MIN_FLOPS || Parallel.threads() <= 1) {
      rows(g, 0, m, 0, n);
    } else if (m >= n) {
      Parallel.range(m, (i0, i1) -> rows(g, i0, i1, 0, n));
    } else {
      int chunks = PackedGemm.ceilDiv(n, L);
      Parallel.range(chunks, (c0, c1) -> rows(g, 0, m, c0 * L, Math.min(n, c1 * L)));
    }
  }

  /** C[i0..i1, j0..j1]: per row, blocks of four vectors, then single vectors, then a masked tail. */
  static void rows(GemmCall g, int i0, int i1, int j0, int j1) {
    for (int i = i0; i < i1; i++) {
      int j = j0;
      for (; j + 4 * L <= j1; j += 4 * L) rowBlock4(g, i, j);
      for (; j < j1; j += L) rowVector(g, i, j, S.indexInRange(j, j1));
    }
  }

  // C(i, j..j+4L) = alpha · Σp A(i,p)·B(p, j..) + beta · C
  private static void rowBlock4(GemmCall g, int i, int j) {
    float[] a = g.a(), b = g.b();
    int ai = g.aIndex(i, 0), acs = g.transA() ? g.lda() : 1;
    int bi = g.bIndex(0, j), ldb = g.ldb();
    FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
    for (int p = 0, k = g.k(); p < k; p++, ai += acs, bi += ldb) {
      FloatVector x = FloatVector.broadcast(S, a[ai]);
      c0 = x.fma(FloatVector.fromArray(S, b, bi), c0);
      c1 = x.fma(FloatVector.fromArray(S, b, bi + L), c1);
      c2 = x.fma(FloatVector.fromArray(S, b, bi + 2 * L), c2);
      c3 = x.fma(FloatVector.fromArray(S, b, bi + 3 * L), c3);
    }
    FloatVector va = FloatVector.broadcast(S, g.alpha());
    int ci = g.cOff() + i * g.ldc() + j;
    MicroKernel.store(c0, g.c(), ci, va, g.beta());
    MicroKernel.store(c1, g.c(), ci + L, va, g.beta());
    MicroKernel.store(c2, g.c(), ci + 2 * L, va, g.beta());
    MicroKernel.store(c3, g.c(), ci + 3 * L, va, g.beta());
  }

  private static void rowVector(GemmCall g, int i, int j, VectorMask<Float> mask) {
    float[] a = g.a(), b = g.b();
    int ai = g.aIndex(i, 0), acs = g.transA() ? g.lda() : 1;
    int bi = g.bIndex(0, j), ldb = g.ldb();
    FloatVector acc = FloatVector.zero(S);
    for (int p = 0, k = g.k(); p < k; p++, ai += acs, bi += ldb) {
      acc = FloatVector.broadcast(S, a[ai]).fma(FloatVector.fromArray(S, b, bi, mask), acc);
    }
    storeMasked(acc, g.c(), g.cOff() + i * g.ldc() + j, g.alpha(), g.beta(), mask);
  }

  private static void storeMasked(FloatVector acc, float[] c, int ci, float alpha, float beta, VectorMask<Float> mask) {
    FloatVector va = FloatVector.broadcast(S, alpha);
    if (beta == 0f) {
      acc.mul(va).intoArray(c, ci, mask);
    } else {
      FloatVector old = FloatVector.fromArray(S, c, ci, mask);
      if (beta != 1f) old = old.mul(beta);
      acc.fma(va, old).intoArray(c, ci, mask);
    }
  }

  // ---- C[m×n] = op(A)·Bᵀ, B stored n×k ------------------------------------------------------

  static void dots(GemmCall g) {
    int m = g.m(), n = g.n();
    if (g.flops() < PackedGemm.PARALLEL_MIN_FLOPS || Parallel.threads() <= 1) {
      dots(g, 0, m, 0, n);
    } else if (m >= n) {
      Parallel.range(m, (i0, i1) -> dots(g, i0, i1, 0, n));
    } else {
      Parallel.range(n, (j0, j1) -> dots(g, 0, m, j0, j1));
    }
  }

  /** C[i0..i1, j0..j1] by dot products, four B rows at a time. */
  static void dots(GemmCall g, int i0, int i1, int j0, int j1) {
    int k = g.k();
    float[] c = g.c();
    for (int i = i0; i < i1; i++) {
      float[] a;
      int ai;
      if (g.transA()) {
        // Aᵀ stored k×m: gather row i of op(A) so that it is contiguous like the B rows.
        a = GemmBuffers.get().row(k);
        ai = 0;
        for (int p = 0, src = g.aIndex(i, 0); p < k; p++, src += g.lda()) a[p] = g.a()[src];
      } else {
        a = g.a();
        ai = g.aIndex(i, 0);
      }
      int ci = g.cOff() + i * g.ldc();
      int j = j0;
      for (; j + 4 <= j1; j += 4) dot4(g, a, ai, j, c, ci + j);
      for (; j < j1; j++) c[ci + j] = GemmKernel.epilogue(dot(g, a, ai, j), c[ci + j], g.alpha(), g.beta());
    }
  }

  private static void dot4(GemmCall g, float[] a, int ai, int j, float[] c, int ci) {
    float[] b = g.b();
    int k = g.k(), ldb = g.ldb();
    int b0 = g.bIndex(0, j), b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
    FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
    int p = 0;
    for (; p + L <= k; p += L) {
      FloatVector x = FloatVector.fromArray(S, a, ai + p);
      s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
    }
    if (p < k) {
      VectorMask<Float> mask = S.indexInRange(p, k);
      FloatVector x = FloatVector.fromArray(S, a, ai + p, mask);
      s0 = x.fma(FloatVector.fromArray(S, b, b0 + p, mask), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, b1 + p, mask), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, b2 + p, mask), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, b3 + p, mask), s3);
    }
    float alpha = g.alpha(), beta = g.beta();
    c[ci] = GemmKernel.epilogue(sum(s0), c[ci], alpha, beta);
    c[ci + 1] = GemmKernel.epilogue(sum(s1), c[ci + 1], alpha, beta);
    c[ci + 2] = GemmKernel.epilogue(sum(s2), c[ci + 2], alpha, beta);
    c[ci + 3] = GemmKernel.epilogue(sum(s3), c[ci + 3], alpha, beta);
  }

  /** The same arithmetic as one lane of {@link #dot4}. */
  private static float dot(GemmCall g, float[] a, int ai, int j) {
    float[] b = g.b();
    int k = g.k(), bj = g.bIndex(0, j);
    FloatVector s = FloatVector.zero(S);
    int p = 0;
    for (; p + L <= k; p += L) s = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bj + p), s);
    if (p < k) {
      VectorMask<Float> mask = S.indexInRange(p, k);
      s = FloatVector.fromArray(S, a, ai + p, mask).fma(FloatVector.fromArray(S, b, bj + p, mask), s);
    }
    return sum(s);
  }

  /**
   * Sum of the lanes in a fixed tree order. Not {@code reduceLanes(ADD)}: its order is
   * unspecified and may differ between the interpreter and compiled code, which would break
   * bit-for-bit reproducibility.
   */
  private static float sum(FloatVector v) {
    for (VectorShuffle<Float> f : FOLDS) v = v.add(v.rearrange(f));
    return v.lane(0);
  }
}
