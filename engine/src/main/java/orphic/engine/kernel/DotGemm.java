package orphic.engine.kernel;

import static orphic.engine.kernel.MicroKernel.L;
import static orphic.engine.kernel.MicroKernel.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

/**
 * C = op(A)·op(B) by dot products along k, for shapes where packing for {@link MicroKernel} costs
 * more than it saves: few rows of A against a transposed B (B stored n×k, e.g. logits = h·Wᵀ
 * during generation), or very few columns of C. Rows of op(A) and columns of op(B) are read as
 * contiguous runs along k; when they are strided in memory (transA, or a row-major B) they are
 * gathered first, which is cheap because that operand is the small one.
 *
 * <p>Register blocking: three A rows × four B rows = twelve vector accumulators, so each loaded
 * vector feeds three or four FMAs (one A row × four B rows for the last one or two rows). Lanes are summed in a fixed tree order at the end. Every
 * element takes the same arithmetic whichever block or thread computes it.
 */
final class DotGemm {
  private DotGemm() {}

  /** Shuffles for the fixed-order lane reduction: lane i takes lane (i + h) mod L. */
  private static final VectorShuffle<Float>[] FOLDS = folds();

  @SuppressWarnings("unchecked")
  private static VectorShuffle<Float>[] folds() {
    int steps = Integer.numberOfTrailingZeros(L);
    VectorShuffle<Float>[] f = new VectorShuffle[steps];
    for (int s = 0, h = L / 2; s < steps; s++, h /= 2) f[s] = VectorShuffle.iota(S, h, 1, true);
    return f;
  }

  static void run(GemmCall g) {
    int m = g.m(), n = g.n(), k = g.k();
    // Columns of op(B) as rows along k: in place for transB, else gathered (n is small then).
    float[] bRows;
    int bBase, bStride;
    if (g.transB()) {
      bRows = g.b();
      bBase = g.bOff();
      bStride = g.ldb();
    } else {
      bRows = GemmBuffers.get().sharedB(0, n * k);
      bBase = 0;
      bStride = k;
      for (int j = 0; j < n; j++) {
        for (int p = 0, src = g.bIndex(0, j); p < k; p++, src += g.ldb()) bRows[j * k + p] = g.b()[src];
      }
    }
    if (g.flops() < GemmKernel.PARALLEL_MIN_FLOPS || Parallel.threads() <= 1) {
      rows(g, 0, m, 0, n, bRows, bBase, bStride);
    } else if (m >= n) {
      Parallel.parts(PackedGemm.ceilDiv(m, 3), Parallel.threads(),
          (part, u0, u1) -> rows(g, u0 * 3, Math.min(m, u1 * 3), 0, n, bRows, bBase, bStride));
    } else {
      Parallel.parts(PackedGemm.ceilDiv(n, 4), Parallel.threads(),
          (part, u0, u1) -> rows(g, 0, m, u0 * 4, Math.min(n, u1 * 4), bRows, bBase, bStride));
    }
  }

  /** B rows per block: a block (rows × k floats) stays in L2 while every row of A passes by. */
  private static int blockRows(int k) {
    return Math.max(4, (1 << 17) / Math.max(1, k) / 4 * 4);
  }

