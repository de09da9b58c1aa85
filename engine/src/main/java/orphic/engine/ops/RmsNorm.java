package orphic.engine.ops;

import static orphic.engine.ops.RowKernels.L;
import static orphic.engine.ops.RowKernels.S;

import jdk.incubator.vector.FloatVector;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Shape;
import orphic.engine.tensor.Tensor;

/**
 * RMS normalisation over the last axis, fused: y = x·r ⊙ γ with r = 1/√(mean(x²) + eps).
 *
 * <p>The forward saves r per row (an [N] buffer from {@link Tensor#empty}); the backward uses
 * x̂ = x·r: dx = r·(dx̂ − x̂·mean(dx̂ ⊙ x̂)) with dx̂ = dy ⊙ γ, and dγ = Σ_rows dy ⊙ x̂.
 */
public final class RmsNorm {
  private RmsNorm() {}

  /** x [..., C], gamma [C] → [..., C]. */
  public static Tensor forward(Tensor x, Tensor gamma, float eps) {
    RowKernels.requireLastAxis("rmsNorm", x);
    if (gamma == null) throw new IllegalArgumentException("rmsNorm: gamma is null; pass a [C] tensor of ones for no scaling");
    RowKernels.requireChannelVector("rmsNorm", "gamma", gamma, x);
    if (!(eps >= 0)) throw new IllegalArgumentException("rmsNorm: eps must be >= 0, got " + eps);
    Tensor in = x.contiguous(), g = gamma.contiguous();
    int c = in.dim(-1), n = Shape.rows(in.shape());
    Tensor out = Tensor.empty(in.shape());
    if (in.size() == 0) return out;
    boolean record = Autograd.needsGrad(in, g);
    Tensor rstd = record ? Tensor.empty(n) : null;
    float[] xd = in.data(), gd = g.data(), od = out.data();
    int xo = in.offset(), gOff = g.offset(), oo = out.offset();
    RowKernels.overRows(n, c, (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        int p = r * c;
        float rs = (float) (1 / Math.sqrt(RowKernels.dot(xd, xo + p, xd, xo + p, c) / c + eps));
        if (record) rstd.data()[rstd.offset() + r] = rs;
        scaleRow(xd, xo + p, rs, gd, gOff, od, oo + p, c);
      }
    });
    if (record) Autograd.record(out, () -> backward(in, g, out, rstd));
    return out;
  }

  /** out = x·rs ⊙ γ over one row. */
  private static void scaleRow(float[] x, int xo, float rs, float[] g, int go, float[] out, int oo, int c) {
    int i = 0;
    int bound = S.loopBound(c);
    FloatVector vr = FloatVector.broadcast(S, rs);
    for (; i < bound; i += L) {
      FloatVector.fromArray(S, x, xo + i).mul(vr).mul(FloatVector.fromArray(S, g, go + i)).intoArray(out, oo + i);
    }
    for (; i < c; i++) out[oo + i] = x[xo + i] * rs * g[go + i];
  }

  private static void backward(Tensor x, Tensor gamma, Tensor out, Tensor rstd) {
    int c = x.dim(-1), n = Shape.rows(x.shape());
    float[] dy = out.gradArray();
    int dyo = out.gradOffset();
    float[] xd = x.data(), gd = gamma.data(), rd = rstd.data();
    int xo = x.offset(), gOff = gamma.offset(), ro = rstd.offset();
    if (x.requiresGrad()) {
      float[] dx = x.gradArray();
      int dxo = x.gradOffset();
      RowKernels.overRows(n, c, (r0, r1) -> {
        for (int r = r0; r < r1; r++) {
          int p = r * c;
          inputGradientRow(xd, xo + p, dy, dyo + p, gd, gOff, rd[ro + r], dx, dxo + p, c);
        }
      });
    }
    if (gamma.requiresGrad()) {
      float[] dg = gamma.gradArray();
      int dgo = gamma.gradOffset();
      // Split over channels; each channel sums its rows in order (thread-count independent).
      RowKernels.overColumns(c, n, (j0, j1) -> {
        for (int r = 0; r < n; r++) {
          int p = r * c + j0;
          gammaGradientRow(xd, xo + p, dy, dyo + p, rd[ro + r], dg, dgo + j0, j1 - j0);
        }
      });
    }
  }

  /** dx += r·(dx̂ − x̂·mean(dx̂ ⊙ x̂)) over one row, with dx̂ = dy ⊙ γ and x̂ = x·r. */
  private static void inputGradientRow(float[] x, int xo, float[] dy, int dyo, float[] g, int go, float rs,
      float[] dx, int dxo, int c) {
    FloatVector vr = FloatVector.broadcast(S, rs);
    int bound = S.loopBound(c);
    int i = 0;
    float sum = 0f;
    if (bound > 0) {
      FloatVector acc = FloatVector.zero(S);
      for (; i < bound; i += L) {
        FloatVector h = FloatVector.fromArray(S, x, xo + i).mul(vr);
        FloatVector d = FloatVector.fromArray(S, dy, dyo + i).mul(FloatVector.fromArray(S, g, go + i));
        acc = d.fma(h, acc);
      }
      for (int j = 0; j < L; j++) sum += acc.lane(j);
    }
    for (; i < c; i++) sum = Math.fma(dy[dyo + i] * g[go + i], x[xo + i] * rs, sum);
    float b = sum / c;
    FloatVector vb = FloatVector.broadcast(S, b);
    for (i = 0; i < bound; i += L) {
      FloatVector h = FloatVector.fromArray(S, x, xo + i).mul(vr);
      FloatVector d = FloatVector.fromArray(S, dy, dyo + i).mul(FloatVector.fromArray(S, g, go + i));
      h.neg().fma(vb, d).fma(vr, FloatVector.fromArray(S, dx, dxo + i)).intoArray(dx, dxo + i);
    }
    for (; i < c; i++) {
      float h = x[xo + i] * rs;
      float d = dy[dyo + i] * g[go + i];
      dx[dxo + i] = Math.fma(Math.fma(-h, b, d), rs, dx[dxo + i]);
    }
  }

  /** dγ += dy ⊙ x·r over w channels of one row. */
  private static void gammaGradientRow(float[] x, int xo, float[] dy, int dyo, float rs, float[] dg, int dgo, int w) {
    FloatVector vr = FloatVector.broadcast(S, rs);
    int bound = S.loopBound(w);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector h = FloatVector.fromArray(S, x, xo + i).mul(vr);
      FloatVector.fromArray(S, dy, dyo + i).fma(h, FloatVector.fromArray(S, dg, dgo + i)).intoArray(dg, dgo + i);
    }
    for (; i < w; i++) dg[dgo + i] = Math.fma(dy[dyo + i], x[xo + i] * rs, dg[dgo + i]);
  }
}
