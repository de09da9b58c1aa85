package orphic.lm.generate;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import orphic.engine.kernel.VectorMath;

/**
 * The row kernels of incremental decoding: a few rows of activations against a transposed, padded
 * weight matrix in panels ({@link #panelIndex}), layer norm, GELU and one query's attention over a
 * key/value cache.
 *
 * <p>Determinism: every output element is one fused multiply-add chain in a fixed order (the
 * input index ascending), whatever the number of rows, the tile that computed it or the thread
 * that ran it; lane sums add the lanes in order 0, 1, 2, … and exponentials go through
 * {@link VectorMath}'s array exp. So a row decoded alone and the same row decoded among N streams
 * give the same bits, interpreted or compiled.
 *
 * <p>Allocation: a vector value that crosses a call C2 did not inline is boxed on the heap (see
 * docs/architecture.md, Kernels). So no vector is passed to or returned from a method here: tiles
 * leave their accumulators in a scratch array and one loop finishes them, lane sums go through a
 * scratch array.
 *
 * <p>bfloat16 weights ({@link WeightPrecision#BF16}): the one- and few-row tiles have twins that
 * read the weights as bfloat16 bits ({@code short[]}, half the bytes) and widen them in registers
 * (sign-extend to int, shift left 16: exact), then run the same fused multiply-add chain; the
 * caller's float copy holds the same rounded values, so either kernel gives the same bits. Where the
 * platform's vectors are too narrow for a short vector of the same lane count (fewer than 4 float
 * lanes), the float copy is used.
 */
final class DecodeKernels {
  private DecodeKernels() {}

  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int L = S.length();
  /** Whether bfloat16 weights can be widened in vectors here (a short vector of L lanes exists). */
  static final boolean BF16_VECTORS = L >= 4;
  private static final VectorSpecies<Short> SH = BF16_VECTORS ? VectorSpecies.of(short.class, VectorShape.forBitSize(16 * L)) : null;
  private static final VectorSpecies<Integer> SI = VectorSpecies.of(int.class, S.vectorShape());

  // ---------------------------------------------------------------- rows × matrix

  /** Columns per weight panel: four vectors, the width of the widest tile. */
  static final int PANEL = 4 * L;

  /** Up to this many rows (streams decoded together) the two-panel tiles beat the 4×4 tile. */
  static final int SMALL_ROWS = 8;

  /** Floats of scratch one {@link #linear} call needs. */
  static final int SCRATCH = 4 * PANEL;

  /**
   * Index of W(i, col) in the panel layout of an [in, outP] matrix: columns in panels of
   * {@link #PANEL} (the last one narrower when outP is not a multiple), each panel stored as
   * in × width row-major, panels one after the other. A tile then streams one contiguous block.
   */
  static int panelIndex(int i, int col, int in, int outP) {
    int start = col / PANEL * PANEL, width = Math.min(PANEL, outP - start);
    return start * in + i * width + (col - start);
  }

  /** Panels of an [in, outP] matrix. */
  static int panels(int outP) {
    return (outP + PANEL - 1) / PANEL;
  }

  /**
   * y[r, cols of panels p0..p1) (+)= x[r, 0..in) · W + b for rows r in [0, m). W is [in, outP]
   * in the panel layout ({@link #panelIndex}); outP a multiple of L. Shapes: x [m, xs], y [m, ys].
   * residual: y = y + (x·W + b); else y = x·W + b. scratch: {@link #SCRATCH} floats. wh: W's
   * bfloat16 bits in the same layout (W then holds the same values, rounded), read by the one- and
   * few-row tiles; empty for float32 weights.
   */
  static void linear(float[] x, int xs, int m, int in, float[] w, short[] wh, int outP, float[] b,
      float[] y, int ys, boolean residual, int p0, int p1, float[] scratch) {
    boolean half = wh.length > 0 && BF16_VECTORS;
    for (int panel = p0; panel < p1; panel++) {
      int j = panel * PANEL, width = Math.min(PANEL, outP - j), base = j * in;
      if (m >= 2 && m <= SMALL_ROWS && panel + 1 < p1 && outP - j >= 2 * PANEL) {
        // A few rows (N streams decoding together): two panels at once, rows in pairs. The pair
        // of panels streams from L3 once; later pairs of rows find it in L2.
        int r = 0;
        for (; r + 2 <= m; r += 2) {
          if (half) tile2x8(x, r * xs, xs, in, wh, base, base + PANEL * in, scratch);
          else tile2x8(x, r * xs, xs, in, w, base, base + PANEL * in, scratch);
          finish(scratch, 2, 2 * PANEL, b, j, y, r * ys, ys, residual);
        }
        if (r < m) {
          if (half) tile1x8(x, r * xs, in, wh, base, base + PANEL * in, scratch);
          else tile1x8(x, r * xs, in, w, base, base + PANEL * in, scratch);
          finish(scratch, 1, 2 * PANEL, b, j, y, r * ys, ys, residual);
        }
        panel++;
      } else if (m == 1 && panel + 1 < p1 && outP - j >= 2 * PANEL) {
        // One row (decoding a single stream): two panels at once, so two streams of weight loads
        // are in flight; the row is bound by how fast the weights arrive from L3.
        if (half) tile1x8(x, 0, in, wh, base, base + PANEL * in, scratch);
        else tile1x8(x, 0, in, w, base, base + PANEL * in, scratch);
        finish(scratch, 1, 2 * PANEL, b, j, y, 0, ys, residual);
        panel++;
      } else if (width == PANEL) {
        int r = 0;
        for (; r + 4 <= m; r += 4) {
          tile4x4(x, r * xs, xs, in, w, base, scratch);
          finish(scratch, 4, PANEL, b, j, y, r * ys, ys, residual);
        }
        for (; r < m; r++) {
          if (half) tile1x4(x, r * xs, in, wh, base, scratch);
          else tile1x4(x, r * xs, in, w, base, scratch);
          finish(scratch, 1, PANEL, b, j, y, r * ys, ys, residual);
        }
      } else {
        for (int c = 0; c < width; c += L) {
          int r = 0;
          for (; r + 4 <= m; r += 4) {
            tile4x1(x, r * xs, xs, in, w, base + c, width, scratch);
            finish(scratch, 4, L, b, j + c, y, r * ys, ys, residual);
          }
          for (; r < m; r++) {
            tile1x1(x, r * xs, in, w, base + c, width, scratch);
            finish(scratch, 1, L, b, j + c, y, r * ys, ys, residual);
          }
        }
      }
    }
  }

