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

  /**
   * Elements per pass. The kernels below run a range as a few passes (an element-wise argument,
   * then exp or tanh from VectorMath, then the combination) over chunks this long, so a chunk is
   * still in L1 when the next pass reads it. One pass holding all of it would be too big for C2 to
   * compile without boxing vectors (docs/architecture.md, Kernels). A multiple of every vector
   * length, so chunking leaves which elements take the vector path unchanged.
   */
  private static final int CHUNK = 1024;

  // ---------------------------------------------------------------- tanh form

  private static void tanhForward(float[] x, int xo, float[] out, int oo, int n) {
    for (int c = 0; c < n; c += CHUNK) {
      int m = Math.min(CHUNK, n - c);
      tanhArgument(x, xo + c, out, oo + c, m);
      VectorMath.tanh(out, oo + c, out, oo + c, m);
      // out = ½x(1 + t)
      int i = 0;
      for (int bound = S.loopBound(m); i < bound; i += L) {
        FloatVector v = FloatVector.fromArray(S, x, xo + c + i);
        v.mul(0.5f).mul(FloatVector.fromArray(S, out, oo + c + i).add(1f)).intoArray(out, oo + c + i);
      }
      for (; i < m; i++) out[oo + c + i] = 0.5f * x[xo + c + i] * (1f + out[oo + c + i]);
    }
  }

  private static void tanhBackward(float[] x, int xo, float[] g, int go, float[] xg, int xgo, int n) {
    float[] tt = RowKernels.scratch(Math.min(CHUNK, n));
    for (int c = 0; c < n; c += CHUNK) {
      int m = Math.min(CHUNK, n - c);
      tanhArgument(x, xo + c, tt, 0, m);
      VectorMath.tanh(tt, 0, tt, 0, m);
      tanhGradient(x, xo + c, tt, g, go + c, xg, xgo + c, m);
    }
  }

  /** u = √(2/π)·(x + 0.044715x³), written x·(√(2/π) + √(2/π)·0.044715·x²), over n elements. */
  private static void tanhArgument(float[] x, int xo, float[] u, int uo, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xo + i);
      v.mul(v).mul(SQRT_2_OVER_PI * CUBIC).add(SQRT_2_OVER_PI).mul(v).intoArray(u, uo + i);
    }
    for (; i < n; i++) {
      float v = x[xo + i];
      u[uo + i] = (v * v * (SQRT_2_OVER_PI * CUBIC) + SQRT_2_OVER_PI) * v;
    }
  }

  /** xg += g·(½(1 + t) + ½x(1 − t²)·du/dx) over n elements, t = tanh u from tanhArgument. */
  private static void tanhGradient(float[] x, int xo, float[] tt, float[] g, int go, float[] xg, int xgo, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xo + i);
      FloatVector t = FloatVector.fromArray(S, tt, i);
      // du/dx = √(2/π)(1 + 3·0.044715x²)
      FloatVector du = v.mul(v).mul(3 * CUBIC).add(1f).mul(SQRT_2_OVER_PI);
      FloatVector d = t.add(1f).mul(0.5f).add(v.mul(0.5f).mul(t.neg().fma(t, FloatVector.broadcast(S, 1f))).mul(du));
      d.fma(FloatVector.fromArray(S, g, go + i), FloatVector.fromArray(S, xg, xgo + i)).intoArray(xg, xgo + i);
    }
    for (; i < n; i++) {
      float v = x[xo + i], t = tt[i];
      float du = (v * v * (3 * CUBIC) + 1f) * SQRT_2_OVER_PI;
      float d = (t + 1f) * 0.5f + v * 0.5f * Math.fma(-t, t, 1f) * du;
      xg[xgo + i] = Math.fma(d, g[go + i], xg[xgo + i]);
    }
  }

  // ---------------------------------------------------------------- erf form

  private static void erfForward(float[] x, int xo, float[] out, int oo, int n) {
    for (int c = 0; c < n; c += CHUNK) {
      int m = Math.min(CHUNK, n - c);
      halfSquare(x, xo + c, out, oo + c, m);
      VectorMath.exp(out, oo + c, 0f, out, oo + c, m);
      erfCombine(x, xo + c, out, oo + c, m, false);
    }
  }

  private static void erfBackward(float[] x, int xo, float[] g, int go, float[] xg, int xgo, int n) {
    float[] d = RowKernels.scratch(Math.min(CHUNK, n));
    for (int c = 0; c < n; c += CHUNK) {
      int m = Math.min(CHUNK, n - c);
      halfSquare(x, xo + c, d, 0, m);
      VectorMath.exp(d, 0, 0f, d, 0, m);
      erfCombine(x, xo + c, d, 0, m, true);
      RowKernels.accumulateProduct(d, 0, g, go + c, xg, xgo + c, m);
    }
  }

  /**
   * e ← −x²/2 over n elements, with |x| held at {@link #HALF_SQUARE_LIMIT} (where e^{−x²/2} is already
   * 0 in float). x² is rounded here; {@link #erfCombine} corrects for that rounding.
   */
  private static void halfSquare(float[] x, int xo, float[] e, int eo, int n) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector w = FloatVector.fromArray(S, x, xo + i).abs().min(HALF_SQUARE_LIMIT);
      w.mul(w).mul(-0.5f).intoArray(e, eo + i);
    }
    for (; i < n; i++) {
      float w = Math.min(Math.abs(x[xo + i]), HALF_SQUARE_LIMIT);
      e[eo + i] = w * w * -0.5f;
    }
  }

  /**
   * In place over e = exp(halfSquare(x)): e ← GELU(x) = ½x(1 + erf(x/√2)), or with {@code gradient}
   * e ← GELU′(x) = Φ(x) + x·φ(x), over n elements (see the erf note below for the pieces).
   */
  private static void erfCombine(float[] x, int xo, float[] e, int eo, int n, boolean gradient) {
    int i = 0;
    for (int bound = S.loopBound(n); i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, xo + i);
      FloatVector z = v.mul(INV_SQRT2);
      FloatVector a = z.abs();
      // |z| < 1: 1 + z·P(z²)
      FloatVector s = z.mul(z);
      FloatVector p = s.fma(P6, P5).fma(s, FloatVector.broadcast(S, P4)).fma(s, FloatVector.broadcast(S, P3))
          .fma(s, FloatVector.broadcast(S, P2)).fma(s, FloatVector.broadcast(S, P1)).fma(s, FloatVector.broadcast(S, P0));
      FloatVector centre = z.mul(p).add(1f);
      // |z| ≥ 1: erfc|z| = e^{−x²/2}·Q(t), with e^{−x²/2} = e·(1 − lo/2) for x² = hi + lo.
      FloatVector t = FloatVector.broadcast(S, 1f).div(a.min(FIT_LIMIT).fma(0.5f, 1f));
      FloatVector q = t.fma(Q8, Q7).fma(t, FloatVector.broadcast(S, Q6)).fma(t, FloatVector.broadcast(S, Q5))
          .fma(t, FloatVector.broadcast(S, Q4)).fma(t, FloatVector.broadcast(S, Q3)).fma(t, FloatVector.broadcast(S, Q2))
          .fma(t, FloatVector.broadcast(S, Q1)).fma(t, FloatVector.broadcast(S, Q0));
      FloatVector w = v.abs().min(HALF_SQUARE_LIMIT);
      FloatVector hi = w.mul(w), lo = w.fma(w, hi.neg());
      FloatVector gauss = FloatVector.fromArray(S, e, eo + i).mul(lo.mul(-0.5f).add(1f));
      FloatVector tail = gauss.mul(q);
      FloatVector large = tail.neg().add(2f).blend(tail, z.compare(VectorOperators.LT, 0f));
      FloatVector onePlusErf = large.blend(centre, a.compare(VectorOperators.LT, 1f));
      FloatVector r = gradient
          ? v.fma(gauss.mul(INV_SQRT_2PI), onePlusErf.mul(0.5f))
          : v.mul(0.5f).mul(onePlusErf);
      r.intoArray(e, eo + i);
    }
    for (; i < n; i++) e[eo + i] = erfCombine(x[xo + i], e[eo + i], gradient);
  }

  /** The scalar twin of {@link #erfCombine(float[], int, float[], int, int, boolean)}: the same bits. */
  private static float erfCombine(float v, float e, boolean gradient) {
    float z = v * INV_SQRT2;
    float a = Math.abs(z);
    float onePlusErf;
    float w = Math.min(Math.abs(v), HALF_SQUARE_LIMIT);
    float hi = w * w, lo = Math.fma(w, w, -hi);
    float gauss = e * (lo * -0.5f + 1f);
    if (a < 1f) {
      onePlusErf = z * centre(z) + 1f;
    } else {
      float tail = gauss * tailPolynomial(a);
      onePlusErf = z < 0 ? tail : -tail + 2f;
    }
    return gradient ? Math.fma(v, gauss * INV_SQRT_2PI, onePlusErf * 0.5f) : v * 0.5f * onePlusErf;
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
   * float's normal range. GELU (erfCombine) takes the Gaussian from x rather than z = x/√2:
   * exp(−z²) = exp(−x²/2) = exp(−hi/2)·(1 − lo/2) with x² = hi + lo, which leaves out the rounding
   * of z and gives its backward φ(x) from the same exp; |x| is held at 15.5 (z ≈ 11).
   * Polynomials are evaluated by Horner's rule with fused multiply-adds.
   */
  private static final float P0 = 1.1283791659e+00f, P1 = -3.7612626904e-01f, P2 = 1.1283597463e-01f,
      P3 = -2.6854328796e-02f, P4 = 5.1893119430e-03f, P5 = -8.0188549954e-04f, P6 = 7.8824971195e-05f;
  private static final float Q0 = -3.9912724525e-06f, Q1 = 2.8219547967e-01f, Q2 = 2.8104276191e-01f,
      Q3 = 2.5261064042e-01f, Q4 = 1.5946135631e-01f, Q5 = 1.0193873843e-01f, Q6 = 2.9903593020e-02f,
      Q7 = -1.8880648697e-01f, Q8 = 8.2122953513e-02f;
  private static final float FIT_LIMIT = 9.5f, EXP_LIMIT = 11f, HALF_SQUARE_LIMIT = 15.5f;

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
    float c = Math.min(a, EXP_LIMIT);
    float hi = c * c, lo = Math.fma(c, c, -hi);
    return VectorMath.exp(-hi) * (1f - lo) * tailPolynomial(a);
  }

  /** Q(t) ≈ erfc(a)·exp(a²), t = 1/(1 + a/2), for a ≥ 1. */
  private static float tailPolynomial(float a) {
    float t = 1f / Math.fma(0.5f, Math.min(a, FIT_LIMIT), 1f);
    return Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Q8, t, Q7), t, Q6), t, Q5), t, Q4), t, Q3), t, Q2), t, Q1), t, Q0);
  }
}
