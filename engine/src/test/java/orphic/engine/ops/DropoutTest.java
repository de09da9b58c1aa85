package orphic.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static orphic.engine.ref.RefOpsB.assertClose;
import static orphic.engine.ref.RefOpsB.toDouble;

import java.util.List;
import orphic.engine.kernel.Parallel;
import orphic.engine.ref.RefOpsB;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class DropoutTest {
  @Test
  void referenceBackwardMatchesFiniteDifferences() {
    double[] x = RefOpsB.randn(1, 0, 1, 50), r = RefOpsB.randn(2, 0, 1, 50);
    double[] numeric = GradCheck.numericGradient(v -> RefOpsB.dotProduct(r, RefOpsB.dropout(v, 0.3, 9)), x.clone(), 1e-5);
    assertThat(GradCheck.relativeError(RefOpsB.dropoutBackward(r, 0.3, 9), numeric)).isLessThan(1e-6);
  }

  @Test
  void float32MatchesReferenceForwardAndBackward() {
    long seed = 80;
    for (int n : new int[] {1, 17, 1000, 50_001}) {
      for (float p : new float[] {0.1f, 0.5f, 0.9f}) {
        Tensor x = Tensor.randn(seed++, 1f, n).requiresGrad(true);
        Tensor y = Dropout.forward(x, p, seed);
        assertClose("forward n=" + n + " p=" + p, y.toArray(), RefOpsB.dropout(toDouble(x.toArray()), p, seed), 1e-6);
        double[] dy = RefOpsB.randn(seed + 1, 0, 1, n);
        RefOpsB.runBackward(y, dy);
        assertClose("backward n=" + n + " p=" + p, x.grad().toArray(), RefOpsB.dropoutBackward(dy, p, seed), 1e-6);
        assertThat(Dropout.kept(seed, n / 2, p)).isEqualTo(RefOpsB.dropoutKeeps(seed, n / 2, p));
      }
    }
  }

  @Test
  void float32GradCheck() {
    var report = GradCheck.check(in -> Dropout.forward(in.get(0), 0.4f, 5), List.of(Tensor.randn(3, 1f, 4, 6)), 1e-2, 4);
    assertThat(report.max()).isLessThan(1e-3);
  }

  @Test
  void zeroProbabilityReturnsTheInputItself() {
    Tensor x = Tensor.randn(1, 1f, 10);
    assertThat(Dropout.forward(x, 0f, 1)).isSameAs(x);
  }

  @Test
  void sameSeedSameMaskDifferentSeedDifferentMask() {
    Tensor ones = Tensor.full(1f, 4096);
    float[] a = Dropout.forward(ones, 0.5f, 42).toArray();
    float[] b = Dropout.forward(ones, 0.5f, 42).toArray();
    float[] c = Dropout.forward(ones, 0.5f, 43).toArray();
    assertThat(b).containsExactly(a);
    int differ = 0;
    for (int i = 0; i < a.length; i++) if (a[i] != c[i]) differ++;
    // Independent masks disagree on about half the elements.
    assertThat(differ).isBetween(1800, 2300);
  }

  @Test
  void maskDoesNotDependOnThreadCount() {
    int before = Parallel.threads();
    float[][] y = new float[2][];
    try {
      for (int t = 1; t <= 2; t++) {
        Parallel.setThreads(t);
        y[t - 1] = Dropout.forward(Tensor.full(1f, 40_000), 0.3f, 7).toArray();
      }
    } finally {
      Parallel.setThreads(before);
    }
    assertThat(y[1]).containsExactly(y[0]);
  }

  @Test
  void keepRateAndExpectationMatchP() {
    int n = 1_000_000;
    for (float p : new float[] {0.1f, 0.5f, 0.8f}) {
      float[] y = Dropout.forward(Tensor.full(1f, n), p, 123).toArray();
      long kept = 0;
      double sum = 0;
      for (float v : y) {
        if (v != 0f) {
          kept++;
          assertThat(v).isCloseTo(1f / (1f - p), within(1e-6f));
        }
        sum += v;
      }
      // Binomial standard deviation of the keep rate is √(p(1−p)/n) ≤ 5e-4: allow about 6σ.
      assertThat((double) kept / n).as("keep rate p=" + p).isCloseTo(1 - p, within(3e-3));
      assertThat(sum / n).as("mean p=" + p).isCloseTo(1.0, within(0.015));
    }
  }

  @Test
  void invalidProbabilitiesAreRejected() {
    Tensor x = Tensor.zeros(3);
    for (float p : new float[] {-0.1f, 1f, 1.5f, Float.NaN}) {
      assertThatThrownBy(() -> Dropout.forward(x, p, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1)");
    }
  }
}
