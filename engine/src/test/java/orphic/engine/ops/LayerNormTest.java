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
import orphic.engine.tensor.Arena;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class LayerNormTest {
  private static final int L = RowKernels.L;
  private static final float EPS = 1e-5f;

  @Test
  void referenceBackwardMatchesFiniteDifferences() {
    int c = 7, n = 3 * c;
    double[] x = RefOpsB.randn(1, 0.5, 2, n), g = RefOpsB.randn(2, 1, 0.5, c), b = RefOpsB.randn(3, 0, 1, c);
    double[] r = RefOpsB.randn(4, 0, 1, n);
    double[][] grads = RefOpsB.layerNormBackward(x, c, g, EPS, r);
    double[] nx = GradCheck.numericGradient(v -> RefOpsB.dotProduct(r, RefOpsB.layerNorm(v, c, g, b, EPS)), x.clone(), 1e-5);
    double[] ng = GradCheck.numericGradient(v -> RefOpsB.dotProduct(r, RefOpsB.layerNorm(x, c, v, b, EPS)), g.clone(), 1e-5);
    double[] nb = GradCheck.numericGradient(v -> RefOpsB.dotProduct(r, RefOpsB.layerNorm(x, c, g, v, EPS)), b.clone(), 1e-5);
    assertThat(GradCheck.relativeError(grads[0], nx)).isLessThan(1e-6);
    assertThat(GradCheck.relativeError(grads[1], ng)).isLessThan(1e-6);
    assertThat(GradCheck.relativeError(grads[2], nb)).isLessThan(1e-6);
  }

  @Test
  void float32MatchesReferenceForwardAndBackward() {
    int[][] fixed = {{1, 1}, {4, L - 1}, {3, L}, {2, 3, L + 1}, {5, 3 * L + 5}, {2, 2, 100}, {40, 1031}};
    List<int[]> shapes = RefOpsB.shapes(fixed, 21, 8, 200);
    long seed = 20;
    for (int[] shape : shapes) {
      for (boolean withBeta : new boolean[] {true, false}) {
        int c = shape[shape.length - 1];
        // An offset mean and a spread scale, as activations have.
        Tensor x = Tensor.randn(seed++, 2f, shape);
        x = Tensor.of(shifted(x.toArray(), 3f), shape).requiresGrad(true);
        Tensor g = Tensor.randn(seed++, 0.5f, c), b = withBeta ? Tensor.randn(seed++, 1f, c) : null;
        g = Tensor.of(shifted(g.toArray(), 1f), c).requiresGrad(true);
        if (b != null) b.requiresGrad(true);
        double[] xd = toDouble(x.toArray()), gd = toDouble(g.toArray()), bd = b == null ? null : toDouble(b.toArray());
        String what = Arrays.toString(shape) + (withBeta ? " with beta" : " no beta");
        Tensor y = LayerNorm.forward(x, g, b, EPS);
        assertClose(what + " forward", y.toArray(), RefOpsB.layerNorm(xd, c, gd, bd, EPS), 1e-5);
        double[] dy = RefOpsB.randn(seed++, 0, 1, x.size());
        RefOpsB.runBackward(y, dy);
        double[][] ref = RefOpsB.layerNormBackward(xd, c, gd, EPS, dy);
        assertClose(what + " dx", x.grad().toArray(), ref[0], 1e-5);
        assertClose(what + " dgamma", g.grad().toArray(), ref[1], 1e-5);
        if (b != null) assertClose(what + " dbeta", b.grad().toArray(), ref[2], 1e-5);
      }
    }
  }

  private static float[] shifted(float[] v, float by) {
    for (int i = 0; i < v.length; i++) v[i] += by;
    return v;
  }

  @Test
  void float32GradCheck() {
    for (int c : new int[] {5, L + 3}) {
      Tensor x = Tensor.randn(c, 1f, 3, c), g = Tensor.randn(c + 1, 1f, c), b = Tensor.randn(c + 2, 1f, c);
      var report = GradCheck.check(in -> LayerNorm.forward(in.get(0), in.get(1), in.get(2), EPS), List.of(x, g, b), 1e-2, c);
      assertThat(report.max()).as("c=" + c).isLessThan(1e-3);
      var noBeta = GradCheck.check(in -> LayerNorm.forward(in.get(0), in.get(1), null, EPS), List.of(x, g), 1e-2, c);
      assertThat(noBeta.max()).as("c=" + c + " no beta").isLessThan(1e-3);
    }
  }

  @Test
  void rowsComeOutWithZeroMeanAndUnitVariance() {
    Tensor x = Tensor.randn(1, 5f, 6, 50);
    float[] y = LayerNorm.forward(x, Tensor.full(1f, 50), null, 0f).toArray();
    for (int r = 0; r < 6; r++) {
      double m = 0, v = 0;
      for (int j = 0; j < 50; j++) m += y[r * 50 + j];
      m /= 50;
      for (int j = 0; j < 50; j++) v += (y[r * 50 + j] - m) * (y[r * 50 + j] - m);
      assertThat(m).isCloseTo(0, within(1e-6));
      assertThat(v / 50).isCloseTo(1, within(1e-5));
    }
  }

  @Test
  void savedStatisticsComeFromTheArenaAndBackwardStillMatches() {
    Arena arena = new Arena(1 << 12);
    Tensor g = Tensor.randn(2, 1f, 33).requiresGrad(true);
    Tensor x = Tensor.randn(1, 1f, 8, 33).requiresGrad(true);
    double[] dy = RefOpsB.randn(3, 0, 1, 8 * 33);
    try (var scope = arena.open()) {
      Tensor y = LayerNorm.forward(x, g, null, EPS);
      assertThat(arena.highWaterFloats()).isGreaterThanOrEqualTo(8 * 33 + 2 * 8);
      RefOpsB.runBackward(y, dy);
    }
    double[][] ref = RefOpsB.layerNormBackward(toDouble(x.toArray()), 33, toDouble(g.toArray()), EPS, dy);
    assertClose("dx", x.grad().toArray(), ref[0], 1e-5);
    assertClose("dgamma", g.grad().toArray(), ref[1], 1e-5);
  }

  @Test
  void resultsDoNotDependOnThreadCount() {
    int before = Parallel.threads();
    float[][] out = new float[2][], dx = new float[2][], dg = new float[2][];
    try {
      for (int t = 1; t <= 2; t++) {
        Parallel.setThreads(t);
        Tensor x = Tensor.randn(1, 1f, 64, 515).requiresGrad(true), g = Tensor.randn(2, 1f, 515).requiresGrad(true);
        Tensor y = LayerNorm.forward(x, g, null, EPS);
        RefOpsB.runBackward(y, RefOpsB.randn(3, 0, 1, y.size()));
        out[t - 1] = y.toArray();
        dx[t - 1] = x.grad().toArray();
        dg[t - 1] = g.grad().toArray();
      }
    } finally {
      Parallel.setThreads(before);
    }
    assertThat(out[1]).containsExactly(out[0]);
    assertThat(dx[1]).containsExactly(dx[0]);
    assertThat(dg[1]).containsExactly(dg[0]);
  }

  @Test
  void malformedShapesAreRejectedNamingThem() {
    Tensor x = Tensor.zeros(2, 3, 4);
    assertThatThrownBy(() -> LayerNorm.forward(x, Tensor.zeros(5), null, EPS)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[5]").hasMessageContaining("[2, 3, 4]").hasMessageContaining("gamma");
    assertThatThrownBy(() -> LayerNorm.forward(x, Tensor.zeros(4), Tensor.zeros(1, 4), EPS)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beta").hasMessageContaining("[1, 4]");
    assertThatThrownBy(() -> LayerNorm.forward(Tensor.scalar(1f), Tensor.zeros(1), null, EPS))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[]");
  }
}
