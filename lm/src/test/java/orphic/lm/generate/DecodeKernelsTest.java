package orphic.lm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import orphic.engine.ops.Gelu;
import org.junit.jupiter.api.Test;

class DecodeKernelsTest {
  @Test
  void geluIsWithinAMillionthOfTheEngineGelu() {
    int n = 16 * 4096;
    float[] x = new float[n];
    SplittableRandom r = new SplittableRandom(3);
    for (int i = 0; i < n; i++) x[i] = i < 1024 ? (i - 512) / 40f : (float) (r.nextGaussian() * 4);
    float[] y = x.clone();
    DecodeKernels.gelu(y, 0, n);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      float v = x[i];
      double ref = 0.5 * v * (1 + Gelu.erf((float) (v / Math.sqrt(2))));
      worst = Math.max(worst, Math.abs(y[i] - ref) / Math.max(1, Math.abs(v)));
    }
    assertThat(worst).isLessThan(1e-6);
    float[] zeros = new float[16 * 4];
    DecodeKernels.gelu(zeros, 0, zeros.length);
    assertThat(zeros).containsOnly(0f);
  }

  @Test
  void panelLayoutCoversEveryElementOnce() {
    for (int outP : new int[] {16, 48, 64, 80, 192, 1024}) {
      int in = 7;
      boolean[] seen = new boolean[in * outP];
      for (int i = 0; i < in; i++) {
        for (int c = 0; c < outP; c++) {
          int k = DecodeKernels.panelIndex(i, c, in, outP);
          assertThat(seen[k]).isFalse();
          seen[k] = true;
        }
      }
    }
  }
}
