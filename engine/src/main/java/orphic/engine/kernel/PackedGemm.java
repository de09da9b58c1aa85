package orphic.engine.kernel;

import static orphic.engine.kernel.MicroKernel.MR;
import static orphic.engine.kernel.MicroKernel.NR;

/**
 * The blocked GEMM for everything but the thinnest shapes (Goto/BLIS loop nest):
 *
 * <pre>
 *   for jc in n by NC:                 B block kc×nc packed once, lives in L2/L3
 *     for pc in k by ~KC:
 *       pack op(B)[pc, jc]
 *       for ic in m by MC:             A block mc×kc lives in L2 (packed only when transA)
 *         for jr in nc by NR:          one B sliver kc×NR stays in L1
 *           for ir in mc by MR:        MicroKernel: C[MR×NR] += A sliver · B sliver
 * </pre>
 *
 * A row-major A (no transA) is copied row by row (contiguous copies, padded row stride against
 * 4 KiB aliasing) and read by the micro-kernel through its row stride; a transposed A is packed
 * into MR-row panels. Either way rows past m are zero so edge tiles need no special kernel; they
 * go through a scratch tile and are merged with the same per-element arithmetic.
 *
 * <p>Threads split C into contiguous ranges of whole tiles, either of rows or of columns (see
 * {@link #splitByColumns}); each thread packs what its range needs in its own buffers. The k
 * blocking depends only on k, so every C element is summed in the same order whatever the thread
 * count: results are bit-identical for 1 and N threads.
 */
final class PackedGemm {
  private PackedGemm() {}

  static final int KC = 256;
  static final int MC = 144;
  static final int NC = 3072;

  /** Below this many flops a call runs on the caller alone: waking workers would cost more. */
  static final double PARALLEL_MIN_FLOPS = 4e6;

  static void run(GemmCall g) {
    int threads = Parallel.threads();
    int mTiles = ceilDiv(g.m(), MR), nTiles = ceilDiv(g.n(), NR);
    if (threads <= 1 || g.flops() < PARALLEL_MIN_FLOPS) {
      compute(g, 0, g.m(), 0, g.n());
    } else if (splitByColumns(g, threads)) {
      Parallel.parts(nTiles, threads, (part, t0, t1) -> compute(g, 0, g.m(), t0 * NR, Math.min(g.n(), t1 * NR)));
    } else {
      Parallel.parts(mTiles, threads, (part, t0, t1) -> compute(g, t0 * MR, Math.min(g.m(), t1 * MR), 0, g.n()));
    }
  }

  /**
   * Estimates, in FMA-vector cycles, the slowest thread's time for a split by rows and by columns
   * and picks the cheaper. A column split makes every thread pack all of A; a row split makes every
   * thread pack all of B. Tile rounding is the load imbalance.
   */
  static boolean splitByColumns(GemmCall g, int threads) {
    double m = g.m(), n = g.n(), k = g.k();
    double fmaPerCycle = 2.0 * MicroKernel.L;
    double rowsPerThread = Math.ceil(ceilDiv(g.m(), MR) / (double) threads) * MR;
    double colsPerThread = Math.ceil(ceilDiv(g.n(), NR) / (double) threads) * NR;
    double packA = g.transA() ? 0.5 : 0.1; // cycles per element packed
    double packB = g.transB() ? 1.0 : 0.25;
    double byRows = rowsPerThread * n * k / fmaPerCycle + k * n * packB
        + rowsPerThread * k * packA * Math.ceil(n / NC);
    double byCols = m * colsPerThread * k / fmaPerCycle + k * colsPerThread * packB
        + m * k * packA * Math.ceil(colsPerThread / NC);
    return byCols < byRows;
  }

  /** C[i0..i1, j0..j1] of the call, on the calling thread. */
  static void compute(GemmCall g, int i0, int i1, int j0, int j1) {
    GemmBuffers buf = GemmBuffers.get();
    int k = g.k();
    int kBlocks = ceilDiv(k, KC);
    float[] tile = buf.tile(MR * NR);
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      int nPanels = ceilDiv(nc, NR);
      for (int kb = 0; kb < kBlocks; kb++) {
        // Even k blocks (e.g. 300 = 150 + 150, not 256 + 44), a function of k alone.
        int pc = (int) ((long) k * kb / kBlocks);
        int kc = (int) ((long) k * (kb + 1) / kBlocks) - pc;
        float beta = kb == 0 ? g.beta() : 1f;
        float[] bp = buf.packedB(nPanels * NR * kc);
        GemmPacking.packB(g, pc, kc, jc, nc, bp);
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          block(g, buf, tile, bp, ic, mc, pc, kc, jc, nc, beta);
        }
      }
    }
  }

  /** One mc×kc block of A against the packed kc×nc block of B. */
  private static void block(GemmCall g, GemmBuffers buf, float[] tile, float[] bp,
      int ic, int mc, int pc, int kc, int jc, int nc, float beta) {
    int fullPanels = mc / MR, edgeRows = mc % MR;
    float[] a;
    int ars, acs, panelStep;
    if (g.transA()) {
      a = buf.packedA(ceilDiv(mc, MR) * MR * kc);
      GemmPacking.packA(g, ic, mc, pc, kc, a);
      ars = 1;
      acs = MR;
      panelStep = MR * kc;
    } else {
      int stride = GemmPacking.rowStride(kc);
      a = buf.packedA(ceilDiv(mc, MR) * MR * stride);
      GemmPacking.copyRowsA(g, ic, mc, pc, kc, a);
      ars = stride;
      acs = 1;
      panelStep = MR * stride;
    }
    float[] c = g.c();
    int ldc = g.ldc();
    float alpha = g.alpha();
    for (int jr = 0; jr < nc; jr += NR) {
      int w = Math.min(NR, nc - jr);
      int bi = (jr / NR) * kc * NR;
      int ci = g.cOff() + ic * ldc + jc + jr;
      if (w == NR) {
        for (int ir = 0; ir < fullPanels; ir++, ci += MR * ldc) {
          MicroKernel.tile(kc, a, ir * panelStep, ars, acs, bp, bi, c, ci, ldc, alpha, beta);
        }
      } else {
        for (int ir = 0; ir < fullPanels; ir++, ci += MR * ldc) {
          MicroKernel.tile(kc, a, ir * panelStep, ars, acs, bp, bi, tile, 0, NR, 1f, 0f);
          mergeTile(tile, c, ci, ldc, MR, w, alpha, beta);
        }
      }
      if (edgeRows > 0) {
        MicroKernel.tile(kc, a, fullPanels * panelStep, ars, acs, bp, bi, tile, 0, NR, 1f, 0f);
        mergeTile(tile, c, ci, ldc, edgeRows, w, alpha, beta);
      }
    }
  }

  /** C[h×w] at ci = alpha · tile + beta · C, element by element exactly as the full-tile path. */
  private static void mergeTile(float[] tile, float[] c, int ci, int ldc, int h, int w, float alpha, float beta) {
    for (int r = 0; r < h; r++, ci += ldc) {
      for (int j = 0; j < w; j++) c[ci + j] = GemmKernel.epilogue(tile[r * NR + j], c[ci + j], alpha, beta);
    }
  }

  static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