  /**
   * y[r, j..j+cols) (+)= scratch[r·cols ..] + b[j..] for r in [0, rows), rows at yi + r·ys:
   * v = acc + b, then y + v when residual. Every tile ends here, so every element gets the same
   * arithmetic whichever tile computed it.
   */
  private static void finish(float[] scratch, int rows, int cols, float[] b, int j, float[] y, int yi, int ys, boolean residual) {
    for (int r = 0; r < rows; r++, yi += ys) {
      for (int c = 0; c < cols; c += L) {
        FloatVector v = FloatVector.fromArray(S, scratch, r * cols + c).add(FloatVector.fromArray(S, b, j + c));
        if (residual) v = FloatVector.fromArray(S, y, yi + j + c).add(v);
        v.intoArray(y, yi + j + c);
      }
    }
  }

  // 4 rows × 4 vectors: 16 accumulators; each step loads 4 weight vectors shared by 4 rows.
  private static void tile4x4(float[] x, int xi, int xs, int in, float[] w, int wi, float[] scratch) {
    FloatVector a00 = FloatVector.zero(S), a01 = a00, a02 = a00, a03 = a00;
    FloatVector a10 = a00, a11 = a00, a12 = a00, a13 = a00;
    FloatVector a20 = a00, a21 = a00, a22 = a00, a23 = a00;
    FloatVector a30 = a00, a31 = a00, a32 = a00, a33 = a00;
    int x0 = xi, x1 = xi + xs, x2 = x1 + xs, x3 = x2 + xs;
    for (int p = 0; p < in; p++, wi += PANEL) {
      FloatVector w0 = FloatVector.fromArray(S, w, wi);
      FloatVector w1 = FloatVector.fromArray(S, w, wi + L);
      FloatVector w2 = FloatVector.fromArray(S, w, wi + 2 * L);
      FloatVector w3 = FloatVector.fromArray(S, w, wi + 3 * L);
      FloatVector v = FloatVector.broadcast(S, x[x0 + p]);
      a00 = v.fma(w0, a00);
      a01 = v.fma(w1, a01);
      a02 = v.fma(w2, a02);
      a03 = v.fma(w3, a03);
      v = FloatVector.broadcast(S, x[x1 + p]);
      a10 = v.fma(w0, a10);
      a11 = v.fma(w1, a11);
      a12 = v.fma(w2, a12);
      a13 = v.fma(w3, a13);
      v = FloatVector.broadcast(S, x[x2 + p]);
      a20 = v.fma(w0, a20);
      a21 = v.fma(w1, a21);
      a22 = v.fma(w2, a22);
      a23 = v.fma(w3, a23);
      v = FloatVector.broadcast(S, x[x3 + p]);
      a30 = v.fma(w0, a30);
      a31 = v.fma(w1, a31);
      a32 = v.fma(w2, a32);
      a33 = v.fma(w3, a33);
    }
    a00.intoArray(scratch, 0);
    a01.intoArray(scratch, L);
    a02.intoArray(scratch, 2 * L);
    a03.intoArray(scratch, 3 * L);
    a10.intoArray(scratch, 4 * L);
    a11.intoArray(scratch, 5 * L);
    a12.intoArray(scratch, 6 * L);
    a13.intoArray(scratch, 7 * L);
    a20.intoArray(scratch, 8 * L);
    a21.intoArray(scratch, 9 * L);
    a22.intoArray(scratch, 10 * L);
    a23.intoArray(scratch, 11 * L);
    a30.intoArray(scratch, 12 * L);
    a31.intoArray(scratch, 13 * L);
    a32.intoArray(scratch, 14 * L);
    a33.intoArray(scratch, 15 * L);
  }

