package orphic.engine.blanchot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import orphic.engine.autograd.Autograd;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class NeutralLossTest {
  /** Per-row losses with no disaster: 0.5, 1.0, 2.0, 4.0 (mean 1.875), plus an ignored row. */
  private static final float[] LOSSES = {0.5f, 1.0f, 2.0f, 4.0f, 9.0f};
  private static final int[] TARGETS = {0, 0, 0, 0, -1};

  private static float[] gradient(NeutralLoss.Options o, float[] losses, int[] targets) {
    Tensor l = Tensor.of(losses, losses.length).requiresGrad(true);
    NeutralLoss.reduce(l, targets, o).backward();
    return l.grad().toArray();
  }

  @Test
  void theGradientWeightTable() {
    // ∂L/∂ℓ_i = (1/n)·[(1 − λ) + λ·sign(ℓ_i − b)]: above b → 1/n, below → (1 − 2λ)/n, past τ → 0.
    int n = 4;
    double b = 1.875;
    double[][] table = { // λ, below-b weight ×n, above-b weight ×n
        {0.0, 1.0, 1.0}, {0.25, 0.5, 1.0}, {0.5, 0.0, 1.0}, {0.75, -0.5, 1.0}, {1.0, -1.0, 1.0}};
    for (double[] row : table) {
      NeutralLoss.Options o = NeutralLoss.Options.defaults().withLambda(row[0]).withDisaster(Double.POSITIVE_INFINITY, NeutralLoss.Disaster.TRUNCATE);
      float[] g = gradient(o, LOSSES, TARGETS);
      assertThat((double) g[0]).as("λ %s below", row[0]).isCloseTo(row[1] / n, within(1e-7));
      assertThat((double) g[1]).as("λ %s below", row[0]).isCloseTo(row[1] / n, within(1e-7));
      assertThat((double) g[2]).as("λ %s above", row[0]).isCloseTo(row[2] / n, within(1e-7));
      assertThat((double) g[3]).as("λ %s above", row[0]).isCloseTo(row[2] / n, within(1e-7));
      assertThat(g[4]).as("ignored row").isZero();
      for (int i = 0; i < 4; i++) {
        assertThat((double) g[i]).isCloseTo(NeutralLoss.gradientWeight(LOSSES[i], b, row[0], Double.POSITIVE_INFINITY, n), within(1e-7));
      }
    }
    // the disaster threshold: τ = 3 drops the 4.0 row (weight 0), and the mean is over the kept rows
    float[] g = gradient(NeutralLoss.Options.defaults().withLambda(0.5).withDisaster(3.0, NeutralLoss.Disaster.TRUNCATE), LOSSES, TARGETS);
    assertThat(g[3]).isZero();
    assertThat((double) g[2]).isCloseTo(0.25, within(1e-7));             // 2.0 > b = 3.5/3
    assertThat((double) g[0]).isCloseTo(0.0, within(1e-7));
    // cap: the capped row counts in the value but carries no gradient
    Tensor capped = NeutralLoss.reduce(Tensor.of(LOSSES, 5), TARGETS,
        new NeutralLoss.Options(0, 0, 3.0, NeutralLoss.Disaster.CAP, 0f));
    assertThat((double) capped.item()).isCloseTo((0.5 + 1 + 2 + 3) / 4, within(1e-6));
  }

  @Test
  void theValueMatchesTheDefinition() {
    double lambda = 0.3, b = 1.5;
    Tensor l = NeutralLoss.reduce(Tensor.of(LOSSES, 5), TARGETS, new NeutralLoss.Options(lambda, b, 100, NeutralLoss.Disaster.TRUNCATE, 0f));
    double want = 0;
    for (int i = 0; i < 4; i++) want += (1 - lambda) * LOSSES[i] + lambda * (Math.abs(LOSSES[i] - b) + b);
    assertThat((double) l.item()).isCloseTo(want / 4, within(1e-6));
  }

  @Test
  void lambdaZeroWithoutThresholdIsCrossEntropy() {
    Tensor logits = Tensor.randn(3, 1.5f, 6, 5);
    int[] t = {0, 4, 2, -1, 1, 3};
    NeutralLoss loss = new NeutralLoss(new NeutralLoss.Options(0, NeutralLoss.BATCH_MEAN, Double.POSITIVE_INFINITY, NeutralLoss.Disaster.TRUNCATE, 0.1f));
    logits.requiresGrad(true);
    loss.apply(logits, t).backward();
    float[] g1 = logits.grad().toArray();
    float v1 = loss.apply(logits, t).item();
    Autograd.clearTape();
    Tensor again = Tensor.of(logits.toArray(), 6, 5).requiresGrad(true);
    Tensor ce = Ops.crossEntropy(again, t, null, 0.1f);
    ce.backward();
    assertThat(v1).isCloseTo(ce.item(), within(1e-6f));
    assertThat(GradCheck.maxAbsDiff(g1, again.grad().toArray())).isLessThan(1e-6);
  }

  @Test
  void finiteDifferencesAgree() {
    // Fixed flood level and no ties at b, so the loss is differentiable at the point checked.
    int[] t = {1, 0, 3, 2, 4, 1, 0, 2};
    for (double lambda : new double[] {0.25, 0.75}) {
      NeutralLoss loss = new NeutralLoss(new NeutralLoss.Options(lambda, 1.7, 2.6, NeutralLoss.Disaster.TRUNCATE, 0.1f));
      Tensor logits = Tensor.randn(11, 1.2f, 8, 5);
      GradCheck.Report r = GradCheck.check(in -> loss.apply(in.get(0), t), List.of(logits), 1e-3, 5);
      assertThat(r.max()).as("λ %s", lambda).isLessThan(2e-2);
    }
  }

  @Test
  void withAFixedFloodTheTrainingLossHoversAtTheFlood() {
    // Free logits trained by gradient descent: plain CE goes to 0, the flooded loss random-walks at b.
    float b = 0.4f;
    NeutralLoss loss = new NeutralLoss(new NeutralLoss.Options(1, b, Double.POSITIVE_INFINITY, NeutralLoss.Disaster.TRUNCATE, 0f));
    Tensor logits = Tensor.zeros(16, 8).requiresGrad(true);
    int[] t = new int[16];
    for (int i = 0; i < 16; i++) t[i] = i % 8;
    double late = 0;
    for (int step = 0; step < 400; step++) {
      logits.clearGrad();
      loss.apply(logits, t).backward();
      float[] d = logits.data(), g = logits.grad().toArray();
      for (int i = 0; i < d.length; i++) d[i] -= 2.0f * g[i];
      if (step >= 300) late += Ops.crossEntropy(logits, t, null, 0f).item();
    }
    assertThat(late / 100).isCloseTo(b, within(0.1));
  }

  @Test
  void theSeedsUsageReadsNaturally() {
    Tensor predictions = Tensor.randn(1, 1f, 2, 10, 7).requiresGrad(true);
    int[] targets = new int[20];
    for (int i = 0; i < 20; i++) targets[i] = i % 7;
    Tensor loss = NeutralLoss.of(predictions, targets);
    loss.backward();
    assertThat(loss.rank()).isZero();
    assertThat(predictions.hasGrad()).isTrue();
  }
}
