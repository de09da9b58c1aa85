package orphic.engine.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import orphic.engine.autograd.Autograd;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class PoeticLossTest {
  private static final int N = 6, V = 7;
  private static final int[] TARGETS = {0, 3, -1, 6, 2, 5};

  private static Tensor logits(long seed, double scale) {
    return Tensor.randn(seed, (float) scale, N, V);
  }

  /** The loss written out in double precision, from the class comment's formula. */
  private static double reference(double[] z, int[] targets, PoeticLoss.Options o) {
    double total = 0;
    int n = 0;
    for (int r = 0; r < targets.length; r++) {
      if (targets[r] < 0) continue;
      n++;
      double m = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < V; j++) m = Math.max(m, z[r * V + j]);
      double s = 0;
      for (int j = 0; j < V; j++) s += Math.exp(z[r * V + j] - m);
      double lse = m + Math.log(s), h = 0;
      for (int j = 0; j < V; j++) {
        double p = Math.exp(z[r * V + j] - lse);
        h -= p * (z[r * V + j] - lse);
      }
      double ce = lse - z[r * V + targets[r]], bits = h / Math.log(2);
      double band = o.bandWeight() == 0 ? 0
          : Math.pow(Math.max(0, o.bandLow() - bits), 2) + Math.pow(Math.max(0, bits - o.bandHigh()), 2);
      total += o.alpha() * ce - (1 - o.alpha()) * h + o.bandWeight() * band;
    }
    return total / n;
  }

  private static double[] toDouble(Tensor t) {
    float[] f = t.toArray();
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }

  private static final List<PoeticLoss.Options> CASES = List.of(
      PoeticLoss.Options.entropyBonus(0.9),
      PoeticLoss.Options.entropyBonus(0.0),
      PoeticLoss.Options.entropyBonus(0.7).withBand(1.5, 2.0, 0.3),   // rows on both sides of a narrow band
      new PoeticLoss.Options(1.0, 2.2, 2.4, 1.0));                   // band alone

  @Test
  void valueMatchesTheDoublePrecisionReference() {
    for (PoeticLoss.Options o : CASES) {
      Tensor z = logits(11, 1.5);
      float got = new PoeticLoss(o).apply(z, TARGETS).item();
      assertThat((double) got).as(o.toString()).isCloseTo(reference(toDouble(z), TARGETS, o), within(2e-5));
    }
  }

  @Test
  void gradientMatchesFiniteDifferencesAndTheReference() {
    for (PoeticLoss.Options o : CASES) {
      PoeticLoss loss = new PoeticLoss(o);
      for (long seed : new long[] {3, 4}) {
        Tensor z = logits(seed, 2.0);
        // float32 central differences through the op itself
        GradCheck.Report r = GradCheck.check(in -> loss.apply(in.get(0), TARGETS), List.of(z), 1e-2, seed);
        assertThat(r.max()).as(o + " float FD").isLessThan(2e-2);
        // double-precision central differences of the reference
        z.clearGrad();
        Autograd.clearTape();
        z.requiresGrad(true);
        loss.apply(z, TARGETS).backward();
        float[] analytic = z.grad().toArray();
        double[] numeric = GradCheck.numericGradient(x -> reference(x, TARGETS, o), toDouble(z), 1e-5);
        assertThat(GradCheck.relativeError(analytic, numeric)).as(o + " double FD").isLessThan(1e-4);
        // ignored rows get no gradient
        for (int j = 0; j < V; j++) assertThat(analytic[2 * V + j]).isZero();
      }
    }
  }

  @Test
  void alphaOneWithoutBandIsCrossEntropyExactly() {
    Tensor a = logits(5, 1.0), b = logits(5, 1.0);
    a.requiresGrad(true);
    b.requiresGrad(true);
    PoeticLoss.Result r = new PoeticLoss(PoeticLoss.Options.entropyBonus(1.0)).compute(a, TARGETS);
    r.loss().backward();
    Tensor ce = Ops.crossEntropy(b, TARGETS, null, 0f);
    ce.backward();
    assertThat(r.loss().item()).isEqualTo(ce.item());
    assertThat(r.crossEntropy()).isEqualTo(ce.item());
    assertThat(a.grad().toArray()).containsExactly(b.grad().toArray());
    // the general path at α = 1 (a band of weight 0+ that never binds) is cross-entropy too
    Tensor c = logits(5, 1.0);
    PoeticLoss.Result wide = new PoeticLoss(new PoeticLoss.Options(1.0, 0, 100, 1e-9)).compute(c, TARGETS);
    assertThat((double) wide.loss().item()).isCloseTo(ce.item(), within(1e-6));
    assertThat(wide.crossEntropy()).isCloseTo(ce.item(), within(1e-6));
  }

  @Test
  void theEntropyBonusLowersTheLossOfAnOpenDistribution() {
    // same cross-entropy of the target, flatter distribution elsewhere → lower loss when α < 1
    Tensor peaked = Tensor.of(new float[] {3, 0, -4, -4}, 1, 4), open = Tensor.of(new float[] {3, 0, 0, 0}, 1, 4);
    PoeticLoss.Result a = new PoeticLoss(PoeticLoss.Options.entropyBonus(0.5)).compute(peaked, new int[] {1});
    PoeticLoss.Result b = new PoeticLoss(PoeticLoss.Options.entropyBonus(0.5)).compute(open, new int[] {1});
    assertThat(b.entropy()).isGreaterThan(a.entropy());
    assertThat(b.loss().item() - 0.5 * b.crossEntropy()).isLessThan(a.loss().item() - 0.5 * a.crossEntropy());
  }

  @Test
  void invalidOptionsAreRejectedWithTheRange() {
    assertThatThrownBy(() -> PoeticLoss.Options.entropyBonus(1.5)).hasMessageContaining("[0, 1]");
    assertThatThrownBy(() -> PoeticLoss.Options.entropyBonus(0.9).withBand(3, 2, 1)).hasMessageContaining("low <= high");
    assertThatThrownBy(() -> PoeticLoss.Options.entropyBonus(0.9).withBand(1, 2, -1)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> new PoeticLoss(PoeticLoss.Options.entropyBonus(0.9)).apply(logits(1, 1), new int[] {0}))
        .hasMessageContaining("one target per row");
  }
}
