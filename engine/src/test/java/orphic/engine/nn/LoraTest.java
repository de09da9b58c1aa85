package orphic.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

class LoraTest {
  /** Two linear layers, x [N, 6] → [N, 4] → [N, 3]. */
  static final class Net extends Module {
    final Linear l1 = child("l1", new Linear(6, 4, true));
    final Linear l2 = child("l2", new Linear(4, 3, false));

    Net() {
      initialize(7);
    }

    Tensor forward(Tensor x) {
      return l2.forward(Ops.gelu(l1.forward(x), orphic.engine.ops.Gelu.Mode.TANH));
    }
  }

  static List<LoraWeights.Target> targets() {
    return List.of(new LoraWeights.Target("l1.weight", 4, 6), new LoraWeights.Target("l2.weight", 3, 4));
  }

  static void randomise(LoraWeights w, long seed) {
    Random r = new Random(seed);
    for (NamedParameter p : w.parameters()) {
      float[] v = new float[p.tensor().size()];
      for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian() * 0.3f;
      p.tensor().copyFrom(v);
    }
  }

  @Test
  void namesFollowTheTargetsAndAFreshAdapterChangesNothing() {
    Net net = new Net();
    LoraWeights lora = new LoraWeights(targets(), 2, 4f, 1);
    assertEquals(List.of("l1.weight.lora_a", "l1.weight.lora_b", "l2.weight.lora_a", "l2.weight.lora_b"), List.copyOf(lora.stateDict().keySet()));
    float[] before = net.l1.weight().toArray();
    new LoraPatch(net).apply(List.of(lora), new float[] {1f});
    assertArrayEquals(before, net.l1.weight().toArray(), 0f);
    assertTrue(lora.a("l1.weight").toArray()[0] != 0f);
  }

  @Test
  void patchedWeightsAreTheBasePlusTheScaledProduct() {
    Net net = new Net();
    float[] w0 = net.l1.weight().toArray();
    LoraWeights lora = new LoraWeights(targets(), 2, 3f, 1);
    randomise(lora, 5);
    LoraPatch patch = new LoraPatch(net);
    patch.apply(List.of(lora), new float[] {0.5f});
    float[] a = lora.a("l1.weight").toArray(), b = lora.b("l1.weight").toArray();
    float[] w = net.l1.weight().toArray();
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 6; j++) {
        double d = 0;
        for (int t = 0; t < 2; t++) d += b[i * 2 + t] * a[t * 6 + j];
        assertEquals(w0[i * 6 + j] + 0.5 * 1.5 * d, w[i * 6 + j], 1e-6);
      }
    }
    patch.restore();
    assertArrayEquals(w0, net.l1.weight().toArray(), 0f);
  }

  @Test
  void gradientsOfAAndBMatchFiniteDifferences() {
    Net net = new Net();
    LoraWeights lora = new LoraWeights(targets(), 2, 4f, 3);
    randomise(lora, 9);
    LoraPatch patch = new LoraPatch(net);
    patch.freezeFor(lora);
    Tensor x = Tensor.randn(11, 1f, 5, 6);
    patch.apply(List.of(lora), new float[] {1f});
    patch.recordGradients(lora, 1f);
    Tensor loss = Ops.sum(Ops.mul(net.forward(x), net.forward(x)));
    loss.backward();
    for (String name : List.of("l1.weight", "l2.weight")) {
      assertEquals(0f, max(net.parameters().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow().tensor().grad().toArray()));
      for (Tensor p : List.of(lora.a(name), lora.b(name))) {
        float[] g = p.grad().toArray();
        for (int i = 0; i < p.size(); i += 3) {
          double num = (lossAt(net, lora, patch, x, p, i, 1e-3f) - lossAt(net, lora, patch, x, p, i, -1e-3f)) / 2e-3;
          assertEquals(num, g[i], 2e-2 * Math.max(1, Math.abs(num)), name + " element " + i);
        }
      }
    }
  }

  private static float max(float[] v) {
    float m = 0;
    for (float f : v) m = Math.max(m, Math.abs(f));
    return m;
  }

  private static double lossAt(Net net, LoraWeights lora, LoraPatch patch, Tensor x, Tensor p, int i, float h) {
    float keep = p.data()[p.offset() + i];
    p.data()[p.offset() + i] = keep + h;
    patch.apply(List.of(lora), new float[] {1f});
    double l;
    try (var ng = orphic.engine.autograd.Autograd.noGrad()) {
      Tensor y = net.forward(x);
      l = Ops.sum(Ops.mul(y, y)).item();
    }
    p.data()[p.offset() + i] = keep;
    patch.apply(List.of(lora), new float[] {1f});
    return l;
  }

  @Test
  void refusesATargetOfAnotherShape() {
    Net net = new Net();
    LoraWeights wrong = new LoraWeights(List.of(new LoraWeights.Target("l1.weight", 4, 5)), 2, 2f, 1);
    var e = assertThrows(IllegalArgumentException.class, () -> new LoraPatch(net).apply(List.of(wrong), new float[] {1f}));
    assertTrue(e.getMessage().contains("another size"), e.getMessage());
  }

  @Test
  void svdIsExactAtFullRankAndOptimalWhenTruncated() {
    int rows = 9, inner = 4, cols = 7;
    Random r = new Random(3);
    double[] l = new double[rows * inner], q = new double[inner * cols];
    for (int i = 0; i < l.length; i++) l[i] = r.nextGaussian();
    for (int i = 0; i < q.length; i++) q[i] = r.nextGaussian();
    double[] full = product(l, q, rows, inner, cols);
    LowRankSvd.Factors f = LowRankSvd.truncate(l, q, rows, inner, cols, 6);
    double[] got = product(toDouble(f.b()), toDouble(f.a()), rows, 6, cols);
    for (int i = 0; i < full.length; i++) assertEquals(full[i], got[i], 1e-5 * (1 + Math.abs(full[i])));
    // rank 2: the residual's squared norm is the sum of the dropped squared singular values
    LowRankSvd.Factors t = LowRankSvd.truncate(l, q, rows, inner, cols, 2);
    double[] approx = product(toDouble(t.b()), toDouble(t.a()), rows, 2, cols);
    double res = 0, total = 0, dropped = 0, kept = 0;
    for (int i = 0; i < full.length; i++) {
      res += (full[i] - approx[i]) * (full[i] - approx[i]);
      total += full[i] * full[i];
    }
    for (int j = 0; j < inner; j++) {
      if (j >= 2) dropped += t.singularValues()[j] * t.singularValues()[j];
      kept += t.singularValues()[j] * t.singularValues()[j];
    }
    assertEquals(total, kept, 1e-6 * total);
    assertEquals(dropped, res, 1e-4 * total);
    // a rank-deficient product (two equal columns of L) still factors exactly
    for (int t2 = 0; t2 < rows; t2++) l[t2 * inner + 1] = l[t2 * inner];
    double[] full2 = product(l, q, rows, inner, cols);
    LowRankSvd.Factors f2 = LowRankSvd.truncate(l, q, rows, inner, cols, inner);
    double[] got2 = product(toDouble(f2.b()), toDouble(f2.a()), rows, inner, cols);
    for (int i = 0; i < full2.length; i++) assertEquals(full2[i], got2[i], 1e-5 * (1 + Math.abs(full2[i])));
  }

  static double[] product(double[] a, double[] b, int n, int k, int m) {
    double[] c = new double[n * m];
    for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) {
      double s = 0;
      for (int t = 0; t < k; t++) s += a[i * k + t] * b[t * m + j];
      c[i * m + j] = s;
    }
    return c;
  }

  static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }
}
