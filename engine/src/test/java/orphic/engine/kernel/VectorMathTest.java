package orphic.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

class VectorMathTest {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

  @Test
  void expIsAccurateAndVectorEqualsScalarBitForBit() {
    SplittableRandom r = new SplittableRandom(1);
    float[] x = new float[S.length() * 2000];
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 200 - 100);
    x[0] = 0f; x[1] = -0f; x[2] = 88.5f; x[3] = -88f; x[4] = 1e-8f; x[5] = -1e-8f; x[6] = Float.NaN;
    float[] v = new float[x.length];
    for (int i = 0; i < x.length; i += S.length()) VectorMath.exp(FloatVector.fromArray(S, x, i)).intoArray(v, i);
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
  void tanhIsAccurateAndVectorEqualsScalarBitForBit() {
    SplittableRandom r = new SplittableRandom(2);
    float[] x = new float[S.length() * 2000];
    for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * (i % 3 == 0 ? 0.05 : 4));
    float[] v = new float[x.length];
    for (int i = 0; i < x.length; i += S.length()) VectorMath.tanh(FloatVector.fromArray(S, x, i)).intoArray(v, i);
    for (int i = 0; i < x.length; i++) {
      assertThat(Float.floatToIntBits(v[i])).isEqualTo(Float.floatToIntBits(VectorMath.tanh(x[i])));
      assertThat(Math.abs(v[i] - Math.tanh(x[i]))).as("x = %s", x[i]).isLessThan(2e-7 + 1e-6 * Math.abs(Math.tanh(x[i])));
    }
  }

  @Test
  void laneSumIsInLaneOrder() {
    float[] a = new float[S.length()];
    for (int i = 0; i < a.length; i++) a[i] = i == 0 ? 1e8f : 1f;
    float expected = 0f;
    for (float f : a) expected += f;
    assertThat(VectorMath.sum(FloatVector.fromArray(S, a, 0))).isEqualTo(expected);
  }
}
