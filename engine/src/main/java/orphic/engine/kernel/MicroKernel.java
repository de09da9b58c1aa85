package orphic.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner kernel of {@link PackedGemm}: one MR×NR tile of C (MR = 6 rows,
 * NR = 2 vectors of the preferred species, e.g. 6×32 with AVX-512) from an MR×kc sliver of A and a
 * packed kc×NR sliver of B.
 *
 * <p>Twelve vector accumulators stay in registers for the whole k loop; each step loads two B
 * vectors, broadcasts six A scalars and issues twelve FMAs, which keeps both FMA pipes busy while
 * the loads stay well under the load ports' limit. The twelve accumulators plus three temporaries
 * also fit the 16 registers of AVX2, so the same shape serves 256-bit species.
 *
 * <p>A is read through strides so that a row-major A needs no interleaving: element (r, p) of
 * the sliver is {@code a[ai + r·ars + p·acs]} (packed panels: ars = 1, acs = MR; rows copied or
 * read in place: ars = row stride, acs = 1; a transposed A in place: ars = 1, acs = lda). Element
 * (p, j) of the B sliver is {@code b[bi + p·bps + j]}: packed (bps = NR) or, for a row-major B
 * with few rows of A to serve, read in place (bps = ldb).
 */
final class MicroKernel {
  private MicroKernel() {}

  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  static final int MR = 6;
  static final int NR = 2 * L;

