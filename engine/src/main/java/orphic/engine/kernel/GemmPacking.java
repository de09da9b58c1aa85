package orphic.engine.kernel;

import static orphic.engine.kernel.MicroKernel.L;
import static orphic.engine.kernel.MicroKernel.MR;
import static orphic.engine.kernel.MicroKernel.NR;
import static orphic.engine.kernel.MicroKernel.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Copies blocks of op(A) and op(B) into the contiguous panel layouts {@link MicroKernel} reads.
 * Packing absorbs the transposes: the kernel only ever sees one layout.
 *
 * <pre>
 *   packed B block kc×nc: panels of NR columns, panel q at q·kc·NR, element (p, j) at p·NR + j
 *   packed A block mc×kc, transA: panels of MR rows, panel q at q·(MR·kc + L), (r, p) at p·MR + r
 *                         no transA: plain rows, row i at i·stride (see copyRowsA)
 * </pre>
 * Rows and columns past the edge of a partial panel are zero, so the kernel can always compute a
 * full tile.
 */
final class GemmPacking {
  private GemmPacking() {}

  /** Packs op(B)[pc..pc+kc, jc..jc+nc] into dst, its first panel at dOff. */
  static void packB(GemmCall g, int pc, int kc, int jc, int nc, float[] dst, int dOff) {
    if (g.transB()) {
      for (int q = 0, j0 = 0; j0 < nc; q++, j0 += NR) {
        packTransposedB(g.b(), g, pc, kc, jc + j0, Math.min(NR, nc - j0), dst, dOff + q * kc * NR);
      }
      return;
    }
    // Row-major B: walk each row of the block once (sequential reads), dealing its NR-wide
    // pieces to the panels; each piece is two whole vectors except in a partial last panel.
    float[] b = g.b();
    int full = nc / NR, rest = nc % NR, panelSize = kc * NR;
    for (int p = 0, src = g.bIndex(pc, jc), ldb = g.ldb(); p < kc; p++, src += ldb) {
      int d = dOff + p * NR, s = src;
      for (int q = 0; q < full; q++, d += panelSize, s += NR) {
        FloatVector.fromArray(S, b, s).intoArray(dst, d);
        FloatVector.fromArray(S, b, s + L).intoArray(dst, d + L);
      }
      if (rest > 0) {
        System.arraycopy(b, s, dst, d, rest);
        Arrays.fill(dst, d + rest, d + NR, 0f);
      }
    }
  }

  /** Bᵀ stored n×k: column j of op(B) is a contiguous run of stored row j; scatter it by NR. */
  private static void packTransposedB(float[] b, GemmCall g, int pc, int kc, int j0, int w, float[] dst, int d) {
    int p0 = 0;
    if (Transpose16.AVAILABLE && w == NR) {
      // Whole 16×16 blocks in registers (NR = 32 here: two blocks side by side per 16 steps of p).
      int src = g.bIndex(pc, j0), ldb = g.ldb();
      for (; p0 + 16 <= kc; p0 += 16) {
        Transpose16.transpose(b, src + p0, ldb, dst, d + p0 * NR, NR);
        Transpose16.transpose(b, src + 16 * ldb + p0, ldb, dst, d + p0 * NR + 16, NR);
      }
    }
    for (int j = 0; j < w; j++) {
      int src = g.bIndex(pc, j0 + j);
      for (int p = p0, o = d + p0 * NR + j; p < kc; p++, o += NR) dst[o] = b[src + p];
    }
    for (int j = w; j < NR; j++) {
      for (int p = p0, o = d + p0 * NR + j; p < kc; p++, o += NR) dst[o] = 0f;
    }
  }

  /**
   * Row stride of an A block copied by {@link #copyRowsA}: kc rounded up to whole vectors, plus
   * one vector, so that consecutive rows never sit a multiple of 4 KiB apart (six rows on the same L1
   * set would evict each other and the B sliver).
   */
  static int rowStride(int kc) {
    return (kc + L - 1) / L * L + L;
  }

  /**
   * Copies op(A)[ic..ic+mc, pc..pc+kc] of a row-major A (no transA) row by row into dst with row
   * stride {@link #rowStride}, and zero rows up to a whole number of MR-row panels. The kernel
   * reads it through (ars = stride, acs = 1): plain contiguous copies, no interleaving.
   */
  static void copyRowsA(GemmCall g, int ic, int mc, int pc, int kc, float[] dst) {
    int stride = rowStride(kc);
    float[] a = g.a();
    int d = 0;
    for (int i = 0, src = g.aIndex(ic, pc); i < mc; i++, src += g.lda(), d += stride) {
      System.arraycopy(a, src, dst, d, kc);
    }
    int padded = (mc + MR - 1) / MR * MR;
    for (int i = mc; i < padded; i++, d += stride) Arrays.fill(dst, d, d + kc, 0f);
  }

  /** Distance between packed A panels: MR·kc plus room for the last column's vector spill. */
  static int panelStrideA(int kc) {
    return MR * kc + L;
  }

  /**
   * Packs op(A)[ic..ic+mc, pc..pc+kc] of a transposed A (stored k×m) into MR-row panels, panel q
   * at q·{@link #panelStrideA}, element (r, p) at p·MR + r; rows past mc are zero. The MR values
   * of one column p are contiguous in A, and so is the whole row p of the block: it is read once,
   * front to back, and dealt out to the panels.
   */
  static void packA(GemmCall g, int ic, int mc, int pc, int kc, float[] dst) {
    float[] a = g.a();
    int lda = g.lda(), full = mc / MR, h = mc % MR, ps = panelStrideA(kc);
    for (int p = 0, src = g.aIndex(ic, pc); p < kc; p++, src += lda) {
      int d = p * MR, q = 0;
      if (L >= MR) {
        // One whole-vector copy per panel: lanes past MR spill into the slots of columns p+1,
        // p+2 (written later) or the panel's tail room, which beats a masked store.
        for (; q < full && src + q * MR + L <= a.length; q++) {
          FloatVector.fromArray(S, a, src + q * MR).intoArray(dst, q * ps + d);
        }
      }
      for (; q < full; q++) {
        for (int r = 0; r < MR; r++) dst[q * ps + d + r] = a[src + q * MR + r];
      }
      if (h > 0) {
        for (int r = 0; r < MR; r++) dst[full * ps + d + r] = r < h ? a[src + full * MR + r] : 0f;
      }
    }
  }

  /**
   * Packs h ≤ MR rows of op(A) from row i, columns pc..pc+kc, as one MR-row panel ((r, p) at
   * d + p·MR + r), rows past h zero: the edge panel when A is otherwise read in place.
   */
  static void packEdgePanelA(GemmCall g, int i, int h, int pc, int kc, float[] dst, int d) {
    float[] a = g.a();
    int colStep = g.transA() ? g.lda() : 1;
    for (int r = 0; r < MR; r++) {
      if (r < h) {
        int src = g.aIndex(i + r, pc);
        for (int p = 0, o = d + r; p < kc; p++, o += MR, src += colStep) dst[o] = a[src];
      } else {
        for (int p = 0, o = d + r; p < kc; p++, o += MR) dst[o] = 0f;
      }
    }
  }
}
