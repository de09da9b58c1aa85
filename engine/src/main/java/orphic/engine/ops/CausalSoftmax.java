package orphic.engine.ops;

import static orphic.engine.ops.RowKernels.L;
import static orphic.engine.ops.RowKernels.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import orphic.engine.autograd.Autograd;
import orphic.engine.kernel.VectorMath;
import orphic.engine.tensor.Tensor;

/**
 * Row softmax of a square score matrix under a causal mask, s [..., L, L] → [..., L, L]:
 * y[i, j] = exp(c·s[i, j]) / Σ_{k ≤ i} exp(c·s[i, k]) for j ≤ i, and exactly 0 for j > i.
 *
 * <p>The same as adding −∞ (or haze's −1e9) above the diagonal before a softmax, without reading
 * the masked entries at all (they may hold anything, NaN included). The scale c folds in an
 * attention's 1/√d. For attention whose scores are not a query·key product (haze's RRPRAM heads,
 * where they come from a positional pattern matrix), so the fused {@link CausalAttention} does not
 * apply.
 *
 * <p>Backward from the output y alone: ds[i, j] = c·y[i, j]·(dy[i, j] − Σ_{k ≤ i} dy[i, k]·y[i, k])
 * for j ≤ i; masked entries get no gradient.
 */
public final class CausalSoftmax {
  private CausalSoftmax() {}

  /** s [..., L, L], scale c (finite) → [..., L, L] with rows of the lower triangle summing to 1. */
  public static Tensor forward(Tensor s, float scale) {
    if (s.rank() < 2 || s.dim(-1) != s.dim(-2)) {
      throw new IllegalArgumentException("causalSoftmax needs square score matrices [..., L, L], got "
          + Arrays.toString(s.shape()));
    }
    if (!Float.isFinite(scale)) throw new IllegalArgumentException("causalSoftmax needs a finite scale, got " + scale);
    Tensor in = s.contiguous();
    int n = in.dim(-1);
    int rows = n == 0 ? 0 : in.size() / n;
    Tensor out = Tensor.empty(in.shape());
    float[] xd = in.data(), yd = out.data();
    int xo = in.offset(), yo = out.offset();
    RowKernels.overRows(rows, n, (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        int w = r % n + 1; // row i of its matrix sees columns 0..i
        int p = r * n;
        RowKernels.scaleInto(xd, xo + p, scale, yd, yo + p, w);
        float m = RowKernels.max(yd, yo + p, w);
        float sum = VectorMath.exp(yd, yo + p, m, yd, yo + p, w); // in place
        RowKernels.scaleInto(yd, yo + p, 1f / sum, yd, yo + p, w);
        Arrays.fill(yd, yo + p + w, yo + p + n, 0f);
      }
    });
    if (Autograd.needsGrad(in)) {
      Autograd.record(out, () -> {
        float[] dy = out.gradArray(), dx = in.gradArray();
        int dyo = out.gradOffset(), dxo = in.gradOffset();
        RowKernels.overRows(rows, n, (r0, r1) -> {
          for (int r = r0; r < r1; r++) {
            int w = r % n + 1;
            int p = r * n;
            float d = RowKernels.dot(dy, dyo + p, yd, yo + p, w);
            gradientRow(yd, yo + p, dy, dyo + p, d, scale, dx, dxo + p, w);
          }
        });
      });
    }
    return out;
  }

  /** dx += c·y ⊙ (dy − d) over one row of w visible entries. */
  private static void gradientRow(float[] y, int yo, float[] dy, int dyo, float d, float c, float[] dx, int dxo, int w) {
    int i = 0;
    int bound = S.loopBound(w);
    FloatVector vd = FloatVector.broadcast(S, d);
    FloatVector vc = FloatVector.broadcast(S, c);
    for (; i < bound; i += L) {
      FloatVector.fromArray(S, dy, dyo + i).sub(vd).mul(vc)
          .fma(FloatVector.fromArray(S, y, yo + i), FloatVector.fromArray(S, dx, dxo + i))
          .intoArray(dx, dxo + i);
    }
    for (; i < w; i++) dx[dxo + i] = Math.fma((dy[dyo + i] - d) * c, y[yo + i], dx[dxo + i]);
  }
}
