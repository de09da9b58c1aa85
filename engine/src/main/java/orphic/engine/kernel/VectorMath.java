package orphic.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Deterministic vector math: exp and tanh as fixed polynomials, and lane sums in a fixed order.
 *
 * <p>Why not {@code lanewise(EXP)} and {@code reduceLanes(ADD)}? The Vector API leaves the
 * summation order of ADD reductions unspecified, and its transcendental lanewise ops run a
 * different implementation when compiled (SVML) than when interpreted. Either makes a training
 * run depend on what the JIT had compiled at each moment, so two runs with the same seed — or a
 * run and its exact resume — drift apart. Everything here is built from IEEE add, mul, fma and
 * bit operations, which give the same bits interpreted or compiled, in vector lanes or scalar.
 */
public final class VectorMath {
  private VectorMath() {}

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

  /** e^x lane by lane, about 1 ulp; below −87.3 gives 0, above 88.4 saturates at e^88.4. */
  public static FloatVector exp(FloatVector x) {
    VectorSpecies<Float> s = x.species();
    FloatVector v = x.max(EXP_MIN).min(EXP_MAX);
    FloatVector fn = v.fma(FloatVector.broadcast(s, LOG2E), FloatVector.broadcast(s, ROUND)).sub(ROUND); // n = round(v·log2 e)
    FloatVector r = fn.fma(FloatVector.broadcast(s, -LN2_HI), v);
    r = fn.fma(FloatVector.broadcast(s, -LN2_LO), r);
    FloatVector r2 = r.mul(r);
    FloatVector p = r.fma(FloatVector.broadcast(s, P0), FloatVector.broadcast(s, P1));
    p = p.fma(r, FloatVector.broadcast(s, P2));
    p = p.fma(r, FloatVector.broadcast(s, P3));
    p = p.fma(r, FloatVector.broadcast(s, P4));
    p = p.fma(r, FloatVector.broadcast(s, P5));
    p = p.fma(r2, r).add(1f);
    IntVector n = (IntVector) fn.convert(VectorOperators.F2I, 0);
    FloatVector scale = n.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
    // Below the clamp e^x is taken as 0 (the clamp alone would leave e^−87.3).
    return p.mul(scale).blend(0f, x.compare(VectorOperators.LT, EXP_MIN));
  }

  /** The scalar twin of {@link #exp(FloatVector)}: bit-identical results. */
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

  /** tanh x = 1 − 2/(e^{2x} + 1) lane by lane, an odd series near 0; absolute error about 1e-7. */
  public static FloatVector tanh(FloatVector x) {
    FloatVector e = exp(x.add(x));
    FloatVector far = FloatVector.broadcast(x.species(), 2f).div(e.add(1f)).neg().add(1f);
    return far.blend(tanhSmall(x), x.abs().compare(VectorOperators.LT, SMALL));
  }

  private static final float SMALL = 0.0625f;

  /** x − x³/3 + 2x⁵/15 for |x| < 1/16, where 1 − 2/(e^{2x}+1) would lose relative precision. */
  private static FloatVector tanhSmall(FloatVector x) {
    FloatVector x2 = x.mul(x);
    FloatVector p = x2.fma(FloatVector.broadcast(x.species(), 2f / 15f), FloatVector.broadcast(x.species(), -1f / 3f));
    return p.mul(x2).fma(x, x);
  }

  /** The scalar twin of {@link #tanh(FloatVector)}. */
  public static float tanh(float x) {
    if (Math.abs(x) < SMALL) {
      float x2 = x * x;
      float p = Math.fma(x2, 2f / 15f, -1f / 3f);
      return Math.fma(p * x2, x, x);
    }
    float e = exp(x + x);
    return -(2f / (e + 1f)) + 1f;
  }

  /** Sum of the lanes, always in lane order 0, 1, 2, … */
  public static float sum(FloatVector v) {
    float s = 0f;
    for (int i = 0; i < v.length(); i++) s += v.lane(i);
    return s;
  }
}
