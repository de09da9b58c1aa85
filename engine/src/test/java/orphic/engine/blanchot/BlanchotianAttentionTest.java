package orphic.engine.blanchot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import orphic.engine.autograd.Autograd;
import orphic.engine.blanchot.BlanchotianAttention.VoidMode;
import orphic.engine.nn.CausalSelfAttention;
import orphic.engine.ops.CausalAttention;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class BlanchotianAttentionTest {
  private static final int B = 2, T = 7, C = 16, H = 2, D = C / H;

  private static Tensor input(long seed) {
    return Tensor.uniform(seed, -1.5f, 1.5f, B, T, C);
  }

  private static BlanchotianAttention layer(VoidMode mode, boolean residual, boolean gate, boolean bias) {
    BlanchotianAttention a = BlanchotianAttention.builder(C).heads(H).voidMode(mode).residualScores(residual).outputGate(gate).bias(bias)
        .init(orphic.engine.nn.Init.normal(0.5), orphic.engine.nn.Init.normal(0.5)).build();
    a.initialize(7);
    return a;
  }

  @Test
  void seedUsageKeepsTheShape() {
    var attention = new BlanchotianAttention(64);
    Tensor x = Tensor.randn(1, 1f, 1, 10, 64);
    Tensor y = attention.forward(x);
    assertThat(y.shape()).containsExactly(1, 10, 64);
    assertThat(attention.heads()).isEqualTo(4);
    assertThat(attention.voidMode()).isEqualTo(VoidMode.KEY_VALUE);
  }

  @Test
  void sinkAtMinusInfinityIsVanillaAttention() {
    BlanchotianAttention a = layer(VoidMode.SINK, false, false, true);
    a.voidLogit().fill(-1e30f);
    CausalSelfAttention vanilla = new CausalSelfAttention(C, H, true, orphic.engine.nn.Init.normal(0.5), orphic.engine.nn.Init.normal(0.5));
    vanilla.initialize(7);
    Tensor x = input(3);
    try (var ng = Autograd.noGrad()) {
      float[] y = a.forward(x).toArray(), ref = vanilla.forward(x).toArray();
      for (int i = 0; i < y.length; i++) assertThat(y[i]).isCloseTo(ref[i], within(1e-6f));
    }
  }

  @Test
  void voidOffIsVanillaAttentionWithTheSameNames() {
    BlanchotianAttention a = layer(VoidMode.OFF, false, false, true);
    CausalSelfAttention vanilla = new CausalSelfAttention(C, H, true, orphic.engine.nn.Init.normal(0.5), orphic.engine.nn.Init.normal(0.5));
    vanilla.initialize(7);
    assertThat(a.stateDict().keySet()).isEqualTo(vanilla.stateDict().keySet());
    Tensor x = input(4);
    try (var ng = Autograd.noGrad()) {
      assertThat(a.forward(x).toArray()).containsExactly(vanilla.forward(x).toArray());
    }
  }

  /** At initialisation (void key, value and logit all 0) the layer is softmax₁ attention; rows sum to 1 − void mass. */
  @Test
  void initialVoidIsSoftmaxOneAndRowsSumToOneMinusTheVoidMass() {
    for (VoidMode mode : new VoidMode[] {VoidMode.SINK, VoidMode.KEY_VALUE}) {
      BlanchotianAttention a = layer(mode, false, false, false);
      Tensor x = input(5);
      try (var ng = Autograd.noGrad()) {
        BlanchotianAttention.Result r = a.forward(x, null, true);
        float[] q = a.wq().forward(x).toArray(), k = a.wk().forward(x).toArray(), v = a.wv().forward(x).toArray();
        float[] o = new float[B * T * C];
        float[] mass = r.voidMass().toArray();
        for (int b = 0; b < B; b++) {
          for (int h = 0; h < H; h++) {
            for (int i = 0; i < T; i++) {
              double[] e = new double[i + 1];
              double sum = 0;
              for (int j = 0; j <= i; j++) {
                double z = 0;
                for (int c = 0; c < D; c++) z += (double) q[(b * T + i) * C + h * D + c] * k[(b * T + j) * C + h * D + c];
                e[j] = Math.exp(z / Math.sqrt(D));
                sum += e[j];
              }
              double rowSum = 0;
              for (int j = 0; j <= i; j++) {
                double p = e[j] / (1 + sum); // softmax₁
                rowSum += p;
                for (int c = 0; c < D; c++) o[(b * T + i) * C + h * D + c] += (float) (p * v[(b * T + j) * C + h * D + c]);
              }
              double m = mass[(b * H + h) * T + i];
              assertThat(m).isCloseTo(1 / (1 + sum), within(1e-6));
              assertThat(rowSum).isCloseTo(1 - m, within(1e-6));
              assertThat(m).isStrictlyBetween(0.0, 1.0);
            }
          }
        }
        float[] y = r.output().toArray(), ref = a.wo().forward(Tensor.of(o, B, T, C)).toArray();
        for (int i = 0; i < y.length; i++) assertThat(y[i]).as(mode + " element " + i).isCloseTo(ref[i], within(1e-5f));
        assertThat(a.lastMeanVoidMass()).hasSize(H);
      }
    }
  }

  @Test
  void gateStartsAtOneHalf() {
    BlanchotianAttention gated = layer(VoidMode.KEY_VALUE, false, true, false);
    BlanchotianAttention plain = layer(VoidMode.KEY_VALUE, false, false, false);
    Tensor x = input(6);
    try (var ng = Autograd.noGrad()) {
      float[] g = gated.forward(x).toArray(), p = plain.forward(x).toArray();
      for (int i = 0; i < g.length; i++) assertThat(g[i]).isCloseTo(0.5f * p[i], within(1e-6f));
    }
  }

  @Test
  void outputsNeverSeeTheFuture() {
    // Two layers chained through residual scores, with the void and the gate on.
    BlanchotianAttention a1 = layer(VoidMode.KEY_VALUE, true, true, true), a2 = layer(VoidMode.KEY_VALUE, true, true, true);
    randomise(a1, 11);
    randomise(a2, 12);
    Tensor x = input(8);
    try (var ng = Autograd.noGrad()) {
      float[] before = twoLayers(a1, a2, x).toArray();
      int t = 3;
      for (int b = 0; b < B; b++) for (int c = 0; c < C; c++) for (int s = t + 1; s < T; s++) x.set(x.get(b, s, c) + 2f, b, s, c);
      float[] after = twoLayers(a1, a2, x).toArray();
      for (int b = 0; b < B; b++) {
        for (int i = 0; i < (t + 1) * C; i++) assertThat(after[b * T * C + i]).isEqualTo(before[b * T * C + i]);
        assertThat(after[b * T * C + (t + 1) * C]).isNotEqualTo(before[b * T * C + (t + 1) * C]);
      }
    }
  }

  private static Tensor twoLayers(BlanchotianAttention a1, BlanchotianAttention a2, Tensor x) {
    BlanchotianAttention.Result r1 = a1.forward(x, null, false);
    return a2.forward(Ops.add(x, r1.output()), r1.scores(), false).output();
  }

  private static void randomise(BlanchotianAttention a, long seed) {
    a.voidLogit().copyFrom(Tensor.uniform(seed, -1f, 1f, H).toArray());
    if (a.voidKey() != null) a.voidKey().copyFrom(Tensor.uniform(seed + 1, -1f, 1f, H, D).toArray());
    if (a.voidValue() != null) a.voidValue().copyFrom(Tensor.uniform(seed + 2, -1f, 1f, H, D).toArray());
    if (a.gate() != null) a.gate().weight().copyFrom(Tensor.uniform(seed + 3, -0.5f, 0.5f, C, C).toArray());
  }

  @Test
  void gradientsOfTheLayerMatchFiniteDifferences() {
    BlanchotianAttention a1 = layer(VoidMode.KEY_VALUE, true, true, true), a2 = layer(VoidMode.KEY_VALUE, true, true, true);
    randomise(a1, 21);
    randomise(a2, 22);
    Tensor x = Tensor.uniform(30, -1f, 1f, 1, 5, C);
    List<Tensor> inputs = List.of(x, a1.voidLogit(), a1.voidKey(), a1.voidValue(), a1.gate().weight(), a1.gate().bias(),
        a1.wq().weight(), a1.wk().weight(), a2.voidLogit(), a2.wq().weight());
    GradCheck.Report report = GradCheck.check(in -> twoLayers(a1, a2, in.get(0)), inputs, 1e-2, 5);
    for (int i = 0; i < inputs.size(); i++) assertThat(report.relativeErrors()[i]).as("input " + i).isLessThan(2e-3);
  }

  /** The fused op's residual-score input and kept-score output, chained over two layers. */
  @Test
  void residualScoresGradientsMatchFiniteDifferences() {
    int b = 2, t = 5, c = 6, h = 2;
    Tensor q = Tensor.uniform(1, -1f, 1f, b, t, c), k = Tensor.uniform(2, -1f, 1f, b, t, c), v = Tensor.uniform(3, -1f, 1f, b, t, c);
    Tensor prev = Tensor.uniform(4, -1f, 1f, b, h, t, t);
    Tensor off = Tensor.uniform(5, -1f, 1f, h, 1);
    Tensor q2 = Tensor.uniform(6, -1f, 1f, b, t, c);
    GradCheck.Report report = GradCheck.check(in -> {
      var o1 = new CausalAttention.Options(null, null, in.get(4), false, in.get(3), true);
      CausalAttention.Result r1 = CausalAttention.forwardWithProbabilities(in.get(0), in.get(1), in.get(2), h, o1);
      var o2 = new CausalAttention.Options(null, null, null, false, r1.scores(), false);
      Tensor y2 = CausalAttention.forward(in.get(5), in.get(1), in.get(2), h, o2);
      return Ops.add(r1.output(), y2);
    }, List.of(q, k, v, prev, off, q2), 1e-2, 9);
    assertThat(report.max()).isLessThan(1e-3);
  }

  @Test
  void residualScoresAddThePreviousLogits() {
    int b = 1, t = 4, c = 4, h = 1;
    Tensor q = Tensor.uniform(1, -1f, 1f, b, t, c), k = Tensor.uniform(2, -1f, 1f, b, t, c), v = Tensor.uniform(3, -1f, 1f, b, t, c);
    Tensor prev = Tensor.uniform(4, -1f, 1f, b, h, t, t);
    try (var ng = Autograd.noGrad()) {
      var plain = CausalAttention.forwardWithProbabilities(q, k, v, h, CausalAttention.Options.NONE.withScores(null, true));
      var res = CausalAttention.forwardWithProbabilities(q, k, v, h, CausalAttention.Options.NONE.withScores(prev, true));
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < t; j++) {
          float expect = j <= i ? plain.scores().get(0, 0, i, j) + prev.get(0, 0, i, j) : 0f;
          assertThat(res.scores().get(0, 0, i, j)).isCloseTo(expect, within(1e-6f));
        }
      }
    }
  }

  @Test
  void gateGradientMatchesFiniteDifferences() {
    Tensor a = Tensor.uniform(1, -2f, 2f, 3, 5), z = Tensor.uniform(2, -3f, 3f, 3, 5);
    assertThat(GradCheck.check(in -> Gate.forward(in.get(0), in.get(1)), List.of(a, z), 1e-2, 3).max()).isLessThan(1e-3);
  }
}
