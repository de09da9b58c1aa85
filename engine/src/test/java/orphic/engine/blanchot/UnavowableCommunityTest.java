package orphic.engine.blanchot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import orphic.engine.autograd.Autograd;
import orphic.engine.nn.Module;
import orphic.engine.nn.NamedParameter;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;
import orphic.engine.testkit.GradCheck;
import org.junit.jupiter.api.Test;

class UnavowableCommunityTest {
  /** A member with no parameters: the tests hand the community logits directly. */
  private static final class Voice extends Module {}

  private static UnavowableCommunity<Voice> community(int m, UnavowableCommunity.Options o) {
    List<Voice> voices = new ArrayList<>();
    for (int i = 0; i < m; i++) voices.add(new Voice());
    return new UnavowableCommunity<>(voices, o);
  }

  private static Tensor param(UnavowableCommunity<?> c, String name) {
    for (NamedParameter p : c.parameters()) if (p.name().equals(name)) return p.tensor();
    throw new AssertionError(name);
  }

  private static List<Tensor> logits(int m, int n, int v, long seed) {
    List<Tensor> out = new ArrayList<>();
    for (int k = 0; k < m; k++) out.add(Tensor.randn(seed + k, 1.3f, n, v));
    return out;
  }

  @Test
  void kroghVedelsbyIdentityHolds() {
    SplittableRandom rng = new SplittableRandom(3);
    for (int trial = 0; trial < 50; trial++) {
      int m = 2 + rng.nextInt(5), d = 1 + rng.nextInt(8);
      double[][] f = new double[m][d];
      double[] w = new double[m], t = new double[d];
      double ws = 0;
      for (int k = 0; k < m; k++) {
        w[k] = rng.nextDouble() + 0.01;
        ws += w[k];
        for (int j = 0; j < d; j++) f[k][j] = rng.nextDouble() * 4 - 2;
      }
      for (int k = 0; k < m; k++) w[k] /= ws;
      for (int j = 0; j < d; j++) t[j] = rng.nextDouble();
      var dec = UnavowableCommunity.decompose(f, w, t);
      assertThat(dec.ensembleError()).isCloseTo(dec.memberError() - dec.ambiguity(), within(1e-12 * (1 + dec.memberError())));
      assertThat(dec.ambiguity()).isGreaterThanOrEqualTo(0);
    }
    // uniform weights: the classic form, mean member error − mean ambiguity
    double[][] f = {{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.3, 0.3, 0.4}};
    double[] t = {1, 0, 0};
    var dec = UnavowableCommunity.decompose(f, new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, t);
    assertThat(dec.ensembleError()).isCloseTo(dec.memberError() - dec.ambiguity(), within(1e-14));
  }

  @Test
  void theMixtureSatisfiesJensenAndTheDisagreementIsAJensenShannonDivergence() {
    var c = community(3, UnavowableCommunity.Options.defaults());
    param(c, "prior").copyFrom(new float[] {0.3f, -0.2f, 0.5f});
    param(c, "gate").copyFrom(new float[] {1.5f, -0.4f});
    List<Tensor> z = logits(3, 6, 5, 11);
    var mix = c.mixture(z);
    assertThat(mix.meanDisagreement()).isGreaterThan(0);
    for (int r = 0; r < 6; r++) {
      double wsum = 0;
      for (int k = 0; k < 3; k++) wsum += mix.weights()[r * 3 + k];
      assertThat(wsum).isCloseTo(1, within(1e-6));
      for (int y = 0; y < 5; y++) {
        double bound = 0;
        for (int k = 0; k < 3; k++) {
          double lp = Ops.logSoftmax(z.get(k)).get(r, y);
          bound += mix.weights()[r * 3 + k] * -lp;
        }
        assertThat((double) -mix.logProbs().get(r, y)).isLessThanOrEqualTo(bound + 1e-5);
      }
    }
    // identical members do not disagree
    Tensor same = Tensor.randn(1, 1f, 4, 5);
    assertThat(c.mixture(List.of(same, same, same)).meanDisagreement()).isCloseTo(0, within(1e-6));
  }

