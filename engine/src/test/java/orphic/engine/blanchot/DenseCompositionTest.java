package orphic.engine.blanchot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import orphic.engine.autograd.Autograd;
import orphic.engine.blanchot.BlanchotianAttention.VoidMode;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class DenseCompositionTest {
  private static BlanchotianTransformer stack(boolean dense, int window, int dilation) {
    BlanchotianTransformer t = BlanchotianTransformer.builder(16, 3, 2).voidMode(VoidMode.KEY_VALUE).residualScores(true)
        .dense(dense, window, dilation).build();
    t.initialize(42);
    return t;
  }

  @Test
  void atInitialisationTheDenseStackIsThePlainStackExactly() {
    Tensor x = Tensor.randn(3, 1f, 2, 6, 16);
    BlanchotianTransformer plain = stack(false, 0, 1);
    for (int[] wd : new int[][] {{0, 1}, {2, 1}, {0, 2}}) {
      BlanchotianTransformer dense = stack(true, wd[0], wd[1]);
      try (var ng = Autograd.noGrad()) {
        assertThat(dense.forward(x).toArray()).containsExactly(plain.forward(x).toArray());
      }
    }
  }

  @Test
  void denseCompositionAddsLTimesLPlusThreeOverTwoScalars() {
    int layers = 3;
    long extra = stack(true, 0, 1).parameterCount() - stack(false, 0, 1).parameterCount();
    assertThat(extra).isEqualTo(layers * (layers + 3) / 2);
  }

  @Test
  void windowAndDilationChooseTheSources() {
    assertThat(BlanchotianTransformer.sources(4, 0, 1)).containsExactly(0, 1, 2, 3, 4);
    assertThat(BlanchotianTransformer.sources(4, 2, 1)).containsExactly(3, 4);
    assertThat(BlanchotianTransformer.sources(4, 0, 2)).containsExactly(0, 2, 4);
    assertThat(BlanchotianTransformer.sources(5, 4, 2)).containsExactly(3, 5);
  }

  @Test
  void atIdentityTheBlocksGetTheBaselinesGradients() {
    Tensor x = Tensor.randn(4, 1f, 1, 5, 16);
    BlanchotianTransformer plain = stack(false, 0, 1), dense = stack(true, 0, 1);
    float[] r = GradCheck.weights(5 * 16, 1);
    for (BlanchotianTransformer t : List.of(plain, dense)) {
      Tensor y = t.forward(x);
      Ops.sum(Ops.mul(y, Tensor.of(r, 1, 5, 16))).backward();
    }
    var pg = plain.stateDict();
    for (var e : dense.stateDict().entrySet()) {
      if (e.getKey().startsWith("dwa")) continue;
      assertThat(e.getValue().grad().toArray()).as(e.getKey()).containsExactly(pg.get(e.getKey()).grad().toArray());
    }
  }

  @Test
  void depthWeightedAverageGradientsMatchFiniteDifferences() {
    Tensor a = Tensor.uniform(1, -1f, 1f, 2, 3, 4), b = Tensor.uniform(2, -1f, 1f, 2, 3, 4), c = Tensor.uniform(3, -1f, 1f, 2, 3, 4);
    Tensor alpha = Tensor.of(new float[] {0.3f, -0.7f, 1.2f}, 3);
    var report = GradCheck.check(in -> DepthWeightedAverage.forward(in.subList(0, 3), in.get(3)), List.of(a, b, c, alpha), 1e-2, 2);
    assertThat(report.max()).isLessThan(1e-3);
  }

  @Test
  void transformerGradientsIncludingDepthWeightsMatchFiniteDifferences() {
    BlanchotianTransformer t = BlanchotianTransformer.builder(8, 2, 2).residualScores(true).outputGate(true).dense(true, 0, 1).build();
    t.initialize(5);
    t.depthWeights(1).copyFrom(new float[] {0.4f, 0.8f});
    t.depthWeights(2).copyFrom(new float[] {-0.2f, 0.5f, 0.9f});
    Tensor x = Tensor.uniform(9, -1f, 1f, 1, 4, 8);
    var report = GradCheck.check(in -> t.forward(in.get(0)), List.of(x, t.depthWeights(1), t.depthWeights(2)), 1e-2, 4);
    assertThat(report.max()).isLessThan(2e-3);
  }

  @Test
  void voidMassIsReportedPerLayerAndHead() {
    BlanchotianTransformer t = stack(true, 0, 1);
    try (var ng = Autograd.noGrad()) {
      t.forward(Tensor.randn(5, 1f, 1, 6, 16), true);
    }
    float[][] m = t.lastMeanVoidMass();
    assertThat(m.length).isEqualTo(3);
    for (float[] row : m) {
      assertThat(row).hasSize(2);
      for (float v : row) assertThat(v).isStrictlyBetween(0f, 1f);
    }
  }
}
