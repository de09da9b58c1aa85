package orphic.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorMathTest {
  private static final int L = FloatVector.SPECIES_PREFERRED.length();

  @Test
  void expIsAccurateAndVectorEqualsScalarBitForBit() {
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[L * 2000 + 7]; // the last 7 take the scalar tail
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 200 - 100);
    x[0] = 0f; x[1] = -0f; x[2] = 88.5f; x[3] = -88f; x[4] = 1e-8f; x[5] = -1e-8f; x[6] = Float.NaN;
    x[7] = Float.POSITIVE_INFINITY; x[8] = Float.NEGATIVE_INFINITY;
    float[] v = new float[x.length];
    VectorMath.exp(x, 0, 0f, v, 0, x.length);
    for (int i = 0; i < x.length; i++) {
      float s = VectorMath.exp(x[i]);
      assertThat(Float.floatToIntBits(v[i])).as("x = %s", x[i]).isEqualTo(Float.floatToIntBits(s));
      if (Float.isNaN(x[i])) continue;
      double ref = Math.exp(x[i]);
      if (x[i] < -87.34f) assertThat(s).isZero();
      else if (x[i] >= -87.3f && x[i] <= 88.37f) assertThat(Math.abs(s - ref)).as("x = %s", x[i]).isLessThanOrEqualTo(Math.ulp((float) ref) * 2.0);
    }
  }

  @Test
  void expShiftsAtOffsetsAndInPlace() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 3 * L + 5;
    float[] x = new float[n + 4];
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 5);
    float shift = 2.75f;
    float[] out = new float[n + 9];
    VectorMath.exp(x, 4, shift, out, 9, n);
    float[] inPlace = x.clone();
    VectorMath.exp(inPlace, 4, shift, inPlace, 4, n);
    for (int i = 0; i < n; i++) {
      int bits = Float.floatToIntBits(VectorMath.exp(x[4 + i] - shift));
      assertThat(Float.floatToIntBits(out[9 + i])).isEqualTo(bits);
      assertThat(Float.floatToIntBits(inPlace[4 + i])).isEqualTo(bits);
    }
    assertThat(out[8]).isZero();
    assertThat(inPlace[3]).isEqualTo(x[3]);
  }

  @Test
  void expSumIsInItsDocumentedOrder() {
    // Terms of very different size make every order give different bits.
    for (int n : new int[] {0, 3, L, 4 * L + 3}) {
      float[] x = new float[n];
      for (int i = 0; i < n; i++) x[i] = i % 3 == 0 ? 18f : (float) -i / 7;
      float[] e = new float[n];
      float sum = VectorMath.exp(x, 0, 0f, e, 0, n);
      int bound = n - n % L;
      float[] lanes = new float[L];
      for (int i = 0; i < bound; i++) lanes[i % L] += e[i];
      float expected = 0f;
      if (bound > 0) for (float lane : lanes) expected += lane;
      for (int i = bound; i < n; i++) expected += e[i];
      assertThat(sum).as("n = %d", n).isEqualTo(expected);
    }
  }

  @Test
  void tanhIsAccurateAndVectorEqualsScalarBitForBit() {
    SplittableRandom r = new SplittableRandom(2);
    float[] x = new float[L * 2000 + 5];
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * (i % 3 == 0 ? 0.05 : 4));
    x[0] = 0f; x[1] = -0f; x[2] = 60f; x[3] = -60f;
    float[] v = new float[x.length];
    VectorMath.tanh(x, 0, v, 0, x.length);
    for (int i = 0; i < x.length; i++) {
      assertThat(Float.floatToIntBits(v[i])).as("x = %s", x[i]).isEqualTo(Float.floatToIntBits(VectorMath.tanh(x[i])));
      assertThat(Math.abs(v[i] - Math.tanh(x[i]))).as("x = %s", x[i]).isLessThan(2e-7 + 1e-6 * Math.abs(Math.tanh(x[i])));
    }
    float[] inPlace = x.clone();
    VectorMath.tanh(inPlace, 0, inPlace, 0, x.length);
    assertThat(inPlace).isEqualTo(v);
  }
}
