package orphic.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import orphic.engine.ops.CausalAttention;
import orphic.engine.ops.Gelu;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

/** Each layer's forward against a plain-loop reference or the composition of ops it stands for. */
class LayersTest {
  private static final double TOL = 1e-5;

  private static void assertClose(float[] actual, double[] expected) {
    assertThat(actual).hasSize(expected.length);
    double worst = 0;
    for (int i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    assertThat(worst).isLessThan(TOL);
  }

  private static void assertClose(float[] actual, float[] expected) {
    assertThat(GradCheck.maxAbsDiff(actual, expected)).isLessThan(TOL);
  }

  /** x [N, In] · Wᵀ + b in double. */
  private static double[] linearRef(float[] x, int n, Linear l) {
    int in = l.inFeatures(), out = l.outFeatures();
    float[] w = l.weight().toArray();
    float[] b = l.bias() == null ? null : l.bias().toArray();
    double[] y = new double[n * out];
    for (int r = 0; r < n; r++) {
      for (int o = 0; o < out; o++) {
        double s = b == null ? 0 : b[o];
        for (int i = 0; i < in; i++) s += (double) x[r * in + i] * w[o * in + i];
        y[r * out + o] = s;
      }
    }
    return y;
  }

  @Test
  void linearIsXTimesWeightTransposedPlusBias() {
    for (boolean bias : new boolean[] {true, false}) {
      Linear l = new Linear(4, 5, bias, Init.normal(0.5));
      l.initialize(3);
      if (bias) l.bias().copyFrom(new float[] {0.1f, -0.2f, 0.3f, 0f, 1f});
      Tensor x = Tensor.randn(1, 1f, 2, 3, 4);
      Tensor y = l.forward(x);
      assertThat(y.shape()).containsExactly(2, 3, 5);
      assertClose(y.toArray(), linearRef(x.toArray(), 6, l));
    }
  }

  @Test
  void embeddingLooksUpRows() {
    Embedding e = new Embedding(5, 3);
    e.initialize(2);
    int[] ids = {4, 0, 4, 2};
    Tensor y = e.forward(ids, 2, 2);
    assertThat(y.shape()).containsExactly(2, 2, 3);
    float[] table = e.weight().toArray(), out = y.toArray();
    for (int t = 0; t < ids.length; t++) {
      for (int c = 0; c < 3; c++) assertThat(out[t * 3 + c]).isEqualTo(table[ids[t] * 3 + c]);
    }
  }

  @Test
  void layerNormNormalisesTheLastAxis() {
    LayerNorm ln = new LayerNorm(6, 1e-5f, true);
    ln.weight().copyFrom(new float[] {1, 2, 0.5f, 1, -1, 3});
    ln.bias().copyFrom(new float[] {0, 0.1f, 0, -0.2f, 0, 1});
    Tensor x = Tensor.randn(4, 2f, 3, 6);
    float[] xs = x.toArray(), g = ln.weight().toArray(), b = ln.bias().toArray();
    double[] ref = new double[xs.length];
    for (int r = 0; r < 3; r++) {
      double mean = 0, var = 0;
      for (int c = 0; c < 6; c++) mean += xs[r * 6 + c];
      mean /= 6;
      for (int c = 0; c < 6; c++) var += (xs[r * 6 + c] - mean) * (xs[r * 6 + c] - mean);
      var /= 6;
      for (int c = 0; c < 6; c++) ref[r * 6 + c] = (xs[r * 6 + c] - mean) / Math.sqrt(var + 1e-5) * g[c] + b[c];
    }
    assertClose(ln.forward(x).toArray(), ref);
  }

  @Test
  void rmsNormScalesByTheRootMeanSquare() {
    RMSNorm n = new RMSNorm(4, 1e-6f);
    n.weight().copyFrom(new float[] {1, 0.5f, 2, -1});
    Tensor x = Tensor.randn(5, 1f, 2, 4);
    float[] xs = x.toArray(), g = n.weight().toArray();
    double[] ref = new double[xs.length];
    for (int r = 0; r < 2; r++) {
      double ms = 0;
      for (int c = 0; c < 4; c++) ms += (double) xs[r * 4 + c] * xs[r * 4 + c];
      ms /= 4;
      for (int c = 0; c < 4; c++) ref[r * 4 + c] = xs[r * 4 + c] / Math.sqrt(ms + 1e-6) * g[c];
    }
    assertClose(n.forward(x).toArray(), ref);
  }

  @Test
  void mlpIsFcGeluProj() {
    MLP mlp = new MLP(4, 8, Gelu.Mode.TANH);
    mlp.initialize(6);
    Tensor x = Tensor.randn(7, 1f, 2, 3, 4);
    Tensor expected = Ops.linear(Ops.gelu(Ops.linear(x, mlp.fc().weight(), mlp.fc().bias()), Gelu.Mode.TANH),
        mlp.proj().weight(), mlp.proj().bias());
    assertClose(mlp.forward(x).toArray(), expected.toArray());
  }

  @Test
  void attentionMatchesAPlainLoopReference() {
    int b = 2, t = 3, c = 4, h = 2, d = c / h;
    CausalSelfAttention attn = new CausalSelfAttention(c, h, true, Init.normal(0.5), Init.normal(0.5));
    attn.initialize(8);
    attn.wq().bias().copyFrom(new float[] {0.1f, 0, -0.1f, 0.2f});
    Tensor x = Tensor.randn(9, 1f, b, t, c);
    float[] xs = x.toArray();
    double[] q = linearRef(xs, b * t, attn.wq()), k = linearRef(xs, b * t, attn.wk()), v = linearRef(xs, b * t, attn.wv());
    float[] y = new float[b * t * c];
    for (int bb = 0; bb < b; bb++) {
      for (int hh = 0; hh < h; hh++) {
        for (int i = 0; i < t; i++) {
          double[] p = new double[i + 1];
          double max = Double.NEGATIVE_INFINITY, z = 0;
          for (int j = 0; j <= i; j++) {
            double s = 0;
            for (int e = 0; e < d; e++) s += q[(bb * t + i) * c + hh * d + e] * k[(bb * t + j) * c + hh * d + e];
            p[j] = s / Math.sqrt(d);
            max = Math.max(max, p[j]);
          }
          for (int j = 0; j <= i; j++) z += p[j] = Math.exp(p[j] - max);
          for (int e = 0; e < d; e++) {
            double acc = 0;
            for (int j = 0; j <= i; j++) acc += p[j] / z * v[(bb * t + j) * c + hh * d + e];
            y[(bb * t + i) * c + hh * d + e] = (float) acc;
          }
        }
      }
    }
    Tensor out = attn.forward(x);
    assertThat(out.shape()).containsExactly(b, t, c);
    assertClose(out.toArray(), linearRef(y, b * t, attn.wo()));
    // And it is exactly the projections around the fused op.
    Tensor composed = Ops.linear(Ops.causalAttention(attn.wq().forward(x), attn.wk().forward(x), attn.wv().forward(x), h,
        CausalAttention.Options.NONE), attn.wo().weight(), attn.wo().bias());
    assertThat(out.toArray()).containsExactly(composed.toArray());
  }

  @Test
  void dropoutIsIdentityInEvalAndReproducibleFromItsCounter() {
    Tensor x = Tensor.randn(3, 1f, 4, 8);
    Dropout d = new Dropout(0.5f, 11);
    d.train(false);
    assertThat(d.forward(x)).isSameAs(x);
    assertThat(d.calls()).isZero();
    d.train(true);
    float[] first = d.forward(x).toArray();
    float[] second = d.forward(x).toArray();
    assertThat(d.calls()).isEqualTo(2);
    assertThat(second).isNotEqualTo(first);
    Dropout resumed = new Dropout(0.5f, 11);
    resumed.calls(1);
    assertThat(resumed.forward(x).toArray()).containsExactly(second);
    // Kept entries are scaled by 1/(1 - p); dropped ones are 0.
    float[] xs = x.toArray();
    for (int i = 0; i < xs.length; i++) {
      if (first[i] != 0) assertThat(first[i]).isCloseTo(2 * xs[i], org.assertj.core.api.Assertions.within(1e-6f));
    }
    // Another seed, another mask.
    assertThat(new Dropout(0.5f, 12).forward(x).toArray()).isNotEqualTo(first);
  }

  @Test
  void mlpAndAttentionGradientsMatchFiniteDifferences() {
    MLP mlp = new MLP(3, 5, Gelu.Mode.ERF);
    mlp.initialize(1);
    Tensor x = Tensor.randn(2, 1f, 2, 3);
    List<Tensor> params = mlp.parameters().stream().map(NamedParameter::tensor).toList();
    assertThat(GradCheck.check(in -> mlp.forward(x), params, 1e-2, 3).max()).isLessThan(1e-2);

    CausalSelfAttention attn = new CausalSelfAttention(4, 2, true, Init.normal(0.5), Init.normal(0.5));
    attn.initialize(2);
    Tensor xa = Tensor.randn(4, 1f, 1, 3, 4);
    // The key bias is left out: softmax ignores a constant added to a query's logits, so its true
    // gradient is 0 and a relative error would measure rounding noise.
    List<Tensor> ap = attn.parameters().stream().filter(p -> !p.name().equals("wk.bias")).map(NamedParameter::tensor).toList();
    assertThat(ap).hasSize(7);
    assertThat(GradCheck.check(in -> attn.forward(xa), ap, 1e-2, 5).max()).isLessThan(1e-2);
  }
}