  @Test
  void gradientsOfTheLogitsAndTheGateMatchFiniteDifferences() {
    int[] t = {0, 3, 1, -1, 4, 2};
    for (double lambda : new double[] {0, 0.5, 1}) {
      var c = community(3, new UnavowableCommunity.Options(lambda, 0.7, true));
      Tensor prior = param(c, "prior"), gate = param(c, "gate");
      prior.copyFrom(new float[] {0.2f, -0.3f, 0.1f});
      gate.copyFrom(new float[] {2.0f, -0.5f}); // non-zero: the features' own gradients matter
      List<Tensor> z = logits(3, 6, 5, 21);
      List<Tensor> inputs = new ArrayList<>(z);
      inputs.add(prior);
      inputs.add(gate);
      GradCheck.Report r = GradCheck.check(in -> c.loss(in.subList(0, 3), t), inputs, 1e-3, 9);
      for (int i = 0; i < inputs.size(); i++) {
        assertThat(r.relativeErrors()[i]).as("λ %s input %d", lambda, i).isLessThan(2e-2);
      }
    }
  }

  @Test
  void withoutTheJointTermOrDivergenceMembersLearnIndependently() {
    var c = community(2, new UnavowableCommunity.Options(0, 0, false));
    int[] t = {1, 0, 2, 2};
    List<Tensor> z = logits(2, 4, 3, 5);
    for (Tensor x : z) x.requiresGrad(true);
    c.loss(z, t).backward();
    for (Tensor x : z) {
      Tensor alone = Tensor.of(x.toArray(), 4, 3).requiresGrad(true);
      Ops.crossEntropy(alone, t, null, 0f).backward();
      float[] want = alone.grad().toArray();
      for (int i = 0; i < want.length; i++) want[i] /= 2; // (1/M) Σ_m CE_m
      assertThat(GradCheck.maxAbsDiff(x.grad().toArray(), want)).isLessThan(1e-6);
    }
    Autograd.clearTape();
  }

  @Test
  void theLossValueFollowsTheDefinition() {
    var c = community(2, new UnavowableCommunity.Options(0.5, 1, false));
    Tensor a = Tensor.of(new float[] {2, 0, 0}, 1, 3), b = Tensor.of(new float[] {0, 1, 0}, 1, 3);
    double[] pa = softmax(new double[] {2, 0, 0}), pb = softmax(new double[] {0, 1, 0});
    double[] mean = new double[3];
    double div = 0;
    for (int j = 0; j < 3; j++) mean[j] = (pa[j] + pb[j]) / 2;
    for (int j = 0; j < 3; j++) div += Math.pow(pa[j] - mean[j], 2) + Math.pow(pb[j] - mean[j], 2);
    double want = -Math.log(mean[0]) + (-Math.log(pa[0]) - Math.log(pb[0]) - 0.5 * div) / 2;
    assertThat((double) c.loss(List.of(a, b), new int[] {0}).item()).isCloseTo(want, within(1e-5));
  }

  @Test
  void contrastiveDecodingKeepsThePlausibleHeadAndSubtractsTheAmateur() {
    Tensor expert = Tensor.of(new float[] {(float) Math.log(0.6), (float) Math.log(0.35), (float) Math.log(0.05)}, 1, 3);
    Tensor amateur = Tensor.of(new float[] {(float) Math.log(0.8), (float) Math.log(0.1), (float) Math.log(0.1)}, 1, 3);
    Tensor s = UnavowableCommunity.contrastive(expert, amateur, 0.1, 1.0);
    assertThat((double) s.get(0, 0)).isCloseTo(Math.log(0.6 / 0.8), within(1e-5));
    assertThat((double) s.get(0, 1)).isCloseTo(Math.log(0.35 / 0.1), within(1e-5));
    assertThat(s.get(0, 2)).isEqualTo(Float.NEGATIVE_INFINITY); // 0.05 < 0.1 · 0.6
    assertThat(s.get(0, 1)).isGreaterThan(s.get(0, 0));           // the amateur's favourite loses
  }

  private static double[] softmax(double[] x) {
    double s = 0;
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) s += Math.exp(x[i]);
    for (int i = 0; i < x.length; i++) out[i] = Math.exp(x[i]) / s;
    return out;
  }
}
