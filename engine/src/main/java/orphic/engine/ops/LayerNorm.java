package orphic.engine.ops;

import static orphic.engine.ops.RowKernels.L;
import static orphic.engine.ops.RowKernels.S;

import jdk.incubator.vector.FloatVector;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Shape;
import orphic.engine.tensor.Tensor;

/**
 * Layer normalisation over the last axis, fused: y = (x − μ)·r·γ + β with μ the row mean and
 * r = 1/√(var + eps) (biased variance, two-pass for accuracy).
 *
 * <p>The forward saves μ and r per row ([N] buffers from {@link Tensor#empty}, so they come from
 * the step's arena); the backward recomputes x̂ = (x − μ)·r from them:
 * dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂)) with dx̂ = dy ⊙ γ; dγ = Σ_rows dy ⊙ x̂; dβ = Σ_rows dy.
 */
public final class LayerNorm {
  private LayerNorm() {}

  /** x [..., C], gamma [C], beta [C] or null → [..., C]. */
  public static Tensor forward(Tensor x, Tensor gamma, Tensor beta, float eps) {
    RowKernels.requireLastAxis("layerNorm", x);
    if (gamma == null) throw new IllegalArgumentException("layerNorm: gamma is null; pass a [C] tensor of ones for no scaling");
    RowKernels.requireChannelVector("layerNorm", "gamma", gamma, x);
    if (beta != null) RowKernels.requireChannelVector("layerNorm", "beta", beta, x);
    if (!(eps >= 0)) throw new IllegalArgumentException("layerNorm: eps must be >= 0, got " + eps);
    Tensor in = x.contiguous(), g = gamma.contiguous(), b = beta == null ? null : beta.contiguous();
    int c = in.dim(-1), n = Shape.rows(in.shape());
    Tensor out = Tensor.empty(in.shape());
    if (in.size() == 0) return out;
    boolean record = Autograd.needsGrad(in, g, b);
    Tensor mean = record ? Tensor.empty(n) : null, rstd = record ? Tensor.empty(n) : null;
    float[] xd = in.data(), gd = g.data(), bd = b == null ? null : b.data(), od = out.data();
    int xo = in.offset(), gOff = g.offset(), bOff = b == null ? 0 : b.offset(), oo = out.offset();
    RowKernels.overRows(n, c, (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        int p = r * c;
        float m = RowKernels.sum(xd, xo + p, c) / c;
        float rs = (float) (1 / Math.sqrt(RowKernels.sumSquaredDeviations(xd, xo + p, c, m) / c + eps));
        if (record) {
          mean.data()[mean.offset() + r] = m;
          rstd.data()[rstd.offset() + r] = rs;
        }
        normalizeRow(xd, xo + p, m, rs, gd, gOff, bd, bOff, od, oo + p, c);
      }
    });
    if (record) Autograd.record(out, () -> backward(in, g, b, out, mean, rstd));
    return out;
  }

  /** out = (x − m)·rs ⊙ γ (+ β) over one row of c. */
  private static void normalizeRow(float[] x, int xo, float m, float rs, float[] g, int go, float[] b, int bo,
      float[] out, int oo, int c) {
    int i = 0;
    int bound = S.loopBound(c);
    FloatVector vm = FloatVector.broadcast(S, m), vr = FloatVector.broadcast(S, rs);
    for (; i < bound; i += L) {
      FloatVector h = FloatVector.fromArray(S, x, xo + i).sub(vm).mul(vr);
      FloatVector gv = FloatVector.fromArray(S, g, go + i);
      (b == null ? h.mul(gv) : h.fma(gv, FloatVector.fromArray(S, b, bo + i))).intoArray(out, oo + i);
    }
    for (; i < c; i++) {
      float h = (x[xo + i] - m) * rs;
      out[oo + i] = b == null ? h * g[go + i] : Math.fma(h, g[go + i], b[bo + i]);
    }
  }

  private static void backward(Tensor x, Tensor gamma, Tensor beta, Tensor out, Tensor mean, Tensor rstd) {
    int c = x.dim(-1), n = Shape.rows(x.shape());
    float[] dy = out.gradArray();
    int dyo = out.gradOffset();
    float[] xd = x.data(), gd = gamma.data(), md = mean.data(), rd = rstd.data();
    int xo = x.offset(), gOff = gamma.offset(), mo = mean.offset(), ro = rstd.offset();
    if (x.requiresGrad()) {
      float[] dx = x.gradArray();
      int dxo = x.gradOffset();
      RowKernels.overRows(n, c, (r0, r1) -> {
        for (int r = r0; r < r1; r++) {
          int p = r * c;
          inputGradientRow(xd, xo + p, dy, dyo + p, gd, gOff, md[mo + r], rd[ro + r], dx, dxo + p, c);
        }
      });
    }
    boolean needGamma = gamma.requiresGrad(), needBeta = beta != null && beta.requiresGrad();
    if (needGamma || needBeta) {
      float[] dg = needGamma ? gamma.gradArray() : null, db = needBeta ? beta.gradArray() : null;
      int dgo = needGamma ? gamma.gradOffset() : 0, dbo = needBeta ? beta.gradOffset() : 0;
      // Split over channels; each channel sums its rows in order (thread-count independent).
      RowKernels.overColumns(c, n, (j0, j1) -> {
        for (int r = 0; r < n; r++) {
          int p = r * c + j0;
          if (needGamma) gammaGradientRow(xd, xo + p, dy, dyo + p, md[mo + r], rd[ro + r], dg, dgo + j0, j1 - j0);
          if (needBeta) RowKernels.accumulate(dy, dyo + p, db, dbo + j0, j1 - j0);
        }
      });
    }
  }

  /** dx += r·(dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂)) over one row, with dx̂ = dy ⊙ γ. */
  private static void inputGradientRow(float[] x, int xo, float[] dy, int dyo, float[] g, int go, float m, float rs,
      float[] dx, int dxo, int c) {
    FloatVector vm = FloatVector.broadcast(S, m), vr = FloatVector.broadcast(S, rs);
    int bound = S.loopBound(c);
    int i = 0;
    float sumA = 0f, sumB = 0f;
    if (bound > 0) {
      FloatVector accA = FloatVector.zero(S), accB = FloatVector.zero(S);
      for (; i < bound; i += L) {
        FloatVector h = FloatVector.fromArray(S, x, xo + i).sub(vm).mul(vr);
        FloatVector d = FloatVector.fromArray(S, dy, dyo + i).mul(FloatVector.fromArray(S, g, go + i));
        accA = accA.add(d);
        accB = d.fma(h, accB);
      }
      for (int j = 0; j < L; j++) sumA += accA.lane(j);
      for (int j = 0; j < L; j++) sumB += accB.lane(j);
    }
    for (; i < c; i++) {
      float h = (x[xo + i] - m) * rs;
      float d = dy[dyo + i] * g[go + i];
      sumA += d;
      sumB = Math.fma(d, h, sumB);
    }
    float a = sumA / c, b = sumB / c;
    FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b);
    for (i = 0; i < bound; i += L) {
      FloatVector h = FloatVector.fromArray(S, x, xo + i).sub(vm).mul(vr);
      FloatVector d = FloatVector.fromArray(S, dy, dyo + i).mul(FloatVector.fromArray(S, g, go + i));
      FloatVector t = h.neg().fma(vb, d.sub(va));
      t.fma(vr, FloatVector.fromArray(S, dx, dxo + i)).intoArray(dx, dxo + i);
    }
    for (; i < c; i++) {
      float h = (x[xo + i] - m) * rs;
      float d = dy[dyo + i] * g[go + i];
      float t = Math.fma(-h, b, d - a);
      dx[dxo + i] = Math.fma(t, rs, dx[dxo + i]);
    }
  }

  /** dγ += dy ⊙ (x − m)·r over w channels of one row. */
  private static void gammaGradientRow(float[] x, int xo, float[] dy, int dyo, float m, float rs, float[] dg, int dgo, int w) {
    FloatVector vm = FloatVector.broadcast(S, m), vr = FloatVector.broadcast(S, rs);
    int bound = S.loopBound(w);
    int i = 0;
    for (; i < bound; i += L) {
      FloatVector h = FloatVector.fromArray(S, x, xo + i).sub(vm).mul(vr);
      FloatVector.fromArray(S, dy, dyo + i).fma(h, FloatVector.fromArray(S, dg, dgo + i)).intoArray(dg, dgo + i);
    }
    for (; i < w; i++) dg[dgo + i] = Math.fma(dy[dyo + i], (x[xo + i] - m) * rs, dg[dgo + i]);
  }
}
