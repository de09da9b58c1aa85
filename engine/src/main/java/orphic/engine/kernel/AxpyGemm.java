package orphic.engine.kernel;

import static orphic.engine.kernel.MicroKernel.L;
import static orphic.engine.kernel.MicroKernel.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/**
 * C = op(A)·B for a row-major B and very few rows of A (e.g. one row of activations against a
 * weight matrix during generation, 1×V×C): each C row is a sum of B rows scaled by A scalars, up
 * to four vectors of it accumulating in registers while B streams by once per row. Nothing is
 * packed: every B element is used only a few times, so copying it would double the traffic.
 * Every element's summation order depends only on k, never on the blocking or the thread split.
 */
final class AxpyGemm {
  private AxpyGemm() {}

  static void run(GemmCall g) {
    int m = g.m(), n = g.n();
    if (g.flops() < GemmKernel.PARALLEL_MIN_FLOPS || Parallel.threads() <= 1) {
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
}