  private static void tile1x4(float[] x, int xi, int in, float[] w, int wi, float[] scratch) {
    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
    for (int p = 0; p < in; p++, wi += PANEL) {
      FloatVector v = FloatVector.broadcast(S, x[xi + p]);
      a0 = v.fma(FloatVector.fromArray(S, w, wi), a0);
      a1 = v.fma(FloatVector.fromArray(S, w, wi + L), a1);
      a2 = v.fma(FloatVector.fromArray(S, w, wi + 2 * L), a2);
      a3 = v.fma(FloatVector.fromArray(S, w, wi + 3 * L), a3);
    }
    a0.intoArray(scratch, 0);
    a1.intoArray(scratch, L);
    a2.intoArray(scratch, 2 * L);
    a3.intoArray(scratch, 3 * L);
  }
  // tile1x4 over bfloat16 weights (see the class note).
  private static void tile1x4(float[] x, int xi, int in, short[] w, int wi, float[] scratch) {
    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
    for (int p = 0; p < in; p++, wi += PANEL) {
      FloatVector v = FloatVector.broadcast(S, x[xi + p]);
      a0 = v.fma(((IntVector) ShortVector.fromArray(SH, w, wi).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a0);
      a1 = v.fma(((IntVector) ShortVector.fromArray(SH, w, wi + L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a1);
      a2 = v.fma(((IntVector) ShortVector.fromArray(SH, w, wi + 2 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a2);
      a3 = v.fma(((IntVector) ShortVector.fromArray(SH, w, wi + 3 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a3);
    }
    a0.intoArray(scratch, 0);
    a1.intoArray(scratch, L);
    a2.intoArray(scratch, 2 * L);
    a3.intoArray(scratch, 3 * L);
  }

  // 2 rows × 2 panels: 16 accumulators, two streams of weight loads shared by two rows.
  private static void tile2x8(float[] x, int xi, int xs, int in, float[] w, int wi, int wj, float[] scratch) {
    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
    int x0 = xi, x1 = xi + xs;
    for (int p = 0; p < in; p++, wi += PANEL, wj += PANEL) {
      FloatVector w0 = FloatVector.fromArray(S, w, wi);
      FloatVector w1 = FloatVector.fromArray(S, w, wi + L);
      FloatVector w2 = FloatVector.fromArray(S, w, wi + 2 * L);
      FloatVector w3 = FloatVector.fromArray(S, w, wi + 3 * L);
      FloatVector w4 = FloatVector.fromArray(S, w, wj);
      FloatVector w5 = FloatVector.fromArray(S, w, wj + L);
      FloatVector w6 = FloatVector.fromArray(S, w, wj + 2 * L);
      FloatVector w7 = FloatVector.fromArray(S, w, wj + 3 * L);
      FloatVector u = FloatVector.broadcast(S, x[x0 + p]);
      FloatVector v = FloatVector.broadcast(S, x[x1 + p]);
      a0 = u.fma(w0, a0);
      a1 = u.fma(w1, a1);
      a2 = u.fma(w2, a2);
      a3 = u.fma(w3, a3);
      a4 = u.fma(w4, a4);
      a5 = u.fma(w5, a5);
      a6 = u.fma(w6, a6);
      a7 = u.fma(w7, a7);
      b0 = v.fma(w0, b0);
      b1 = v.fma(w1, b1);
      b2 = v.fma(w2, b2);
      b3 = v.fma(w3, b3);
      b4 = v.fma(w4, b4);
      b5 = v.fma(w5, b5);
      b6 = v.fma(w6, b6);
      b7 = v.fma(w7, b7);
    }
    a0.intoArray(scratch, 0);
    a1.intoArray(scratch, L);
    a2.intoArray(scratch, 2 * L);
    a3.intoArray(scratch, 3 * L);
    a4.intoArray(scratch, 4 * L);
    a5.intoArray(scratch, 5 * L);
    a6.intoArray(scratch, 6 * L);
    a7.intoArray(scratch, 7 * L);
    b0.intoArray(scratch, 8 * L);
    b1.intoArray(scratch, 9 * L);
    b2.intoArray(scratch, 10 * L);
    b3.intoArray(scratch, 11 * L);
    b4.intoArray(scratch, 12 * L);
    b5.intoArray(scratch, 13 * L);
    b6.intoArray(scratch, 14 * L);
    b7.intoArray(scratch, 15 * L);
  }
  // tile2x8 over bfloat16 weights (see the class note).
  private static void tile2x8(float[] x, int xi, int xs, int in, short[] w, int wi, int wj, float[] scratch) {
    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
    int x0 = xi, x1 = xi + xs;
    for (int p = 0; p < in; p++, wi += PANEL, wj += PANEL) {
      FloatVector w0 = ((IntVector) ShortVector.fromArray(SH, w, wi).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector w1 = ((IntVector) ShortVector.fromArray(SH, w, wi + L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector w2 = ((IntVector) ShortVector.fromArray(SH, w, wi + 2 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector w3 = ((IntVector) ShortVector.fromArray(SH, w, wi + 3 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector w4 = ((IntVector) ShortVector.fromArray(SH, w, wj).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector w5 = ((IntVector) ShortVector.fromArray(SH, w, wj + L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector w6 = ((IntVector) ShortVector.fromArray(SH, w, wj + 2 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector w7 = ((IntVector) ShortVector.fromArray(SH, w, wj + 3 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
      FloatVector u = FloatVector.broadcast(S, x[x0 + p]);
      FloatVector v = FloatVector.broadcast(S, x[x1 + p]);
      a0 = u.fma(w0, a0);
      a1 = u.fma(w1, a1);
      a2 = u.fma(w2, a2);
      a3 = u.fma(w3, a3);
      a4 = u.fma(w4, a4);
      a5 = u.fma(w5, a5);
      a6 = u.fma(w6, a6);
      a7 = u.fma(w7, a7);
      b0 = v.fma(w0, b0);
      b1 = v.fma(w1, b1);
      b2 = v.fma(w2, b2);
      b3 = v.fma(w3, b3);
      b4 = v.fma(w4, b4);
      b5 = v.fma(w5, b5);
      b6 = v.fma(w6, b6);
      b7 = v.fma(w7, b7);
    }
    a0.intoArray(scratch, 0);
    a1.intoArray(scratch, L);
    a2.intoArray(scratch, 2 * L);
    a3.intoArray(scratch, 3 * L);
    a4.intoArray(scratch, 4 * L);
    a5.intoArray(scratch, 5 * L);
    a6.intoArray(scratch, 6 * L);
    a7.intoArray(scratch, 7 * L);
    b0.intoArray(scratch, 8 * L);
    b1.intoArray(scratch, 9 * L);
    b2.intoArray(scratch, 10 * L);
    b3.intoArray(scratch, 11 * L);
    b4.intoArray(scratch, 12 * L);
    b5.intoArray(scratch, 13 * L);
    b6.intoArray(scratch, 14 * L);
    b7.intoArray(scratch, 15 * L);
  }

  private static void tile1x8(float[] x, int xi, int in, float[] w, int wi, int wj, float[] scratch) {
    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    for (int p = 0; p < in; p++, wi += PANEL, wj += PANEL) {
      FloatVector v = FloatVector.broadcast(S, x[xi + p]);
      a0 = v.fma(FloatVector.fromArray(S, w, wi), a0);
      a1 = v.fma(FloatVector.fromArray(S, w, wi + L), a1);
      a2 = v.fma(FloatVector.fromArray(S, w, wi + 2 * L), a2);
      a3 = v.fma(FloatVector.fromArray(S, w, wi + 3 * L), a3);
      a4 = v.fma(FloatVector.fromArray(S, w, wj), a4);
      a5 = v.fma(FloatVector.fromArray(S, w, wj + L), a5);
      a6 = v.fma(FloatVector.fromArray(S, w, wj + 2 * L), a6);
      a7 = v.fma(FloatVector.fromArray(S, w, wj + 3 * L), a7);
    }
    a0.intoArray(scratch, 0);
    a1.intoArray(scratch, L);
    a2.intoArray(scratch, 2 * L);
    a3.intoArray(scratch, 3 * L);
    a4.intoArray(scratch, 4 * L);
    a5.intoArray(scratch, 5 * L);
    a6.intoArray(scratch, 6 * L);
    a7.intoArray(scratch, 7 * L);
  }
  // tile1x8 over bfloat16 weights (see the class note).
  private static void tile1x8(float[] x, int xi, int in, short[] w, int wi, int wj, float[] scratch) {
    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
    for (int p = 0; p < in; p++, wi += PANEL, wj += PANEL) {
      FloatVector v = FloatVector.broadcast(S, x[xi + p]);
      a0 = v.fma(((IntVector) ShortVector.fromArray(SH, w, wi).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a0);
      a1 = v.fma(((IntVector) ShortVector.fromArray(SH, w, wi + L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a1);
      a2 = v.fma(((IntVector) ShortVector.fromArray(SH, w, wi + 2 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a2);
      a3 = v.fma(((IntVector) ShortVector.fromArray(SH, w, wi + 3 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a3);
      a4 = v.fma(((IntVector) ShortVector.fromArray(SH, w, wj).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a4);
      a5 = v.fma(((IntVector) ShortVector.fromArray(SH, w, wj + L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a5);
      a6 = v.fma(((IntVector) ShortVector.fromArray(SH, w, wj + 2 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a6);
      a7 = v.fma(((IntVector) ShortVector.fromArray(SH, w, wj + 3 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), a7);
    }
    a0.intoArray(scratch, 0);
    a1.intoArray(scratch, L);
    a2.intoArray(scratch, 2 * L);
    a3.intoArray(scratch, 3 * L);
    a4.intoArray(scratch, 4 * L);
    a5.intoArray(scratch, 5 * L);
    a6.intoArray(scratch, 6 * L);
    a7.intoArray(scratch, 7 * L);
  }

  private static void tile4x1(float[] x, int xi, int xs, int in, float[] w, int wi, int ldw, float[] scratch) {
    FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
    int x0 = xi, x1 = xi + xs, x2 = x1 + xs, x3 = x2 + xs;
    for (int p = 0; p < in; p++, wi += ldw) {
      FloatVector wv = FloatVector.fromArray(S, w, wi);
      a0 = FloatVector.broadcast(S, x[x0 + p]).fma(wv, a0);
      a1 = FloatVector.broadcast(S, x[x1 + p]).fma(wv, a1);
      a2 = FloatVector.broadcast(S, x[x2 + p]).fma(wv, a2);
      a3 = FloatVector.broadcast(S, x[x3 + p]).fma(wv, a3);
    }
    a0.intoArray(scratch, 0);
    a1.intoArray(scratch, L);
    a2.intoArray(scratch, 2 * L);
    a3.intoArray(scratch, 3 * L);
  }

  private static void tile1x1(float[] x, int xi, int in, float[] w, int wi, int ldw, float[] scratch) {
    FloatVector a = FloatVector.zero(S);
    for (int p = 0; p < in; p++, wi += ldw) a = FloatVector.broadcast(S, x[xi + p]).fma(FloatVector.fromArray(S, w, wi), a);
    a.intoArray(scratch, 0);
  }

  // ---------------------------------------------------------------- row ops

  /**
   * out[o..o+width) = layerNorm(x[xi..xi+c)) · γ + β, padding (c..width) zero via γ = β = 0 there.
   * Mean and variance over the c channels (two passes); lanes: scratch of L floats.
   */
  static void layerNorm(float[] x, int xi, int c, int width, float[] gamma, float[] beta, float eps, float[] out, int oi,
      float[] lanes) {
    int bound = S.loopBound(c), i = 0;
    float total = 0f;
    if (bound > 0) {
      FloatVector acc = FloatVector.zero(S);
      for (; i < bound; i += L) acc = acc.add(FloatVector.fromArray(S, x, xi + i));
      acc.intoArray(lanes, 0);
      for (int k = 0; k < L; k++) total += lanes[k];
    }
    for (; i < c; i++) total += x[xi + i];
    float mean = total / c;
    FloatVector vm = FloatVector.broadcast(S, mean);
    i = 0;
    float ss = 0f;
    if (bound > 0) {
      FloatVector acc = FloatVector.zero(S);
      for (; i < bound; i += L) {
        FloatVector d = FloatVector.fromArray(S, x, xi + i).sub(vm);
        acc = d.fma(d, acc);
      }
      acc.intoArray(lanes, 0);
      for (int k = 0; k < L; k++) ss += lanes[k];
    }
    for (; i < c; i++) {
      float d = x[xi + i] - mean;
      ss = Math.fma(d, d, ss);
    }
    float rs = (float) (1 / Math.sqrt(ss / c + eps));
    FloatVector vr = FloatVector.broadcast(S, rs);
    for (i = 0; i < width; i += L) {
      FloatVector h = FloatVector.fromArray(S, x, xi + i).sub(vm).mul(vr);
      h.fma(FloatVector.fromArray(S, gamma, i), FloatVector.fromArray(S, beta, i)).intoArray(out, oi + i);
    }
  }

  // erf(z) = 1 − 1/(1 + a1·z + … + a6·z⁶)^16 for z ≥ 0 (Abramowitz & Stegun 7.1.28, |error| ≤ 3e-7).
  private static final float A1 = 0.0705230784f, A2 = 0.0422820123f, A3 = 0.0092705272f,
      A4 = 0.0001520143f, A5 = 0.0002765672f, A6 = 0.0000430638f;
  private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));

  /**
   * In place over x[o..o+n) (n a multiple of L): exact-form GELU, ½x(1 + erf(x/√2)), within 1e-6·max(1, |x|)
   * of the GELU op. With q = 1/P(|z|)^16 (so erf|z| = 1 − q): ½x(2 − q) for x ≥ 0 and ½x·q for
   * x < 0, which keeps the small negative tail relatively accurate. Pure arithmetic in one loop:
   * the engine's vector erf calls helpers that C2 does not always inline, and a boxed vector is an
   * allocation per call.
   */
  static void gelu(float[] x, int o, int n) {
    FloatVector one = FloatVector.broadcast(S, 1f), two = FloatVector.broadcast(S, 2f);
    for (int i = o, e = o + n; i < e; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      FloatVector z = v.abs().mul(INV_SQRT2);
      FloatVector p = z.fma(A6, A5).fma(z, FloatVector.broadcast(S, A4)).fma(z, FloatVector.broadcast(S, A3))
          .fma(z, FloatVector.broadcast(S, A2)).fma(z, FloatVector.broadcast(S, A1)).fma(z, one);
      p = p.mul(p);
      p = p.mul(p);
      p = p.mul(p);
      p = p.mul(p); // P^16
      FloatVector q = one.div(p);
      FloatVector cdf2 = two.sub(q).blend(q, v.compare(VectorOperators.LT, 0f)); // 1 + erf(x/√2)
      v.mul(0.5f).mul(cdf2).intoArray(x, i);
    }
  }

  private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
  private static final float CUBIC = 0.044715f;

  /**
   * In place over x[o..o+n) (n a multiple of L): GPT-2's tanh GELU (haze's),
   * ½x(1 + tanh(√(2/π)(x + 0.044715x³))), in three passes through {@code tmp} [n] (the argument,
   * {@link VectorMath#tanh}, the combination), so no vector crosses a call.
   */
  static void geluTanh(float[] x, int o, int n, float[] tmp) {
    for (int i = 0; i < n; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, o + i);
      v.mul(v).mul(v).fma(FloatVector.broadcast(S, CUBIC), v).mul(SQRT_2_OVER_PI).intoArray(tmp, i);
    }
    VectorMath.tanh(tmp, 0, tmp, 0, n);
    for (int i = 0; i < n; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, o + i);
      FloatVector t = FloatVector.fromArray(S, tmp, i);
      v.mul(0.5f).mul(t.add(1f)).intoArray(x, o + i);
    }
  }

  /** y[yi..yi+n) = a[ai..) + b[bi..), n a multiple of L. */
  static void add(float[] a, int ai, float[] b, int bi, float[] y, int yi, int n) {
    for (int i = 0; i < n; i += L) {
      FloatVector.fromArray(S, a, ai + i).add(FloatVector.fromArray(S, b, bi + i)).intoArray(y, yi + i);
    }
  }

  // ---------------------------------------------------------------- attention

  /**
   * One query's causal attention over n cached positions, all heads.
   * q at q[qi..qi+C); keys kt [C, tp] (channel-major: key j of channel c at c·tp + j, tp a
   * multiple of L); values v [H, t, d] (value j of head h at (h·t + j)·d); scores scratch [tp]; out
   * at out[oi..oi+C).
   * Per head h (channels h·d..h·d+d−1): s_j = q·k_j/√d, p = softmax(s), out = Σ_j p_j v_j.
   */
  static void attention(float[] q, int qi, float[] kt, int tp, float[] v, int t, int n, int heads, int d,
      float scale, float[] scores, float[] out, int oi) {
    int np = (n + L - 1) / L * L;
    FloatVector vscale = FloatVector.broadcast(S, scale);
    for (int h = 0; h < heads; h++) {
      int c0 = h * d;
      scoresOf(q, qi + c0, kt, c0 * tp, tp, d, np, scores);
      // The last vector's stale entries beyond n become −∞ (e^−∞ = 0), so that every loop below
      // covers whole vectors.
      for (int j = n; j < np; j++) scores[j] = Float.NEGATIVE_INFINITY;
      FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
      for (int j = 0; j < np; j += L) {
        FloatVector s = FloatVector.fromArray(S, scores, j).mul(vscale);
        s.intoArray(scores, j);
        m = m.max(s);
      }
      float max = m.reduceLanes(VectorOperators.MAX); // exact in any order, unlike ADD
      float total = VectorMath.exp(scores, 0, max, scores, 0, np); // sum in a fixed order; the −∞ pads add 0
      weightedValues(scores, n, v, d, h * t * d, d, 1f / total, out, oi + c0);
    }
  }

  /**
   * One query row's RRPRAM attention over n cached positions, all heads (haze, specs/haze.md §4.2):
   * per head h, s_j = xn · Wr_h[:, j] for j &lt; n (the query's content against the key's position;
   * no scale), p = softmax(s), out = Σ_j p_j v_j. xn at xn[xi..xi+e); wr [H, e, tp] (head h's
   * column j of row i at (h·e + i)·tp + j, tp a multiple of L); v [H, t, d]; scores scratch [tp];
   * out at out[oi..oi+H·d). Only the first n columns of Wr are read: position n−1's pattern row
   * needs nothing of the positions after it. wrH: Wr's bfloat16 bits (read instead of wr), or empty.
   */
  static void positional(float[] xn, int xi, int e, float[] wr, short[] wrH, int tp, float[] v, int t, int n, int heads, int d,
      float[] scores, float[] out, int oi) {
    int np = (n + L - 1) / L * L;
    boolean half = wrH.length > 0 && BF16_VECTORS;
    for (int h = 0; h < heads; h++) {
      if (half) scoresOf(xn, xi, wrH, h * e * tp, tp, e, np, scores);
      else scoresOf(xn, xi, wr, h * e * tp, tp, e, np, scores);
      for (int j = n; j < np; j++) scores[j] = Float.NEGATIVE_INFINITY;
      FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
      for (int j = 0; j < np; j += L) m = m.max(FloatVector.fromArray(S, scores, j));
      float max = m.reduceLanes(VectorOperators.MAX);
      float total = VectorMath.exp(scores, 0, max, scores, 0, np);
      weightedValues(scores, n, v, d, h * t * d, d, 1f / total, out, oi + h * d);
    }
  }

  /**
   * scores[0..np) = Σ_c q[c]·kt[c, 0..np) over the d channels of one head (np a multiple of L).
   * Each column is two fused multiply-add chains, over the even and over the odd channels
   * (ascending), added at the end: the same arithmetic for a column whatever np is or which loop
   * computed it, and twice the independent chains (a single chain per vector waited on the FMA
   * latency, which made the last few columns of every head cost as much as the rest).
   */
  private static void scoresOf(float[] q, int qi, float[] kt, int ki, int tp, int d, int np, float[] scores) {
    int j = 0, pairs = d & ~1;
    for (; j + 4 * L <= np; j += 4 * L) {
      FloatVector e0 = FloatVector.zero(S), e1 = e0, e2 = e0, e3 = e0, o0 = e0, o1 = e0, o2 = e0, o3 = e0;
      int c = 0, k = ki + j;
      for (; c < pairs; c += 2, k += 2 * tp) {
        FloatVector qe = FloatVector.broadcast(S, q[qi + c]), qo = FloatVector.broadcast(S, q[qi + c + 1]);
        e0 = qe.fma(FloatVector.fromArray(S, kt, k), e0);
        e1 = qe.fma(FloatVector.fromArray(S, kt, k + L), e1);
        e2 = qe.fma(FloatVector.fromArray(S, kt, k + 2 * L), e2);
        e3 = qe.fma(FloatVector.fromArray(S, kt, k + 3 * L), e3);
        o0 = qo.fma(FloatVector.fromArray(S, kt, k + tp), o0);
        o1 = qo.fma(FloatVector.fromArray(S, kt, k + tp + L), o1);
        o2 = qo.fma(FloatVector.fromArray(S, kt, k + tp + 2 * L), o2);
        o3 = qo.fma(FloatVector.fromArray(S, kt, k + tp + 3 * L), o3);
      }
      if (c < d) {
        FloatVector qe = FloatVector.broadcast(S, q[qi + c]);
        e0 = qe.fma(FloatVector.fromArray(S, kt, k), e0);
        e1 = qe.fma(FloatVector.fromArray(S, kt, k + L), e1);
        e2 = qe.fma(FloatVector.fromArray(S, kt, k + 2 * L), e2);
        e3 = qe.fma(FloatVector.fromArray(S, kt, k + 3 * L), e3);
      }
      e0.add(o0).intoArray(scores, j);
      e1.add(o1).intoArray(scores, j + L);
      e2.add(o2).intoArray(scores, j + 2 * L);
      e3.add(o3).intoArray(scores, j + 3 * L);
    }
    for (; j < np; j += L) {
      FloatVector e = FloatVector.zero(S), o = e;
      int c = 0, k = ki + j;
      for (; c < pairs; c += 2, k += 2 * tp) {
        e = FloatVector.broadcast(S, q[qi + c]).fma(FloatVector.fromArray(S, kt, k), e);
        o = FloatVector.broadcast(S, q[qi + c + 1]).fma(FloatVector.fromArray(S, kt, k + tp), o);
      }
      if (c < d) e = FloatVector.broadcast(S, q[qi + c]).fma(FloatVector.fromArray(S, kt, k), e);
      e.add(o).intoArray(scores, j);
    }
  }

  // scoresOf over bfloat16 weights (Wr; see the class note).
  private static void scoresOf(float[] q, int qi, short[] kt, int ki, int tp, int d, int np, float[] scores) {
    int j = 0, pairs = d & ~1;
    for (; j + 4 * L <= np; j += 4 * L) {
      FloatVector e0 = FloatVector.zero(S), e1 = e0, e2 = e0, e3 = e0, o0 = e0, o1 = e0, o2 = e0, o3 = e0;
      int c = 0, k = ki + j;
      for (; c < pairs; c += 2, k += 2 * tp) {
        FloatVector qe = FloatVector.broadcast(S, q[qi + c]), qo = FloatVector.broadcast(S, q[qi + c + 1]);
        e0 = qe.fma(((IntVector) ShortVector.fromArray(SH, kt, k).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), e0);
        e1 = qe.fma(((IntVector) ShortVector.fromArray(SH, kt, k + L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), e1);
        e2 = qe.fma(((IntVector) ShortVector.fromArray(SH, kt, k + 2 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), e2);
        e3 = qe.fma(((IntVector) ShortVector.fromArray(SH, kt, k + 3 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), e3);
        o0 = qo.fma(((IntVector) ShortVector.fromArray(SH, kt, k + tp).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), o0);
        o1 = qo.fma(((IntVector) ShortVector.fromArray(SH, kt, k + tp + L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), o1);
        o2 = qo.fma(((IntVector) ShortVector.fromArray(SH, kt, k + tp + 2 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), o2);
        o3 = qo.fma(((IntVector) ShortVector.fromArray(SH, kt, k + tp + 3 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), o3);
      }
      if (c < d) {
        FloatVector qe = FloatVector.broadcast(S, q[qi + c]);
        e0 = qe.fma(((IntVector) ShortVector.fromArray(SH, kt, k).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), e0);
        e1 = qe.fma(((IntVector) ShortVector.fromArray(SH, kt, k + L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), e1);
        e2 = qe.fma(((IntVector) ShortVector.fromArray(SH, kt, k + 2 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), e2);
        e3 = qe.fma(((IntVector) ShortVector.fromArray(SH, kt, k + 3 * L).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), e3);
      }
      e0.add(o0).intoArray(scores, j);
      e1.add(o1).intoArray(scores, j + L);
      e2.add(o2).intoArray(scores, j + 2 * L);
      e3.add(o3).intoArray(scores, j + 3 * L);
    }
    for (; j < np; j += L) {
      FloatVector e = FloatVector.zero(S), o = e;
      int c = 0, k = ki + j;
      for (; c < pairs; c += 2, k += 2 * tp) {
        e = FloatVector.broadcast(S, q[qi + c]).fma(((IntVector) ShortVector.fromArray(SH, kt, k).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), e);
        o = FloatVector.broadcast(S, q[qi + c + 1]).fma(((IntVector) ShortVector.fromArray(SH, kt, k + tp).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), o);
      }
      if (c < d) e = FloatVector.broadcast(S, q[qi + c]).fma(((IntVector) ShortVector.fromArray(SH, kt, k).convertShape(VectorOperators.S2I, SI, 0)).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats(), e);
      e.add(o).intoArray(scores, j);
    }
  }


  /**
   * out[0..d) = inv · Σ_{j<n} e_j · v[c0 + j·vs ..]: four partial sums over j mod 4, combined as
   * (s0 + s1) + (s2 + s3), so the latency chains overlap and the order stays fixed.
   */
  private static void weightedValues(float[] e, int n, float[] v, int vs, int c0, int d, float inv, float[] out, int oi) {
    int c = 0;
    for (; c + L <= d; c += L) {
      FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
      int j = 0, vi = c0 + c;
      for (; j + 4 <= n; j += 4, vi += 4 * vs) {
        s0 = FloatVector.broadcast(S, e[j]).fma(FloatVector.fromArray(S, v, vi), s0);
        s1 = FloatVector.broadcast(S, e[j + 1]).fma(FloatVector.fromArray(S, v, vi + vs), s1);
        s2 = FloatVector.broadcast(S, e[j + 2]).fma(FloatVector.fromArray(S, v, vi + 2 * vs), s2);
        s3 = FloatVector.broadcast(S, e[j + 3]).fma(FloatVector.fromArray(S, v, vi + 3 * vs), s3);
      }
      for (; j < n; j++, vi += vs) s0 = FloatVector.broadcast(S, e[j]).fma(FloatVector.fromArray(S, v, vi), s0);
      s0.add(s1).add(s2.add(s3)).mul(inv).intoArray(out, oi + c);
    }
    // Heads narrower than a vector (or a ragged end): scalar, same grouping.
    for (; c < d; c++) {
      float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
      int j = 0, vi = c0 + c;
      for (; j + 4 <= n; j += 4, vi += 4 * vs) {
        s0 = Math.fma(e[j], v[vi], s0);
        s1 = Math.fma(e[j + 1], v[vi + vs], s1);
        s2 = Math.fma(e[j + 2], v[vi + 2 * vs], s2);
        s3 = Math.fma(e[j + 3], v[vi + 3 * vs], s3);
      }
      for (; j < n; j++, vi += vs) s0 = Math.fma(e[j], v[vi], s0);
      out[oi + c] = (s0 + s1 + (s2 + s3)) * inv;
    }
  }
}