  /**
   * C[6×NR] (row stride ldc, at ci) = alpha · A·B + beta · C, beta 0 (C not read), 1 or other.
   * Shapes: A 6×kc (strided), B kc×NR (row stride bps: NR when packed), C 6×NR.
   */
  static void tile(int kc, float[] a, int ai, int ars, int acs, float[] b, int bi, int bps,
      float[] c, int ci, int ldc, float alpha, float beta) {
    FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
    FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
    int a0 = ai, a1 = a0 + ars, a2 = a1 + ars, a3 = a2 + ars, a4 = a3 + ars, a5 = a4 + ars;
    for (int p = 0, q = 0; p < kc; p++, q += acs, bi += bps) {
      FloatVector b0 = FloatVector.fromArray(S, b, bi);
      FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
      FloatVector x = FloatVector.broadcast(S, a[a0 + q]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(S, a[a1 + q]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(S, a[a2 + q]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(S, a[a3 + q]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(S, a[a4 + q]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(S, a[a5 + q]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
    }
    // The epilogue is written out, with no helper method: C2 stops inlining user methods once a
    // compilation grows past its node budget, and a vector passed to a method that is not inlined
    // is boxed on the heap (an allocation per call and a large slow-down).
    if (alpha == 1f && beta == 0f) {
      c00.intoArray(c, ci);
      c01.intoArray(c, ci + L);
      c10.intoArray(c, ci + 1 * ldc);
      c11.intoArray(c, ci + 1 * ldc + L);
      c20.intoArray(c, ci + 2 * ldc);
      c21.intoArray(c, ci + 2 * ldc + L);
      c30.intoArray(c, ci + 3 * ldc);
      c31.intoArray(c, ci + 3 * ldc + L);
      c40.intoArray(c, ci + 4 * ldc);
      c41.intoArray(c, ci + 4 * ldc + L);
      c50.intoArray(c, ci + 5 * ldc);
      c51.intoArray(c, ci + 5 * ldc + L);
    } else if (alpha == 1f && beta == 1f) {
      c00.add(FloatVector.fromArray(S, c, ci)).intoArray(c, ci);
      c01.add(FloatVector.fromArray(S, c, ci + L)).intoArray(c, ci + L);
      c10.add(FloatVector.fromArray(S, c, ci + 1 * ldc)).intoArray(c, ci + 1 * ldc);
      c11.add(FloatVector.fromArray(S, c, ci + 1 * ldc + L)).intoArray(c, ci + 1 * ldc + L);
      c20.add(FloatVector.fromArray(S, c, ci + 2 * ldc)).intoArray(c, ci + 2 * ldc);
      c21.add(FloatVector.fromArray(S, c, ci + 2 * ldc + L)).intoArray(c, ci + 2 * ldc + L);
      c30.add(FloatVector.fromArray(S, c, ci + 3 * ldc)).intoArray(c, ci + 3 * ldc);
      c31.add(FloatVector.fromArray(S, c, ci + 3 * ldc + L)).intoArray(c, ci + 3 * ldc + L);
      c40.add(FloatVector.fromArray(S, c, ci + 4 * ldc)).intoArray(c, ci + 4 * ldc);
      c41.add(FloatVector.fromArray(S, c, ci + 4 * ldc + L)).intoArray(c, ci + 4 * ldc + L);
      c50.add(FloatVector.fromArray(S, c, ci + 5 * ldc)).intoArray(c, ci + 5 * ldc);
      c51.add(FloatVector.fromArray(S, c, ci + 5 * ldc + L)).intoArray(c, ci + 5 * ldc + L);
    } else {
      FloatVector va = FloatVector.broadcast(S, alpha);
      if (beta == 0f) {
      c00.mul(va).intoArray(c, ci);
        c01.mul(va).intoArray(c, ci + L);
        c10.mul(va).intoArray(c, ci + 1 * ldc);
        c11.mul(va).intoArray(c, ci + 1 * ldc + L);
        c20.mul(va).intoArray(c, ci + 2 * ldc);
        c21.mul(va).intoArray(c, ci + 2 * ldc + L);
        c30.mul(va).intoArray(c, ci + 3 * ldc);
        c31.mul(va).intoArray(c, ci + 3 * ldc + L);
        c40.mul(va).intoArray(c, ci + 4 * ldc);
        c41.mul(va).intoArray(c, ci + 4 * ldc + L);
        c50.mul(va).intoArray(c, ci + 5 * ldc);
        c51.mul(va).intoArray(c, ci + 5 * ldc + L);
      } else {
      c00.fma(va, FloatVector.fromArray(S, c, ci).mul(beta)).intoArray(c, ci);
        c01.fma(va, FloatVector.fromArray(S, c, ci + L).mul(beta)).intoArray(c, ci + L);
        c10.fma(va, FloatVector.fromArray(S, c, ci + 1 * ldc).mul(beta)).intoArray(c, ci + 1 * ldc);
        c11.fma(va, FloatVector.fromArray(S, c, ci + 1 * ldc + L).mul(beta)).intoArray(c, ci + 1 * ldc + L);
        c20.fma(va, FloatVector.fromArray(S, c, ci + 2 * ldc).mul(beta)).intoArray(c, ci + 2 * ldc);
        c21.fma(va, FloatVector.fromArray(S, c, ci + 2 * ldc + L).mul(beta)).intoArray(c, ci + 2 * ldc + L);
        c30.fma(va, FloatVector.fromArray(S, c, ci + 3 * ldc).mul(beta)).intoArray(c, ci + 3 * ldc);
        c31.fma(va, FloatVector.fromArray(S, c, ci + 3 * ldc + L).mul(beta)).intoArray(c, ci + 3 * ldc + L);
        c40.fma(va, FloatVector.fromArray(S, c, ci + 4 * ldc).mul(beta)).intoArray(c, ci + 4 * ldc);
        c41.fma(va, FloatVector.fromArray(S, c, ci + 4 * ldc + L).mul(beta)).intoArray(c, ci + 4 * ldc + L);
        c50.fma(va, FloatVector.fromArray(S, c, ci + 5 * ldc).mul(beta)).intoArray(c, ci + 5 * ldc);
        c51.fma(va, FloatVector.fromArray(S, c, ci + 5 * ldc + L).mul(beta)).intoArray(c, ci + 5 * ldc + L);
      }
    }
  }



  /**
   * c = alpha·acc + beta·c, rounded exactly as {@link GemmKernel#epilogue} does per element. For
   * small kernels only, where C2 is sure to inline it (see the note in {@link #tile}).
   */
  static void store(FloatVector acc, float[] c, int i, FloatVector alpha, float beta) {
    if (beta == 0f) acc.mul(alpha).intoArray(c, i);
    else if (beta == 1f) acc.fma(alpha, FloatVector.fromArray(S, c, i)).intoArray(c, i);
    else acc.fma(alpha, FloatVector.fromArray(S, c, i).mul(beta)).intoArray(c, i);
  }
}
