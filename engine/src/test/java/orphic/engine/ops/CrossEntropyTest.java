package orphic.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static orphic.engine.ref.RefOpsB.assertClose;
import static orphic.engine.ref.RefOpsB.toDouble;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import orphic.engine.ref.RefOpsB;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class CrossEntropyTest {
  private static final int L = RowKernels.L;

  private static int[] targets(long seed, int n, int v, double ignoreRate) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] t = new int[n];
    for (int i = 0; i < n; i++) t[i] = rng.nextDouble() < ignoreRate ? -1 : rng.nextInt(v);
    return t;
  }

  private static float[] weights(long seed, int n) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) w[i] = (float) (0.25 + 1.5 * rng.nextDouble());
    return w;
  }

  @Test
  void referenceBackwardMatchesFiniteDifferences() {
    int v = 7, n = 5;
    double[] x = RefOpsB.randn(1, 0, 2, n * v);
    int[] t = {3, -1, 0, 6, 2};
    double[] w = {1.0, 2.0, 0.5, 1.5, 0.75};
    for (double eps : new double[] {0, 0.1}) {
      for (double[] weights : new double[][] {null, w}) {
        double[] numeric = GradCheck.numericGradient(z -> RefOpsB.crossEntropy(z, v, t, weights, eps), x.clone(), 1e-5);
        double[] analytic = RefOpsB.crossEntropyBackward(x, v, t, weights, eps, 1.0);
        assertThat(GradCheck.relativeError(analytic, numeric)).as("eps=" + eps + " weights=" + (weights != null)).isLessThan(1e-6);
      }
      double[] r = RefOpsB.randn(2, 0, 1, n);
      double[] numeric = GradCheck.numericGradient(z -> RefOpsB.dotProduct(r, RefOpsB.crossEntropyRows(z, v, t, eps)), x.clone(), 1e-5);
      assertThat(GradCheck.relativeError(RefOpsB.crossEntropyRowsBackward(x, v, t, eps, r), numeric)).isLessThan(1e-6);
    }
  }

  @Test
  void float32MatchesReferenceForwardAndBackward() {
    int[][] fixed = {{1, 1}, {3, 2}, {4, L - 1}, {3, L}, {2, 3, L + 1}, {5, 3 * L + 5}, {6, 65}, {8, 5003}};
    List<int[]> shapes = RefOpsB.shapes(fixed, 51, 8, 200);
    long seed = 50;
    for (int[] shape : shapes) {
      int v = shape[shape.length - 1], n = Arrays.stream(shape).reduce(1, (a, b) -> a * b) / v;
      for (float eps : new float[] {0f, 0.1f}) {
        for (boolean weighted : new boolean[] {false, true}) {
          Tensor x = Tensor.randn(seed++, 3f, shape).requiresGrad(true);
          int[] t = targets(seed++, n, v, 0.2);
          if (t[0] < 0) t[0] = v - 1; // keep at least one row
          float[] w = weighted ? weights(seed++, n) : null;
          double[] xd = toDouble(x.toArray()), wd = w == null ? null : toDouble(w);
          String what = Arrays.toString(shape) + " eps=" + eps + " weighted=" + weighted;
          Tensor loss = CrossEntropy.forward(x, t, w, eps);
          assertThat(loss.shape()).isEmpty();
          double expected = RefOpsB.crossEntropy(xd, v, t, wd, eps);
          assertThat((double) loss.item()).as(what).isCloseTo(expected, within(2e-6 * Math.max(1, Math.abs(expected))));
          loss.backward();
          assertClose(what + " backward", x.grad().toArray(), RefOpsB.crossEntropyBackward(xd, v, t, wd, eps, 1.0), 2e-5);
        }
      }
    }
  }

  @Test
  void perRowMatchesReferenceForwardAndBackward() {
    long seed = 70;
    for (int[] shape : new int[][] {{5, L + 1}, {2, 3, 100}, {4, 1031}}) {
      int v = shape[shape.length - 1], n = Arrays.stream(shape).reduce(1, (a, b) -> a * b) / v;
      for (float eps : new float[] {0f, 0.2f}) {
        Tensor x = Tensor.randn(seed++, 2f, shape).requiresGrad(true);
        int[] t = targets(seed++, n, v, 0.3);
        double[] xd = toDouble(x.toArray());
        Tensor losses = CrossEntropy.perRow(x, t, eps);
        assertThat(losses.shape()).isEqualTo(Arrays.copyOf(shape, shape.length - 1));
        assertClose("perRow forward", losses.toArray(), RefOpsB.crossEntropyRows(xd, v, t, eps), 2e-6);
        double[] dy = RefOpsB.randn(seed++, 0, 1, n);
        RefOpsB.runBackward(losses, dy);
        assertClose("perRow backward", x.grad().toArray(), RefOpsB.crossEntropyRowsBackward(xd, v, t, eps, dy), 2e-5);
      }
    }
  }

  @Test
  void float32GradCheck() {
    int[] t = {2, -1, 0, 4};
    float[] w = {1f, 3f, 0.5f, 2f};
    for (float eps : new float[] {0f, 0.1f}) {
      var mean = GradCheck.check(in -> CrossEntropy.forward(in.get(0), t, w, eps), List.of(Tensor.randn(1, 1f, 4, 5)), 1e-2, 1);
      assertThat(mean.max()).as("mean eps=" + eps).isLessThan(1e-3);
      var rows = GradCheck.check(in -> CrossEntropy.perRow(in.get(0), t, eps), List.of(Tensor.randn(2, 1f, 2, 2, 5)), 1e-2, 2);
      assertThat(rows.max()).as("perRow eps=" + eps).isLessThan(1e-3);
      int[] wide = {L + 2, 0, 7};
      var big = GradCheck.check(in -> CrossEntropy.forward(in.get(0), wide, null, eps), List.of(Tensor.randn(3, 1f, 3, L + 3)), 1e-2, 3);
      assertThat(big.max()).as("V=L+3 eps=" + eps).isLessThan(1e-3);
    }
  }

  @Test
  void withoutSmoothingItIsMinusLogSoftmaxAtTheTarget() {
    Tensor x = Tensor.randn(4, 2f, 3, 11);
    int[] t = {5, 0, 10};
    float[] lp = Softmax.logSoftmax(x).toArray();
    double expected = -(lp[5] + lp[11] + lp[2 * 11 + 10]) / 3;
    assertThat((double) CrossEntropy.forward(x, t, null, 0f).item()).isCloseTo(expected, within(1e-6));
    float[] rows = CrossEntropy.perRow(x, t, 0f).toArray();
    assertThat(rows[1]).isCloseTo(-lp[11], within(1e-6f));
  }

  @Test
  void ignoredRowsContributeNothing() {
    Tensor x = Tensor.randn(5, 1f, 4, 9).requiresGrad(true);
    int[] t = {3, -1, 8, -1};
    float loss = CrossEntropy.forward(x, t, null, 0.1f).item();
    // Same as the loss over the kept rows alone.
    Tensor kept = Tensor.of(concat(x.row(0).toArray(), x.row(2).toArray()), 2, 9);
    assertThat(loss).isCloseTo(CrossEntropy.forward(kept, new int[] {3, 8}, null, 0.1f).item(), within(1e-6f));
    CrossEntropy.forward(x, t, null, 0.1f).backward();
    for (int r : new int[] {1, 3}) assertThat(x.grad().row(r).toArray()).containsOnly(0f);
    assertThat(CrossEntropy.perRow(x, t, 0f).toArray()[1]).isZero();
    // Every row ignored: the loss is 0 and the gradient stays 0.
    Tensor y = Tensor.randn(6, 1f, 2, 9).requiresGrad(true);
    Tensor none = CrossEntropy.forward(y, new int[] {-1, -1}, null, 0f);
    assertThat(none.item()).isZero();
    none.backward();
    assertThat(y.grad().toArray()).containsOnly(0f);
  }

  private static float[] concat(float[] a, float[] b) {
    float[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void perSampleWeightsScaleEachRowsShare() {
    Tensor x = Tensor.randn(7, 1f, 3, 6);
    int[] t = {1, 4, -1};
    float[] rows = CrossEntropy.perRow(x, t, 0f).toArray();
    float[] w = {2f, 0.5f, 100f}; // the ignored row's weight must not matter
    double expected = (2 * rows[0] + 0.5 * rows[1]) / 2;
    assertThat((double) CrossEntropy.forward(x, t, w, 0f).item()).isCloseTo(expected, within(1e-6));
    // Weight 0 removes a row's gradient but still counts it in the denominator.
    Tensor x2 = Tensor.randn(8, 1f, 2, 6).requiresGrad(true);
    CrossEntropy.forward(x2, new int[] {1, 2}, new float[] {0f, 1f}, 0f).backward();
    assertThat(x2.grad().row(0).toArray()).containsOnly(0f);
    assertThat(x2.grad().row(1).toArray()[2]).isLessThan(0f);
  }

  @Test
  void badTargetsAndShapesAreRejectedClearly() {
    Tensor x = Tensor.zeros(2, 3, 5);
    assertThatThrownBy(() -> CrossEntropy.forward(x, new int[] {0, 1, 2, 3, 5, 0}, null, 0f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target 5").hasMessageContaining("row 4")
        .hasMessageContaining("[0, 5)");
    assertThatThrownBy(() -> CrossEntropy.forward(x, new int[] {0, -2, 0, 0, 0, 0}, null, 0f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target -2");
    assertThatThrownBy(() -> CrossEntropy.forward(x, new int[] {0, 1}, null, 0f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[2, 3, 5]").hasMessageContaining("6 rows")
        .hasMessageContaining("2 entries");
    assertThatThrownBy(() -> CrossEntropy.forward(x, new int[6], new float[3], 0f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("weights");
    assertThatThrownBy(() -> CrossEntropy.forward(x, new int[6], null, 1f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labelSmoothing");
    assertThatThrownBy(() -> CrossEntropy.perRow(x, new int[] {9, 0, 0, 0, 0, 0}, 0f))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("target 9");
  }

  @Test
  void survivesHugeLogitsAndKeepsTargetsPastTheForward() {
    float[] v = new float[3 * 20];
    for (int i = 0; i < v.length; i++) v[i] = (i % 2 == 0 ? 1e4f : -1e4f);
    Tensor x = Tensor.of(v, 3, 20).requiresGrad(true);
    int[] t = {0, 1, 2};
    Tensor loss = CrossEntropy.forward(x, t, null, 0.1f);
    double expected = RefOpsB.crossEntropy(toDouble(v), 20, t, null, 0.1);
    assertThat((double) loss.item()).isCloseTo(expected, within(1e-3 * expected));
    Arrays.fill(t, -1); // a caller refilling its batch array must not change the pending backward
    loss.backward();
    assertClose("backward", x.grad().toArray(), RefOpsB.crossEntropyBackward(toDouble(v), 20, new int[] {0, 1, 2}, null, 0.1, 1.0), 1e-5);
  }
}
