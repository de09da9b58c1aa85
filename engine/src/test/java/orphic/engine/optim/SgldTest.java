package orphic.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import orphic.engine.nn.Module;
import orphic.engine.nn.ParameterStore;
import orphic.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SgldTest {
  /** K independent scalars, each a chain on the quadratic U = ½k·p². */
  private static final class Chains extends Module {
    Chains(int k) {
      parameter("p", Tensor.zeros(k));
    }
  }

  @Test
  void onAQuadraticItSamplesTheExactStationaryVariance() {
    int chains = 2000;
    double k = 2.0, lr = 0.05, tau = 0.3;
    ParameterStore store = new ParameterStore(new Chains(chains));
    Sgld opt = new Sgld(store, lr, tau, 0, 42);
    float[] p = store.data(), g = store.grad();
    double sum = 0, sumSq = 0;
    long samples = 0;
    for (int step = 0; step < 400; step++) {
      for (int i = 0; i < chains; i++) g[i] = (float) (k * p[i]);
      opt.step();
      if (step >= 100) { // burn-in: (1 − lr·k)^100 ≈ 3e-5
        for (int i = 0; i < chains; i++) {
          sum += p[i];
          sumSq += (double) p[i] * p[i];
        }
        samples += chains;
      }
    }
    double mean = sum / samples, var = sumSq / samples - mean * mean;
    double exact = tau / (k * (1 - lr * k / 2));
    // 600k correlated draws (autocorrelation time ~ 1/(lr·k) = 10 steps): ~60k effective, σ(var)/var ≈ 0.6%.
    assertThat(var).isCloseTo(exact, within(0.04 * exact));
    assertThat(mean).isCloseTo(0, within(0.02));
    // it never settles: the last step still moves every chain
    float[] before = p.clone();
    for (int i = 0; i < chains; i++) g[i] = (float) (k * p[i]);
    opt.step();
    int moved = 0;
    for (int i = 0; i < chains; i++) if (p[i] != before[i]) moved++;
    assertThat(moved).isEqualTo(chains);
  }

  @Test
  void zeroTemperatureIsPlainSgd() {
    Params a = new Params(3, 4, 9), b = new Params(3, 4, 9);
    ParameterStore sa = new ParameterStore(a), sb = new ParameterStore(b);
    Sgld sgld = new Sgld(sa, 0.1, 0, 0.01, 1);
    Sgd sgd = new Sgd(sb, 0.1, 0, 0.01);
    for (int step = 1; step <= 3; step++) {
      Params.fillGrad(sa.grad(), step);
      Params.fillGrad(sb.grad(), step);
      sgld.step();
      sgd.step();
    }
    assertThat(sa.data()).containsExactly(sb.data());
  }

  @Test
  void noiseIsSeededAndRestoredStateContinuesBitForBit() {
    for (double beta : new double[] {0, 0.99}) {
      Params a = new Params(4, 4, 1), b = new Params(4, 4, 1), c = new Params(4, 4, 1);
      ParameterStore sa = new ParameterStore(a), sb = new ParameterStore(b), sc = new ParameterStore(c);
      Sgld oa = new Sgld(sa, 0.01, 0.1, 0.01, beta, 1e-8, 7);
      Sgld ob = new Sgld(sb, 0.01, 0.1, 0.01, beta, 1e-8, 7);
      Sgld oc = new Sgld(sc, 0.01, 0.1, 0.01, beta, 1e-8, 8);
      for (int step = 1; step <= 3; step++) {
        Params.fillGrad(sa.grad(), step);
        oa.step();
        Params.fillGrad(sc.grad(), step);
        oc.step();
      }
      assertThat(sc.data()).as("another seed, other noise").isNotEqualTo(sa.data());
      System.arraycopy(sa.data(), 0, sb.data(), 0, sa.size());
      ob.load(oa.state());
      assertThat(ob.steps()).isEqualTo(3);
      for (int step = 4; step <= 6; step++) {
        Params.fillGrad(sa.grad(), step);
        Params.fillGrad(sb.grad(), step);
        oa.step();
        ob.step();
      }
      assertThat(sb.data()).as("beta %s", beta).containsExactly(sa.data());
    }
  }

  @Test
  void theNoiseStreamIsStandardNormalAndUncorrelated() {
    double s = 0, s2 = 0, s4 = 0, pairs = 0, neighbours = 0;
    int n = 200_000;
    double previous = 0;
    for (int i = 0; i < n; i++) {
      double x = Sgld.gaussian(12345L, i);
      s += x;
      s2 += x * x;
      s4 += x * x * x * x;
      if ((i & 1) == 1) pairs += x * previous;   // the two values of one polar draw
      else if (i > 0) neighbours += x * previous; // across draws
      previous = x;
    }
    assertThat(s / n).isCloseTo(0, within(0.01));
    assertThat(s2 / n).isCloseTo(1, within(0.015));
    assertThat(s4 / n).isCloseTo(3, within(0.1)); // the normal's fourth moment
    assertThat(pairs / (n / 2)).isCloseTo(0, within(0.015));
    assertThat(neighbours / (n / 2)).isCloseTo(0, within(0.015));
  }
}
