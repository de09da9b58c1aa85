package orphic.engine.ops;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import orphic.engine.autograd.Autograd;
import orphic.engine.kernel.Gemm;
import orphic.engine.kernel.Parallel;
import orphic.engine.tensor.Tensor;

/**
 * Fully connected layer y = x·Wᵀ + b, the hottest op of training: one Gemm over all N = B·T rows
 * forward, two backward, and a vectorised column sum for the bias.
 *
 * <p>x [..., In] (read as N rows; copied if not contiguous), w [Out, In] (may be a transposed
 * view of an [In, Out] matrix: read in place), bias [Out] or null → y [..., Out].
 */
public final class Linear {
  private Linear() {}

  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

  /** x [..., In], w [Out, In], bias [Out] or null → [..., Out]. */
  public static Tensor forward(Tensor x, Tensor w, Tensor bias) {
    int[] xs = x.shape(), ws = w.shape();
    if (xs.length < 1 || ws.length != 2 || ws[1] != xs[xs.length - 1]) {
      throw new IllegalArgumentException("linear: x " + Arrays.toString(xs) + " and w " + Arrays.toString(ws)
          + " do not fit; x must be [..., In] and w [Out, In] with the same In");
    }
    int in = ws[1], outF = ws[0];
    if (bias != null && (bias.rank() != 1 || bias.dim(0) != outF)) {
      throw new IllegalArgumentException("linear: bias " + Arrays.toString(bias.shape()) + " must be [" + outF
          + "] to match w " + Arrays.toString(ws));
    }
    x = x.contiguous();
    if (bias != null) bias = bias.contiguous();
    MatMul.Layout lw = MatMul.Layout.of(w);
    if (lw == null) {
      w = w.contiguous();
      lw = MatMul.Layout.of(w);
    }
    int n = rowsOf(xs);
    int[] ys = xs.clone();
    ys[ys.length - 1] = outF;
    Tensor y = Tensor.empty(ys);
    float[] yd = y.data();
    int yo = y.offset();
    float beta = 0f;
    if (bias != null) {
      // Start from the bias and let Gemm accumulate on top: one pass over y instead of two.
      float[] bd = bias.data();
      int bo = bias.offset();
      for (int r = 0; r < n; r++) System.arraycopy(bd, bo, yd, yo + r * outF, outF);
      beta = 1f;
    }
    // y [N×Out] = x [N×In] · Wᵀ; W stored [Out×In] needs transB, a transposed view stores Wᵀ itself.
    Gemm.sgemm(false, !lw.trans(), n, outF, in, 1f, x.data(), x.offset(), in, w.data(), w.offset(), lw.ld(),
        beta, yd, yo, outF);
    if (Autograd.needsGrad(x, w, bias)) {
      Tensor tx = x, tw = w, tb = bias;
      MatMul.Layout l = lw;
      int rows = n;
      Autograd.record(y, () -> backward(tx, tw, l, tb, y, rows, in, outF));
    }
    return y;
  }

  private static int rowsOf(int[] shape) {
    int r = 1;
    for (int i = 0; i < shape.length - 1; i++) r *= shape[i];
    return r;
  }

  private static void backward(Tensor x, Tensor w, MatMul.Layout lw, Tensor bias, Tensor y, int n, int in, int outF) {
    float[] g = y.gradArray();
    int go = y.gradOffset();
    if (x.requiresGrad()) {
      // dx [N×In] += dy [N×Out] · W [Out×In]
      Gemm.sgemm(false, lw.trans(), n, in, outF, 1f, g, go, outF, w.data(), w.offset(), lw.ld(),
          1f, x.gradArray(), x.gradOffset(), in);
    }
    if (w.requiresGrad()) {
      if (!lw.trans()) {
        // dW [Out×In] += dyᵀ · x
        Gemm.sgemm(true, false, outF, in, n, 1f, g, go, outF, x.data(), x.offset(), in,
            1f, w.gradArray(), w.gradOffset(), lw.ld());
      } else {
        // storage holds Wᵀ [In×Out]: += xᵀ · dy
        Gemm.sgemm(true, false, in, outF, n, 1f, x.data(), x.offset(), in, g, go, outF,
            1f, w.gradArray(), w.gradOffset(), lw.ld());
      }
    }
    if (bias != null && bias.requiresGrad()) {
      columnSums(g, go, n, outF, bias.gradArray(), bias.gradOffset());
    }
  }

  /**
   * db [C] += Σ over N rows of dy [N×C]. Split over column blocks so each column is summed by one
   * thread in row order: the same result for any thread count.
   */
  static void columnSums(float[] g, int go, int n, int c, float[] db, int dbo) {
    int grain = F.length() * 4;
    int parts = (n * (long) c) < (1 << 15) ? 1 : Parallel.threads();
    Parallel.parts(Math.max(1, (c + grain - 1) / grain), parts, (p, b0, b1) -> {
      int c0 = b0 * grain, c1 = Math.min(c, b1 * grain);
      int j = c0;
      int bound = c0 + F.loopBound(c1 - c0);
      for (; j < bound; j += F.length()) {
        FloatVector acc = FloatVector.zero(F);
        for (int r = 0; r < n; r++) acc = acc.add(FloatVector.fromArray(F, g, go + r * c + j));
        acc.add(FloatVector.fromArray(F, db, dbo + j)).intoArray(db, dbo + j);
      }
      for (; j < c1; j++) {
        float s = 0f;
        for (int r = 0; r < n; r++) s += g[go + r * c + j];
        db[dbo + j] += s;
      }
    });
  }
}
