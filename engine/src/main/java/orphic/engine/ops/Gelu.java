package orphic.engine.ops;

import static orphic.engine.ops.RowKernels.L;
import static orphic.engine.ops.RowKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import orphic.engine.kernel.VectorMath;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;

/**
 * GELU, x·Φ(x), elementwise on any shape.
 *
 * <ul>
 *   <li>{@link Mode#ERF}: the exact form, ½x(1 + erf(x/√2)), with the float erf of {@link #erf}.
 *   <li>{@link Mode#TANH}: GPT-2's approximation, ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
 * </ul>
 *
 * The backward recomputes from x (nothing is saved):
 * ERF: Φ(x) + x·φ(x) with φ(x) = exp(−x²/2)/√(2π);
 * TANH: ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²) with t the tanh above.
 */
public final class Gelu {
  private Gelu() {}

  public enum Mode { TANH, ERF }

  private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);
  private static final float CUBIC = 0.044715f;
  private static final float INV_SQRT2 = (float) (1 / Math.sqrt(2));
  private static final float INV_SQRT_2PI = (float) (1 / Math.sqrt(2 * Math.PI));

  /** x: any shape → same shape. */
  public static Tensor forward(Tensor x, Mode mode) {
    if (mode == null) throw new IllegalArgumentException("gelu: mode is null; pass Gelu.Mode.TANH or Gelu.Mode.ERF");
    Tensor in = x.contiguous();
    Tensor out = Tensor.empty(in.shape());
    float[] xd = in.data(), od = out.data();
    int xo = in.offset(), oo = out.offset();
    RowKernels.overElements(in.size(), (s, e) -> {
      if (mode == Mode.TANH) tanhForward(xd, xo + s, od, oo + s, e - s);
      else erfForward(xd, xo + s, od, oo + s, e - s);
    });
    if (Autograd.needsGrad(in)) {
      Autograd.record(out, () -> {
        float[] g = out.gradArray(), xg = in.gradArray();
        int go = out.gradOffset(), xgo = in.gradOffset();
        RowKernels.overElements(in.size(), (s, e) -> {
          if (mode == Mode.TANH) tanhBackward(xd, xo + s, g, go + s, xg, xgo + s, e - s);
          else erfBackward(xd, xo + s, g, go + s, xg, xgo + s, e - s);
        });
      });
    }
    return out;
  }

  // ---------------------------------------------------------------- tanh form

  private static void tanhForward(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xo + i);
      FloatVector t = VectorMath.tanh(tanhArgument(v));
      v.mul(0.5f).mul(t.add(1f)).intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      float v = x[xo + i];
      float t = VectorMath.tanh(tanhArgument(v));
      out[oo + i] = 0.5f * v * (1f + t);
    }
  }

  private static void tanhBackward(float[] x, int xo, float[] g, int go, float[] xg, int xgo, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xo + i);
      FloatVector t = VectorMath.tanh(tanhArgument(v));
      // du/dx = √(2/π)(1 + 3·0.044715x²)
      FloatVector du = v.mul(v).mul(3 * CUBIC).add(1f).mul(SQRT_2_OVER_PI);
      FloatVector d = t.add(1f).mul(0.5f).add(v.mul(0.5f).mul(t.neg().fma(t, FloatVector.broadcast(S, 1f))).mul(du));
      d.fma(FloatVector.fromArray(S, g, go + i), FloatVector.fromArray(S, xg, xgo + i)).intoArray(xg, xgo + i);
    }
    for (; i < n; i++) {
      float v = x[xo + i];
      float t = VectorMath.tanh(tanhArgument(v));
      float du = (v * v * (3 * CUBIC) + 1f) * SQRT_2_OVER_PI;
      float d = (t + 1f) * 0.5f + v * 0.5f * Math.fma(-t, t, 1f) * du;
      xg[xgo + i] = Math.fma(d, g[go + i], xg[xgo + i]);
    }
  }

  /** √(2/π)·(x + 0.044715x³), written x·(√(2/π) + √(2/π)·0.044715·x²). */
  private static FloatVector tanhArgument(FloatVector v) {
    return v.mul(v).mul(SQRT_2_OVER_PI * CUBIC).add(SQRT_2_OVER_PI).mul(v);
  }

  private static float tanhArgument(float v) {
    return (v * v * (SQRT_2_OVER_PI * CUBIC) + SQRT_2_OVER_PI) * v;
  }

  // ---------------------------------------------------------------- erf form

  private static void erfForward(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xo + i);
      v.mul(0.5f).mul(onePlusErf(v.mul(INV_SQRT2))).intoArray(out, oo + i);
    }
    for (; i < n; i++) {
      float v = x[xo + i];
      out[oo + i] = 0.5f * v * onePlusErf(v * INV_SQRT2);
    }
  }

  private static void erfBackward(float[] x, int xo, float[] g, int go, float[] xg, int xgo, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xo + i);
      FloatVector cdf = onePlusErf(v.mul(INV_SQRT2)).mul(0.5f);
      FloatVector pdf = VectorMath.exp(v.mul(v).mul(-0.5f)).mul(INV_SQRT_2PI);
      FloatVector d = v.fma(pdf, cdf);
      d.fma(FloatVector.fromArray(S, g, go + i), FloatVector.fromArray(S, xg, xgo + i)).intoArray(xg, xgo + i);
    }
    for (; i < n; i++) {
      float v = x[xo + i];
      float cdf = onePlusErf(v * INV_SQRT2) * 0.5f;
      float pdf = VectorMath.exp(v * v * -0.5f) * INV_SQRT_2PI;
      float d = Math.fma(v, pdf, cdf);
      xg[xgo + i] = Math.fma(d, g[go + i], xg[xgo + i]);
    }
  }

  /*
   * erf in float32, accurate to 2.5 ulp (measured against a double-precision reference over
   * [-10, 10]).
   * Coefficients were fitted for this class by weighted least squares on Chebyshev nodes against a
   * high-precision erf:
   *   |z| < 1:  erf(z) = z·P(z²), P of degree 6 (fit error 1.4e-9 relative);
   *   |z| ≥ 1:  erfc(|z|) = exp(−z²)·Q(t), t = 1/(1 + |z|/2), with Q of degree 8 approximating
   *             erfc(z)·exp(z²) on [1, 9.5], a smooth, slowly varying function (fit error 7e-9
   *             relative). Q's argument is held at 9.5 beyond that: erfc(9.2) is already below
   *             float's smallest normal number, and exp(−z²) (its argument held at 11, where it
   *             underflows to 0) takes the tail smoothly to 0. exp(−z²) is taken as
   *             exp(−hi)·(1 − lo), with z² = hi + lo split exactly by a fused multiply-add, so the
   *             rounding of z² (which grows with z²) does not leak into the tail.
   * GELU uses 1 + erf(z) in the same pieces: for z ≤ −1 it is the tail itself, never 1 − (1 − tail),
   * so GELU keeps its relative accuracy (better than 1e-6) for negative inputs down to where it leaves
   * float's normal range.
   * Polynomials are evaluated by Horner's rule with fused multiply-adds.
   */
  private static final float P0 = 1.1283791659e+00f, P1 = -3.7612626904e-01f, P2 = 1.1283597463e-01f,
      P3 = -2.6854328796e-02f, P4 = 5.1893119430e-03f, P5 = -8.0188549954e-04f, P6 = 7.8824971195e-05f;
  private static final float Q0 = -3.9912724525e-06f, Q1 = 2.8219547967e-01f, Q2 = 2.8104276191e-01f,
      Q3 = 2.5261064042e-01f, Q4 = 1.5946135631e-01f, Q5 = 1.0193873843e-01f, Q6 = 2.9903593020e-02f,
      Q7 = -1.8880648697e-01f, Q8 = 8.2122953513e-02f;
  private static final float FIT_LIMIT = 9.5f, EXP_LIMIT = 11f;

  /** The error function in float32 (≈2 ulp; see the method note above). NaN in, NaN out. */
  public static float erf(float z) {
    float a = Math.abs(z);
    if (a < 1f) return z * centre(z);
    float r = 1f - tail(a);
    return z < 0 ? -r : r;
  }

  /** 1 + erf(z), accurate relative to itself also where erf(z) is close to −1. */
  static float onePlusErf(float z) {
    float a = Math.abs(z);
    if (a < 1f) return 1f + z * centre(z);
    float t = tail(a);
    return z < 0 ? t : 2f - t;
  }

  /** P(z²) = erf(z)/z for |z| < 1. */
  private static float centre(float z) {
    float s = z * z;
    return Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(P6, s, P5), s, P4), s, P3), s, P2), s, P1), s, P0);
  }

  /** erfc(a) for a ≥ 1 (NaN for NaN). */
  private static float tail(float a) {
    float t = 1f / Math.fma(0.5f, Math.min(a, FIT_LIMIT), 1f);
    float q = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Q8, t, Q7), t, Q6), t, Q5), t, Q4), t, Q3), t, Q2), t, Q1), t, Q0);
    float c = Math.min(a, EXP_LIMIT);
    float hi = c * c, lo = Math.fma(c, c, -hi);
    return VectorMath.exp(-hi) * (1f - lo) * q;
  }

  /** Lane-wise {@link #erf(float)}. */
  static FloatVector erf(FloatVector z) {
    FloatVector a = z.abs();
    FloatVector r = tail(a).neg().add(1f);
    FloatVector large = r.blend(r.neg(), z.compare(VectorOperators.LT, 0f));
    return large.blend(z.mul(centre(z)), a.compare(VectorOperators.LT, 1f));
  }

  /** Lane-wise {@link #onePlusErf(float)}. */
  static FloatVector onePlusErf(FloatVector z) {
    FloatVector t = tail(z.abs());
    FloatVector large = t.neg().add(2f).blend(t, z.compare(VectorOperators.LT, 0f));
    return large.blend(z.mul(centre(z)).add(1f), z.abs().compare(VectorOperators.LT, 1f));
  }

  private static FloatVector centre(FloatVector z) {
    FloatVector s = z.mul(z);
    return s.fma(P6, P5).fma(s, FloatVector.broadcast(S, P4)).fma(s, FloatVector.broadcast(S, P3))
        .fma(s, FloatVector.broadcast(S, P2)).fma(s, FloatVector.broadcast(S, P1)).fma(s, FloatVector.broadcast(S, P0));
  }

  private static FloatVector tail(FloatVector a) {
    FloatVector t = FloatVector.broadcast(S, 1f).div(a.min(FIT_LIMIT).fma(0.5f, 1f));
    FloatVector q = t.fma(Q8, Q7).fma(t, FloatVector.broadcast(S, Q6)).fma(t, FloatVector.broadcast(S, Q5))
        .fma(t, FloatVector.broadcast(S, Q4)).fma(t, FloatVector.broadcast(S, Q3)).fma(t, FloatVector.broadcast(S, Q2))
        .fma(t, FloatVector.broadcast(S, Q1)).fma(t, FloatVector.broadcast(S, Q0));
    FloatVector c = a.min(EXP_LIMIT);
    FloatVector hi = c.mul(c), lo = c.fma(c, hi.neg());
    return VectorMath.exp(hi.neg()).mul(lo.neg().add(1f)).mul(q);
  }
}