  /** C[i0..i1, j0..j1]; column j of op(B) is bRows[bBase + j·bStride ...]. */
  private static void rows(GemmCall g, int i0, int i1, int j0, int j1, float[] bRows, int bBase, int bStride) {
    int k = g.k(), ldc = g.ldc();
    float[] a, c = g.c();
    int aStride, aFirst;
    if (g.transA()) {
      // Aᵀ stored k×m: gather rows i0..i1 of op(A) so that each is contiguous like the B rows.
      a = GemmBuffers.get().row((i1 - i0) * k);
      aStride = k;
      aFirst = 0;
      for (int i = i0; i < i1; i++) {
        for (int p = 0, src = g.aIndex(i, 0), d = (i - i0) * k; p < k; p++, src += g.lda()) a[d + p] = g.a()[src];
      }
    } else {
      a = g.a();
      aStride = g.lda();
      aFirst = g.aIndex(i0, 0);
    }
    int jBlock = blockRows(k);
    for (int jb = j0; jb < j1; jb += jBlock) {
      int je = Math.min(j1, jb + jBlock);
      for (int i = i0; i < i1; i += 3) {
        int h = Math.min(3, i1 - i);
        int ai = aFirst + (i - i0) * aStride;
        int ci = g.cOff() + i * ldc;
        int j = jb;
        if (h == 3) {
          for (; j + 4 <= je; j += 4) block3x4(g, a, ai, aStride, bRows, bBase + j * bStride, bStride, ci + j);
        } else {
          for (; j + 4 <= je; j += 4) {
            for (int r = 0; r < h; r++) {
              block1x4(g, a, ai + r * aStride, bRows, bBase + j * bStride, bStride, ci + r * ldc + j);
            }
          }
        }
        for (; j < je; j++) {
          for (int r = 0; r < h; r++) {
            int cij = ci + r * ldc + j;
            c[cij] = GemmKernel.epilogue(dot(k, a, ai + r * aStride, bRows, bBase + j * bStride), c[cij], g.alpha(), g.beta());
          }
        }
      }
    }
  }

  // C[3×4] at ci: rows a0, a0+as, a0+2as of A against rows b0 .. b0+3bs of B, all along k.
  private static void block3x4(GemmCall g, float[] a, int a0, int as, float[] b, int b0, int bs, int ci) {
    int k = g.k(), a1 = a0 + as, a2 = a1 + as, b1 = b0 + bs, b2 = b1 + bs, b3 = b2 + bs;
    FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
    FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00, s20 = s00, s21 = s00, s22 = s00, s23 = s00;
    int p = 0;
    for (; p + L <= k; p += L) {
      FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
      FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
      FloatVector x2 = FloatVector.fromArray(S, a, a2 + p);
      FloatVector y = FloatVector.fromArray(S, b, b0 + p);
      s00 = x0.fma(y, s00);
      s10 = x1.fma(y, s10);
      s20 = x2.fma(y, s20);
      y = FloatVector.fromArray(S, b, b1 + p);
      s01 = x0.fma(y, s01);
      s11 = x1.fma(y, s11);
      s21 = x2.fma(y, s21);
      y = FloatVector.fromArray(S, b, b2 + p);
      s02 = x0.fma(y, s02);
      s12 = x1.fma(y, s12);
      s22 = x2.fma(y, s22);
      y = FloatVector.fromArray(S, b, b3 + p);
      s03 = x0.fma(y, s03);
      s13 = x1.fma(y, s13);
      s23 = x2.fma(y, s23);
    }
    if (p < k) {
      VectorMask<Float> mk = S.indexInRange(p, k);
      FloatVector x0 = FloatVector.fromArray(S, a, a0 + p, mk);
      FloatVector x1 = FloatVector.fromArray(S, a, a1 + p, mk);
      FloatVector x2 = FloatVector.fromArray(S, a, a2 + p, mk);
      FloatVector y = FloatVector.fromArray(S, b, b0 + p, mk);
      s00 = x0.fma(y, s00);
      s10 = x1.fma(y, s10);
      s20 = x2.fma(y, s20);
      y = FloatVector.fromArray(S, b, b1 + p, mk);
      s01 = x0.fma(y, s01);
      s11 = x1.fma(y, s11);
      s21 = x2.fma(y, s21);
      y = FloatVector.fromArray(S, b, b2 + p, mk);
      s02 = x0.fma(y, s02);
      s12 = x1.fma(y, s12);
      s22 = x2.fma(y, s22);
      y = FloatVector.fromArray(S, b, b3 + p, mk);
      s03 = x0.fma(y, s03);
      s13 = x1.fma(y, s13);
      s23 = x2.fma(y, s23);
    }
    float[] c = g.c();
    float alpha = g.alpha(), beta = g.beta();
    int ldc = g.ldc();
    c[ci] = GemmKernel.epilogue(sum(s00), c[ci], alpha, beta);
    c[ci + 1] = GemmKernel.epilogue(sum(s01), c[ci + 1], alpha, beta);
    c[ci + 2] = GemmKernel.epilogue(sum(s02), c[ci + 2], alpha, beta);
    c[ci + 3] = GemmKernel.epilogue(sum(s03), c[ci + 3], alpha, beta);
    ci += ldc;
    c[ci] = GemmKernel.epilogue(sum(s10), c[ci], alpha, beta);
    c[ci + 1] = GemmKernel.epilogue(sum(s11), c[ci + 1], alpha, beta);
    c[ci + 2] = GemmKernel.epilogue(sum(s12), c[ci + 2], alpha, beta);
    c[ci + 3] = GemmKernel.epilogue(sum(s13), c[ci + 3], alpha, beta);
    ci += ldc;
    c[ci] = GemmKernel.epilogue(sum(s20), c[ci], alpha, beta);
    c[ci + 1] = GemmKernel.epilogue(sum(s21), c[ci + 1], alpha, beta);
    c[ci + 2] = GemmKernel.epilogue(sum(s22), c[ci + 2], alpha, beta);
    c[ci + 3] = GemmKernel.epilogue(sum(s23), c[ci + 3], alpha, beta);
  }

