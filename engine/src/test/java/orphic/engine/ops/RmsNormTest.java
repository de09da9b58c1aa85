package orphic.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static orphic.engine.ref.RefOpsB.assertClose;
import static orphic.engine.ref.RefOpsB.toDouble;

import java.util.Arrays;
import java.util.List;
import orphic.engine.kernel.Parallel;
import orphic.engine.ref.RefOpsB;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class RmsNormTest {
  private static final int L = RowKernels.L;
  private static final float EPS = 1e-6f;

  @Test
  void referenceBackwardMatchesFiniteDifferences() {
    int c = 9, n = 4 * c;
    double[] x = RefOpsB.randn(1, 0.3, 2, n), g = RefOpsB.randn(2, 1, 0.5, c), r = RefOpsB.randn(3, 0, 1, n);
    double[][] grads = RefOpsB.rmsNormBackward(x, c, g, EPS, r);
    double[] nx = GradCheck.numericGradient(v -> RefOpsB.dotProduct(r, RefOpsB.rmsNorm(v, c, g, EPS)), x.clone(), 1e-5);
    double[] ng = GradCheck.numericGradient(v -> RefOpsB.dotProduct(r, RefOpsB.rmsNorm(x, c, v, EPS)), g.clone(), 1e-5);
    assertThat(GradCheck.relativeError(grads[0], nx)).isLessThan(1e-6);
    assertThat(GradCheck.relativeError(grads[1], ng)).isLessThan(1e-6);
  }

  @Test
  void float32MatchesReferenceForwardAndBackward() {
    int[][] fixed = {{1, 2}, {4, L - 1}, {3, L}, {2, 3, L + 1}, {5, 3 * L + 5}, {2, 2, 100}, {40, 1031}};
    List<int[]> shapes = RefOpsB.shapes(fixed, 31, 8, 200);
    long seed = 30;
    for (int[] shape : shapes) {
      for (int rep = 0; rep < 2; rep++) {
        int c = shape[shape.length - 1];
        Tensor x = Tensor.randn(seed++, 2f, shape).requiresGrad(true);
        Tensor g = Tensor.randn(seed++, 0.7f, c).requiresGrad(true);
        double[] xd = toDouble(x.toArray()), gd = toDouble(g.toArray());
        String what = Arrays.toString(shape) + " rep " + rep;
        Tensor y = RmsNorm.forward(x, g, EPS);
        assertClose(what + " forward", y.toArray(), RefOpsB.rmsNorm(xd, c, gd, EPS), 1e-5);
        double[] dy = RefOpsB.randn(seed++, 0, 1, x.size());
        RefOpsB.runBackward(y, dy);
        double[][] ref = RefOpsB.rmsNormBackward(xd, c, gd, EPS, dy);
        assertClose(what + " dx", x.grad().toArray(), ref[0], 1e-5);
        assertClose(what + " dgamma", g.grad().toArray(), ref[1], 1e-5);
      }
    }
  }

  @Test
  void float32GradCheck() {
    for (int c : new int[] {6, L + 3}) {
      Tensor x = Tensor.randn(c, 1f, 3, c), g = Tensor.randn(c + 1, 1f, c);
      var report = GradCheck.check(in -> RmsNorm.forward(in.get(0), in.get(1), EPS), List.of(x, g), 1e-2, c);
      assertThat(report.max()).as("c=" + c).isLessThan(1e-3);
    }
  }

  @Test
  void rowsComeOutWithUnitRootMeanSquare() {
    float[] y = RmsNorm.forward(Tensor.randn(1, 7f, 5, 40), Tensor.full(1f, 40), 0f).toArray();
    for (int r = 0; r < 5; r++) {
      double ms = 0;
      for (int j = 0; j < 40; j++) ms += y[r * 40 + j] * y[r * 40 + j];
      assertThat(ms / 40).isCloseTo(1, within(1e-5));
    }
  }

  @Test
  void resultsDoNotDependOnThreadCount() {
    int before = Parallel.threads();
    float[][] dx = new float[2][], dg = new float[2][];
    try {
      for (int t = 1; t <= 2; t++) {
        Parallel.setThreads(t);
        Tensor x = Tensor.randn(1, 1f, 64, 515).requiresGrad(true), g = Tensor.randn(2, 1f, 515).requiresGrad(true);
        Tensor y = RmsNorm.forward(x, g, EPS);
        RefOpsB.runBackward(y, RefOpsB.randn(3, 0, 1, y.size()));
        dx[t - 1] = x.grad().toArray();
        dg[t - 1] = g.grad().toArray();
      }
    } finally {
      Parallel.setThreads(before);
    }
    assertThat(dx[1]).containsExactly(dx[0]);
    assertThat(dg[1]).containsExactly(dg[0]);
  }

  @Test
  void malformedShapesAreRejectedNamingThem() {
    assertThatThrownBy(() -> RmsNorm.forward(Tensor.zeros(2, 4), Tensor.zeros(2), EPS)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2]").hasMessageContaining("[2, 4]").hasMessageContaining("gamma");
    assertThatThrownBy(() -> RmsNorm.forward(Tensor.zeros(2, 4), Tensor.zeros(4), -1f)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eps");
  }
}
