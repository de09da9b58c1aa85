package orphic.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Deterministic vector math over array ranges: exp and tanh as fixed polynomials, with sums in a
 * fixed order; and the scalar twins, which give the same bits.
 *
 * <p>Why not {@code lanewise(EXP)} and {@code reduceLanes(ADD)}? The Vector API leaves the
 * summation order of ADD reductions unspecified, and its transcendental lanewise ops run a
 * different implementation when compiled (SVML) than when interpreted. Either makes a training
 * run depend on what the JIT had compiled at each moment, so two runs with the same seed — or a
 * run and its exact resume — drift apart. Everything here is built from IEEE add, mul, fma and
 * bit operations, which give the same bits interpreted or compiled, in vector lanes or scalar.
 *
 * <p>Why arrays in and out, never a {@code FloatVector}? A vector that crosses a call C2 does not
 * inline is boxed on the heap (an allocation per call and a large slow-down), and C2 stops inlining
 * ordinary methods once a compilation grows past its node budget. So each loop below holds all of
 * its vector code, and callers run it as one pass over a row (see docs/architecture.md, Kernels).
 * The exp polynomial is therefore written out twice, in {@link #exp(float[], int, float, float[], int, int)}
 * and in {@link #tanh(float[], int, float[], int, int)}; keep the two and {@link #exp(float)} in step.
 */
public final class VectorMath {
  private VectorMath() {}

  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private static final float LOG2E = 1.44269504088896341f;
  // ln 2 split in two so that n·LN2_HI is exact for |n| < 2^10 (Cody–Waite reduction).
  private static final float LN2_HI = 0.693359375f;
  private static final float LN2_LO = -2.12194440e-4f;
  private static final float EXP_MAX = 88.3762626647949f;
  private static final float EXP_MIN = -87.3365447505531f;
  // Minimax coefficients for e^r on |r| ≤ ln2/2 (Cephes expf), about 1 ulp.
  private static final float P0 = 1.9875691500e-4f;
  private static final float P1 = 1.3981999507e-3f;
  private static final float P2 = 8.3334519073e-3f;
  private static final float P3 = 4.1665795894e-2f;
  private static final float P4 = 1.6666665459e-1f;
  private static final float P5 = 5.0000001201e-1f;

  // Adding 1.5·2^23 rounds a float of magnitude < 2^22 to the nearest integer (ties to even).
  private static final float ROUND = 12582912f;

  /** Below this |x| tanh uses its odd series, where 1 − 2/(e^{2x}+1) would lose relative precision. */
  private static final float SMALL = 0.0625f;

  /**
   * out[oo + i] = e^(x[xo + i] − shift) for i in [0, n), each as {@link #exp(float)} gives it;
   * returns the sum of the n results, added in a fixed order (each vector lane over its elements,
   * the lanes in lane order, then the scalar tail). out may be x (in place).
   */
  public static float exp(float[] x, int xo, float shift, float[] out, int oo, int n) {
    int i = 0;
    float sum = 0f;
    int bound = S.loopBound(n);
    if (bound > 0) {
      FloatVector vs = FloatVector.broadcast(S, shift);
      FloatVector acc = FloatVector.zero(S);
      for (; i < bound; i += L) {
        FloatVector a = FloatVector.fromArray(S, x, xo + i).sub(vs);
        FloatVector v = a.max(EXP_MIN).min(EXP_MAX);
        FloatVector fn = v.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND)).sub(ROUND); // n = round(v·log2 e)
        FloatVector r = fn.fma(FloatVector.broadcast(S, -LN2_HI), v);
        r = fn.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector r2 = r.mul(r);
        FloatVector p = r.fma(FloatVector.broadcast(S, P0), FloatVector.broadcast(S, P1));
        p = p.fma(r, FloatVector.broadcast(S, P2));
        p = p.fma(r, FloatVector.broadcast(S, P3));
        p = p.fma(r, FloatVector.broadcast(S, P4));
        p = p.fma(r, FloatVector.broadcast(S, P5));
        p = p.fma(r2, r).add(1f);
        IntVector k = (IntVector) fn.convert(VectorOperators.F2I, 0);
        FloatVector scale = k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        // Below the clamp e^x is taken as 0 (the clamp alone would leave e^−87.3).
        FloatVector e = p.mul(scale).blend(0f, a.compare(VectorOperators.LT, EXP_MIN));
        e.intoArray(out, oo + i);
        acc = acc.add(e);
      }
      for (int j = 0; j < L; j++) sum += acc.lane(j);
    }
    for (; i < n; i++) {
      float e = exp(x[xo + i] - shift);
      out[oo + i] = e;
      sum += e;
    }
    return sum;
  }

  /** e^x, about 1 ulp; below −87.3 gives 0, above 88.4 saturates at e^88.4; NaN in, NaN out. */
  public static float exp(float x) {
    if (x < EXP_MIN) return 0f;
    if (Float.isNaN(x)) return Float.NaN;
    float v = Math.min(x, EXP_MAX);
    float fn = Math.fma(v, LOG2E, ROUND) - ROUND;
    float r = Math.fma(fn, -LN2_HI, v);
    r = Math.fma(fn, -LN2_LO, r);
    float r2 = r * r;
    float p = Math.fma(r, P0, P1);
    p = Math.fma(p, r, P2);
    p = Math.fma(p, r, P3);
    p = Math.fma(p, r, P4);
    p = Math.fma(p, r, P5);
    p = Math.fma(p, r2, r) + 1f;
    return p * Float.intBitsToFloat(((int) fn + 127) << 23);
  }

  /**
   * out[oo + i] = tanh x[xo + i] for i in [0, n), each as {@link #tanh(float)} gives it: 1 − 2/(e^{2x} + 1),
   * an odd series near 0; absolute error about 1e-7. out may be x (in place).
   */
  public static void tanh(float[] x, int xo, float[] out, int oo, int n) {
    int i = 0;
    int bound = S.loopBound(n);
    for (; i < bound; i += L) {
      FloatVector u = FloatVector.fromArray(S, x, xo + i);
      // e = e^{2u}, the polynomial of exp above.
      FloatVector a = u.add(u);
      FloatVector v = a.max(EXP_MIN).min(EXP_MAX);
      FloatVector fn = v.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND)).sub(ROUND);
      FloatVector r = fn.fma(FloatVector.broadcast(S, -LN2_HI), v);
      r = fn.fma(FloatVector.broadcast(S, -LN2_LO), r);
      FloatVector r2 = r.mul(r);
      FloatVector p = r.fma(FloatVector.broadcast(S, P0), FloatVector.broadcast(S, P1));
      p = p.fma(r, FloatVector.broadcast(S, P2));
      p = p.fma(r, FloatVector.broadcast(S, P3));
      p = p.fma(r, FloatVector.broadcast(S, P4));
      p = p.fma(r, FloatVector.broadcast(S, P5));
      p = p.fma(r2, r).add(1f);
      IntVector k = (IntVector) fn.convert(VectorOperators.F2I, 0);
      FloatVector scale = k.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
      FloatVector e = p.mul(scale).blend(0f, a.compare(VectorOperators.LT, EXP_MIN));
      FloatVector far = FloatVector.broadcast(S, 2f).div(e.add(1f)).neg().add(1f);
      // x − x³/3 + 2x⁵/15 for |x| < 1/16.
      FloatVector u2 = u.mul(u);
      FloatVector q = u2.fma(FloatVector.broadcast(S, 2f / 15f), FloatVector.broadcast(S, -1f / 3f));
      FloatVector near = q.mul(u2).fma(u, u);
      far.blend(near, u.abs().compare(VectorOperators.LT, SMALL)).intoArray(out, oo + i);
    }
    for (; i < n; i++) out[oo + i] = tanh(x[xo + i]);
  }

  /** tanh x, as {@link #tanh(float[], int, float[], int, int)} gives it. */
  public static float tanh(float x) {
    if (Math.abs(x) < SMALL) {
      float x2 = x * x;
      float p = Math.fma(x2, 2f / 15f, -1f / 3f);
      return Math.fma(p * x2, x, x);
    }
    float e = exp(x + x);
    return -(2f / (e + 1f)) + 1f;
  }
}