  // C[1×4] at ci: row a0 of A against rows b0 .. b0+3bs of B; the arithmetic of block3x4's row.
  private static void block1x4(GemmCall g, float[] a, int a0, float[] b, int b0, int bs, int ci) {
    int k = g.k(), b1 = b0 + bs, b2 = b1 + bs, b3 = b2 + bs;
    FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
    int p = 0;
    for (; p + L <= k; p += L) {
      FloatVector x = FloatVector.fromArray(S, a, a0 + p);
      s0 = x.fma(FloatVector.fromArray(S, b, b0 + p), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, b1 + p), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, b2 + p), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, b3 + p), s3);
    }
    if (p < k) {
      VectorMask<Float> mk = S.indexInRange(p, k);
      FloatVector x = FloatVector.fromArray(S, a, a0 + p, mk);
      s0 = x.fma(FloatVector.fromArray(S, b, b0 + p, mk), s0);
      s1 = x.fma(FloatVector.fromArray(S, b, b1 + p, mk), s1);
      s2 = x.fma(FloatVector.fromArray(S, b, b2 + p, mk), s2);
      s3 = x.fma(FloatVector.fromArray(S, b, b3 + p, mk), s3);
    }
    float[] c = g.c();
    float alpha = g.alpha(), beta = g.beta();
    c[ci] = GemmKernel.epilogue(sum(s0), c[ci], alpha, beta);
    c[ci + 1] = GemmKernel.epilogue(sum(s1), c[ci + 1], alpha, beta);
    c[ci + 2] = GemmKernel.epilogue(sum(s2), c[ci + 2], alpha, beta);
    c[ci + 3] = GemmKernel.epilogue(sum(s3), c[ci + 3], alpha, beta);
  }

  /** One element: the same arithmetic as one accumulator of {@link #block3x4}. */
  private static float dot(int k, float[] a, int ai, float[] b, int bi) {
    FloatVector s = FloatVector.zero(S);
    int p = 0;
    for (; p + L <= k; p += L) s = FloatVector.fromArray(S, a, ai + p).fma(FloatVector.fromArray(S, b, bi + p), s);
    if (p < k) {
      VectorMask<Float> mk = S.indexInRange(p, k);
      s = FloatVector.fromArray(S, a, ai + p, mk).fma(FloatVector.fromArray(S, b, bi + p, mk), s);
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
