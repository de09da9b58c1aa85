package orphic.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import orphic.engine.kernel.Parallel;
import orphic.engine.nn.ParameterStore;
import orphic.engine.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AdamWTest {
  /** PyTorch's AdamW in double precision; decay[i] says whether element i is weight-decayed. */
  private static void reference(double[] p, double[] m, double[] v, float[] g, boolean[] decay, int t,
      double lr, double b1, double b2, double eps, double wd) {
    double bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
    for (int i = 0; i < p.length; i++) {
      if (decay[i]) p[i] *= 1 - lr * wd;
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      p[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
    }
  }

  private static void checkAgainstReference(double wd, boolean decayAll) {
    // 7 x 5 + 5 = 40 elements: not a multiple of any vector length, so the scalar tail runs too.
    Params model = new Params(7, 5, 3);
    ParameterStore store = new ParameterStore(model, decayAll ? ParameterStore.DECAY_ALL : ParameterStore.DECAY_MATRICES);
    double lr = 0.01, b1 = 0.9, b2 = 0.95, eps = 1e-8;
    AdamW opt = new AdamW(store, lr, b1, b2, eps, wd);
    int n = store.size();
    double[] p = new double[n], m = new double[n], v = new double[n];
    for (int i = 0; i < n; i++) p[i] = store.data()[i];
    boolean[] decay = new boolean[n];
    for (ParameterStore.Segment s : store.segments()) {
      for (int i = s.offset(); i < s.offset() + s.size(); i++) decay[i] = s.decay();
    }
    for (int step = 1; step <= 6; step++) {
      Params.fillGrad(store.grad(), step);
      opt.step();
      reference(p, m, v, store.grad(), decay, step, lr, b1, b2, eps, wd);
      for (int i = 0; i < n; i++) assertThat((double) store.data()[i]).as("element %d at step %d", i, step).isCloseTo(p[i], within(1e-6));
    }
    assertThat(opt.steps()).isEqualTo(6);
  }

  @Test
  void matchesPyTorchAdamWWithoutWeightDecay() {
    checkAgainstReference(0, false);
  }

  @Test
  void matchesPyTorchAdamWWithDecoupledWeightDecayOnMatricesOnly() {
    checkAgainstReference(0.1, false);
  }

  @Test
  void decayEverythingAlsoDecaysBiases() {
    checkAgainstReference(0.1, true);
  }

  @Test
  void firstStepMovesEachWeightByAboutTheLearningRate() {
    // Bias correction makes the first update ±lr·g/|g| (up to eps) whatever the gradient's scale.
    Params model = new Params(2, 3, 1);
    ParameterStore store = new ParameterStore(model);
    float[] before = store.data().clone();
    for (int i = 0; i < store.size(); i++) store.grad()[i] = (i % 2 == 0 ? 1e-3f : -50f);
    new AdamW(store, 0.5, 0.9, 0.999, 1e-12, 0).step();
    for (int i = 0; i < store.size(); i++) {
      assertThat(store.data()[i] - before[i]).isCloseTo(i % 2 == 0 ? -0.5f : 0.5f, within(1e-5f));
    }
  }

  @Test
  void resultsDoNotDependOnTheThreadCount() {
    float[][] results = new float[2][];
    int saved = Parallel.threads();
    try {
      for (int threads = 1; threads <= 2; threads++) {
        Parallel.setThreads(threads);
        Params model = new Params(37, 11, 5);
        ParameterStore store = new ParameterStore(model);
        AdamW opt = new AdamW(store, 0.003, 0.9, 0.999, 1e-8, 0.1);
        for (int step = 1; step <= 4; step++) {
          Params.fillGrad(store.grad(), step);
          opt.step();
        }
        results[threads - 1] = store.data().clone();
      }
    } finally {
      Parallel.setThreads(saved);
    }
    assertThat(results[1]).containsExactly(results[0]);
  }

  @Test
  void restoredStateContinuesBitForBit() {
    Params a = new Params(9, 7, 11);
    ParameterStore sa = new ParameterStore(a);
    AdamW oa = new AdamW(sa, 0.01, 0.9, 0.999, 1e-8, 0.05);
    for (int step = 1; step <= 3; step++) {
      Params.fillGrad(sa.grad(), step);
      oa.step();
    }
    // A second model and optimizer restored from a's weights and state.
    Params b = new Params(9, 7, 99);
    Map<String, Tensor> weights = new HashMap<>();
    a.stateDict().forEach((k, t) -> weights.put(k, t.copy()));
    b.loadStateDict(weights);
    ParameterStore sb = new ParameterStore(b);
    AdamW ob = new AdamW(sb, 0.01, 0.9, 0.999, 1e-8, 0.05);
    ob.load(oa.state());
    assertThat(ob.steps()).isEqualTo(3);
    for (int step = 4; step <= 7; step++) {
      Params.fillGrad(sa.grad(), step);
      Params.fillGrad(sb.grad(), step);
      oa.step();
      ob.step();
      assertThat(sb.data()).containsExactly(sa.data());
    }
    assertThat(ob.state().get("m").toArray()).containsExactly(oa.state().get("m").toArray());
  }

  @Test
  void stateIsACopy() {
    Params model = new Params(2, 2, 1);
    ParameterStore store = new ParameterStore(model);
    AdamW opt = new AdamW(store, 0.1);
    Params.fillGrad(store.grad(), 1);
    opt.step();
    Map<String, Tensor> state = opt.state();
    float m0 = state.get("m").toArray()[0];
    opt.step();
    assertThat(state.get("m").toArray()[0]).isEqualTo(m0);
    assertThat(state.get("step").item()).isEqualTo(1f);
  }

  @Test
  void loadRejectsForeignState() {
    Params model = new Params(2, 2, 1);
    AdamW opt = new AdamW(new ParameterStore(model), 0.1);
    Map<String, Tensor> wrongKeys = new HashMap<>(opt.state());
    wrongKeys.remove("v");
    assertThatThrownBy(() -> opt.load(wrongKeys)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keys");
    AdamW bigger = new AdamW(new ParameterStore(new Params(3, 2, 1)), 0.1);
    assertThatThrownBy(() -> opt.load(bigger.state()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'m' holds 8 values but the parameter store has 6");
  }

  @Test
  void rejectsBadHyperparameters() {
    ParameterStore store = new ParameterStore(new Params(2, 2, 1));
    assertThatThrownBy(() -> new AdamW(store, 0.1, 1.0, 0.999, 1e-8, 0)).hasMessageContaining("beta1");
    assertThatThrownBy(() -> new AdamW(store, -1)).hasMessageContaining("learning rate");
  }
}
