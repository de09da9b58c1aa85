package orphic.engine.kernel;

import static orphic.engine.kernel.MicroKernel.MR;
import static orphic.engine.kernel.MicroKernel.NR;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The blocked GEMM for everything but the thinnest shapes (Goto/BLIS loop nest):
 *
 * <pre>
 *   for jc in n by NC:
 *     for pc in k by ~KC:              even k blocks, a function of k alone
 *       pack op(B)[pc, jc]             kc×nc, lives in L2/L3
 *       for ic in m by MC:
 *         pack op(A)[ic, pc]           mc×kc, lives in L2
 *         for jr in nc by NR:          one B sliver kc×NR
 *           for ir in mc by MR:        MicroKernel: C[MR×NR] (+)= A sliver · B sliver
 * </pre>
 *
 * A row-major A (no transA) is copied row by row (contiguous copies, padded row stride against
 * 4 KiB aliasing) and read by the micro-kernel through its row stride; a transposed A is packed
 * into MR-row panels. Either way rows past m are zero so edge tiles need no special kernel; they
 * go through a scratch tile and are merged with the same per-element arithmetic. Packing is
 * skipped where it cannot pay for itself: A is read in place when the B block is only one or
 * two slivers wide (attention's T×T·T×hs products), B when A has only a few MR-row panels.
 *
 * <p>Parallel runs (see {@link #sharedB}) share one packed B block between threads and hand out
 * row units of C dynamically, so a core slowed by other work simply takes fewer units. Which
 * thread computes a unit never changes its arithmetic: the k blocking and every element's
 * summation order depend only on the shape, so results are bit-identical for any thread count.
 */
final class PackedGemm {
  private PackedGemm() {}

  /**
   * Depth of a k block. A 768×NR B sliver (96 KiB at 16 lanes) overflows L1 but streams from L2
   * without slowing the kernel (about 230 GFLOP/s in cache at depths 512 and 768; less at 1024,
   * where the A block crowds L2), and deep blocks mean few passes over C and, in parallel runs,
   * few barriers. Measured on the benchmark shapes, 768 ≥ 640 ≥ 512 > 384 > 256.
   */
  static final int KC = 768;
  /** Rows of an A block: 144×784 floats ≈ 450 KiB, under half of Zen 5's 1 MiB L2. */
  static final int MC = 144;
  /** Columns of a B block: 768×2048 floats = 6 MiB, a share of the 32 MiB L3. */
  static final int NC = 2048;

  /**
   * A row-major B is read in place, not packed, when A has at most this many rows: each B sliver
   * then serves only a few tiles, too few to repay copying it.
   */
  static final int DIRECT_B_MAX_ROWS = 4 * MR;

  /** A is read in place, not packed, when the B block is at most this wide (two slivers). */
  static final int DIRECT_A_MAX_COLUMNS = 2 * NR;

  /** Work units handed out per thread (more: better balance, less reuse of each B block). */
  private static final int UNITS_PER_THREAD = 4;

  static void run(GemmCall g) {
    int threads = Parallel.threads();
    int mTiles = ceilDiv(g.m(), MR), nTiles = ceilDiv(g.n(), NR);
    if (threads <= 1 || g.flops() < GemmKernel.PARALLEL_MIN_FLOPS) {
      compute(g, 0, g.m(), 0, g.n());
    } else if (mTiles >= 2 * threads) {
      sharedB(g, threads);
    } else {
      // Too few rows to share out: split columns; each unit packs its own B, A is tiny.
      int units = Math.min(nTiles, UNITS_PER_THREAD * threads);
      AtomicInteger next = new AtomicInteger();
      Parallel.parts(threads, threads, (part, s, e) -> {
        for (int u; (u = next.getAndIncrement()) < units; ) {
          int t0 = (int) ((long) nTiles * u / units), t1 = (int) ((long) nTiles * (u + 1) / units);
          compute(g, 0, g.m(), t0 * NR, Math.min(g.n(), t1 * NR));
        }
      });
    }
  }

  /**
   * Parallel blocked GEMM with one packed B block shared by all threads (the caller's buffers).
   * One {@link Parallel} call per (jc, pc) block: threads take row units of C from a counter,
   * each packing its own A rows, and whoever runs out of units packs slices of the next B block
   * into the other of two buffers. The call's end is the only barrier per block, and idle time
   * at the end of a block goes into packing the next one.
   */
  private static void sharedB(GemmCall g, int threads) {
    int m = g.m(), n = g.n(), k = g.k();
    // Equal units, a multiple of the thread count when possible, none taller than MC.
    int mTiles = ceilDiv(m, MR);
    int units = Math.min(mTiles, UNITS_PER_THREAD * threads);
    if (ceilDiv(mTiles, units) > MC / MR) units = ceilDiv(ceilDiv(mTiles, MC / MR), threads) * threads;
    int unitCount = units;
    int kBlocks = ceilDiv(k, KC);
    GemmBuffers own = GemmBuffers.get();
    for (int jc = 0; jc < n; jc += NC) {
      int nc = Math.min(NC, n - jc), nPanels = ceilDiv(nc, NR), jcc = jc;
      int slices = Math.min(nPanels, UNITS_PER_THREAD * threads);
      int blockSize = nPanels * NR * ceilDiv(k, kBlocks);
      float[][] bp = {own.sharedB(0, blockSize), own.sharedB(1, blockSize)};
      Parallel.parts(slices, threads, (part, s0, s1) -> packSlices(g, k, kBlocks, 0, jcc, nc, s0, s1, slices, bp[0]));
      for (int kb = 0; kb < kBlocks; kb++) {
        int pc = kStart(k, kBlocks, kb), kc = kStart(k, kBlocks, kb + 1) - pc, kbb = kb;
        float beta = kb == 0 ? g.beta() : 1f;
        float[] cur = bp[kb & 1], next = bp[(kb + 1) & 1];
        AtomicInteger nextUnit = new AtomicInteger(), nextSlice = new AtomicInteger();
        Parallel.parts(threads, threads, (part, s, e) -> {
          GemmBuffers buf = GemmBuffers.get();
          float[] tile = buf.tile(MR * NR);
          for (int u; (u = nextUnit.getAndIncrement()) < unitCount; ) {
            int ic = (int) ((long) mTiles * u / unitCount) * MR;
            int mc = Math.min(m, (int) ((long) mTiles * (u + 1) / unitCount) * MR) - ic;
            block(g, buf, tile, cur, false, ic, mc, pc, kc, jcc, nc, beta);
          }
          if (kbb + 1 < kBlocks) {
            for (int q; (q = nextSlice.getAndIncrement()) < slices; ) {
              packSlices(g, k, kBlocks, kbb + 1, jcc, nc, q, q + 1, slices, next);
            }
          }
        });
      }
    }
  }

  /** Packs slices [s0, s1) of the panels of B block kb (of kBlocks; jc..jc+nc) into dst. */
  private static void packSlices(GemmCall g, int k, int kBlocks, int kb, int jc, int nc,
      int s0, int s1, int slices, float[] dst) {
    int pc = kStart(k, kBlocks, kb), kc = kStart(k, kBlocks, kb + 1) - pc;
    int nPanels = ceilDiv(nc, NR);
    int q0 = (int) ((long) nPanels * s0 / slices), q1 = (int) ((long) nPanels * s1 / slices);
    if (q1 > q0) GemmPacking.packB(g, pc, kc, jc + q0 * NR, Math.min(nc, q1 * NR) - q0 * NR, dst, q0 * kc * NR);
  }

  /** First k index of block kb: even blocks (1000 = 500 + 500, not 768 + 232), set by k alone. */
  static int kStart(int k, int kBlocks, int kb) {
    return (int) ((long) k * kb / kBlocks);
  }

  /** C[i0..i1, j0..j1] of the call, on the calling thread alone. */
  static void compute(GemmCall g, int i0, int i1, int j0, int j1) {
    GemmBuffers buf = GemmBuffers.get();
    int k = g.k();
    int kBlocks = ceilDiv(k, KC);
    boolean directB = !g.transB() && g.m() <= DIRECT_B_MAX_ROWS;
    float[] tile = buf.tile(MR * NR);
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      for (int kb = 0; kb < kBlocks; kb++) {
        int pc = kStart(k, kBlocks, kb), kc = kStart(k, kBlocks, kb + 1) - pc;
        float beta = kb == 0 ? g.beta() : 1f;
        float[] bp;
        if (directB) {
          // Only a partial last panel is packed (zero-padded), at the start of the buffer.
          bp = buf.packedB(kc * NR);
          int full = nc / NR * NR;
          if (full < nc) GemmPacking.packB(g, pc, kc, jc + full, nc - full, bp, 0);
        } else {
          bp = buf.packedB(ceilDiv(nc, NR) * NR * kc);
          GemmPacking.packB(g, pc, kc, jc, nc, bp, 0);
        }
        for (int ic = i0; ic < i1; ic += MC) {
          int mc = Math.min(MC, i1 - ic);
          block(g, buf, tile, bp, directB, ic, mc, pc, kc, jc, nc, beta);
        }
      }
    }
  }

  /** One mc×kc block of A (mc ≤ MC) against the kc×nc block of B (packed in bp, or in place). */
  private static void block(GemmCall g, GemmBuffers buf, float[] tile, float[] bp, boolean directB,
      int ic, int mc, int pc, int kc, int jc, int nc, float beta) {
    int fullPanels = mc / MR, edgeRows = mc % MR;
    float[] a, edge = null;
    int aBase = 0, ars, acs, panelStep;
    if (nc <= DIRECT_A_MAX_COLUMNS) {
      // Each A sliver meets only one or two B slivers: read A in place, pack just the edge panel.
      a = g.a();
      aBase = g.aIndex(ic, pc);
      ars = g.transA() ? 1 : g.lda();
      acs = g.transA() ? g.lda() : 1;
      panelStep = MR * ars;
      if (edgeRows > 0) {
        edge = buf.edgeA(MR * kc);
        GemmPacking.packEdgePanelA(g, ic + fullPanels * MR, edgeRows, pc, kc, edge, 0);
      }
    } else if (g.transA()) {
      panelStep = GemmPacking.panelStrideA(kc);
      a = buf.packedA(ceilDiv(mc, MR) * panelStep);
      GemmPacking.packA(g, ic, mc, pc, kc, a);
      ars = 1;
      acs = MR;
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
      float[] b = bp;
      int bi = (jr / NR) * kc * NR, bps = NR;
      if (directB && w == NR) {
        b = g.b();
        bi = g.bIndex(pc, jc + jr);
        bps = g.ldb();
      } else if (directB) {
        bi = 0;
      }
      int ci = g.cOff() + ic * ldc + jc + jr;
      if (w == NR) {
        for (int ir = 0; ir < fullPanels; ir++, ci += MR * ldc) {
          MicroKernel.tile(kc, a, aBase + ir * panelStep, ars, acs, b, bi, bps, c, ci, ldc, alpha, beta);
        }
      } else {
        for (int ir = 0; ir < fullPanels; ir++, ci += MR * ldc) {
          MicroKernel.tile(kc, a, aBase + ir * panelStep, ars, acs, b, bi, bps, tile, 0, NR, 1f, 0f);
          mergeTile(tile, c, ci, ldc, MR, w, alpha, beta);
        }
      }
      if (edgeRows > 0) {
        if (edge != null) MicroKernel.tile(kc, edge, 0, 1, MR, b, bi, bps, tile, 0, NR, 1f, 0f);
        else MicroKernel.tile(kc, a, aBase + fullPanels * panelStep, ars, acs, b, bi, bps, tile, 0, NR, 1f, 0f);
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
