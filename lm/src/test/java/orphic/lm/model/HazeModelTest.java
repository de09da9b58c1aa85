package orphic.lm.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import orphic.engine.autograd.Autograd;
import orphic.engine.nn.NamedParameter;
import orphic.engine.nn.ParameterStore;
import orphic.engine.ops.Ops;
import orphic.engine.optim.AdamW;
import orphic.engine.tensor.Tensor;
import orphic.lm.haze.HazeReference;
import org.junit.jupiter.api.Test;

class HazeModelTest {

  /** V 11, T 8, E 12, N 20, 2 blocks, 3 heads (d 4). */
  static ModelConfig tiny(String kind, float alpha) {
    return new ModelConfig("haze", 11, 8, 12, 2, 3, 20, false, false, 0f, kind, alpha, 0.02f, 7);
  }

  static int[] randomIds(long seed, int n, int vocab) {
    SplittableRandom rng = new SplittableRandom(seed);
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) ids[i] = rng.nextInt(vocab);
    return ids;
  }

  /** max |model − reference| over every batch row and position. */
  static double maxDiffToReference(HazeModel model, int[] ids, int batch, int time) {
    Tensor logits;
    try (var ng = Autograd.noGrad()) {
      logits = model.forward(ids, batch, time);
    }
    assertThat(logits.shape()).containsExactly(batch, time, model.config().vocabSize());
    Map<String, double[]> arrays = HazeReference.arraysOf(model);
    int v = model.config().vocabSize();
    double worst = 0;
    for (int b = 0; b < batch; b++) {
      int[] row = java.util.Arrays.copyOfRange(ids, b * time, (b + 1) * time);
      double[][] ref = HazeReference.logits(model.config(), arrays, row);
      for (int i = 0; i < time; i++) for (int k = 0; k < v; k++) {
        worst = Math.max(worst, Math.abs(logits.get(b, i, k) - ref[i][k]));
      }
    }
    return worst;
  }

  @Test
  void forwardMatchesDoubleReferenceForEveryHeadKind() {
    for (String kind : new String[] {"rrpram", "content", "hybrid"}) {
      HazeModel model = new HazeModel(tiny(kind, 0.3f));
      HazeReference.randomize(model, kind.hashCode());
      for (int time : new int[] {8, 5, 1}) {
        double diff = maxDiffToReference(model, randomIds(time, 2 * time, 11), 2, time);
        assertThat(diff).as("%s, L=%d", kind, time).isLessThan(5e-5);
      }
    }
  }

  @Test
  void freshModelHasHazeInitialisation() {
    HazeModel model = new HazeModel(tiny("hybrid", 0.3f));
    Map<String, Tensor> state = model.stateDict();
    assertThat(state.get("blocks.1.heads.2.gate").toArray()).containsExactly(0.3f);
    assertThat(state.get("blocks.0.ln1.weight").toArray()).containsOnly(1f);
    assertThat(state.get("ln_f.bias").toArray()).containsOnly(0f);
    assertThat(state.get("blocks.0.heads.0.rrpram.wr").shape()).containsExactly(12, 8);
    assertThat(state.get("blocks.0.heads.0.content.wq").shape()).containsExactly(12, 4);
    assertThat(state.get("w2").shape()).containsExactly(12, 11);
    float[] embed = state.get("embed").toArray();
    double ss = 0;
    for (float f : embed) ss += f * f;
    assertThat(Math.sqrt(ss / embed.length)).isBetween(0.01, 0.03);
    // haze's README size: T32 E64 N64, 3 blocks, 4 hybrid heads, V 44 → 105 984 + our 2·3·64 + 2·64 norm
    // parameters and 3·4 gates, which haze does not train.
    ModelConfig readme = new ModelConfig("haze", 44, 32, 64, 3, 4, 64, false, false, 0f, "hybrid", 0.5f, 0.02f, 1);
    assertThat(new HazeModel(readme).parameterCount()).isEqualTo(105_984 + 2 * 3 * 2 * 64 + 2 * 64 + 12);
    assertThat(new HazeModel(tiny("content", 0.5f)).stateDict()).doesNotContainKey("blocks.0.heads.0.rrpram.wr")
        .doesNotContainKey("blocks.0.heads.0.gate");
  }

  @Test
  void gradientsMatchFiniteDifferencesOfTheDoubleReference() {
    ModelConfig c = new ModelConfig("haze", 7, 6, 8, 2, 2, 12, false, false, 0f, "hybrid", 0.5f, 0.02f, 3);
    HazeModel model = new HazeModel(c);
    HazeReference.randomize(model, 99);
    int batch = 2, time = 5;
    int[] ids = randomIds(5, batch * time, 7);
    double[] r = new double[batch * time * 7];
    SplittableRandom rng = new SplittableRandom(17);
    for (int i = 0; i < r.length; i++) r[i] = rng.nextDouble() * 2 - 1;
    // Analytic: d(Σ r ⊙ logits)/dθ through the float32 backward.
    Autograd.clearTape();
    Tensor logits = model.forward(ids, batch, time);
    float[] g = logits.gradArray();
    for (int i = 0; i < r.length; i++) g[logits.gradOffset() + i] += (float) r[i];
    Autograd.runBackward();
    Map<String, double[]> arrays = HazeReference.arraysOf(model);
    List<Double> analytic = new ArrayList<>(), numeric = new ArrayList<>();
    for (NamedParameter p : model.parameters()) {
      String name = HazeReference.fileName(p.name());
      double[] values = arrays.get(name);
      float[] grad = p.tensor().grad().toArray();
      boolean wr = name.endsWith("rrpram.wr");
      for (int pick = 0; pick < 3; pick++) {
        int i = rng.nextInt(grad.length);
        if (wr) i = (i / c.context()) * c.context() + (i % c.context()) % time; // a key position the input reaches
        int fileIndex = i;
        double orig = values[fileIndex];
        double h = 1e-5;
        values[fileIndex] = orig + h;
        double lp = weighted(c, arrays, ids, batch, time, r);
        values[fileIndex] = orig - h;
        double lm = weighted(c, arrays, ids, batch, time, r);
        values[fileIndex] = orig;
        double num = (lp - lm) / (2 * h);
        analytic.add((double) grad[i]);
        numeric.add(num);
        assertThat(Math.abs(grad[i] - num)).as("%s[%d]: analytic %s vs numeric %s", p.name(), i, grad[i], num)
            .isLessThan(2e-3 * Math.max(1, Math.abs(num)));
      }
    }
    double diff = 0, norm = 0;
    for (int i = 0; i < analytic.size(); i++) {
      diff += Math.pow(analytic.get(i) - numeric.get(i), 2);
      norm += numeric.get(i) * numeric.get(i);
    }
    assertThat(Math.sqrt(diff / norm)).isLessThan(1e-4);
  }

  private static double weighted(ModelConfig c, Map<String, double[]> arrays, int[] ids, int batch, int time, double[] r) {
    double s = 0;
    int v = c.vocabSize();
    for (int b = 0; b < batch; b++) {
      double[][] ref = HazeReference.logits(c, arrays, java.util.Arrays.copyOfRange(ids, b * time, (b + 1) * time));
      for (int i = 0; i < time; i++) for (int k = 0; k < v; k++) s += r[(b * time + i) * v + k] * ref[i][k];
    }
    return s;
  }

  @Test
  void laterTokensDoNotChangeEarlierLogits() {
    for (String kind : new String[] {"rrpram", "content", "hybrid"}) {
      HazeModel model = new HazeModel(tiny(kind, 0.5f));
      HazeReference.randomize(model, 5);
      int[] a = randomIds(9, 8, 11);
      int[] b = a.clone();
      b[5] = (b[5] + 3) % 11;
      b[7] = (b[7] + 1) % 11;
      try (var ng = Autograd.noGrad()) {
        Tensor la = model.forward(a, 1, 8), lb = model.forward(b, 1, 8);
        for (int i = 0; i < 5; i++) for (int k = 0; k < 11; k++) assertThat(lb.get(0, i, k)).isEqualTo(la.get(0, i, k));
        boolean changed = false;
        for (int k = 0; k < 11; k++) changed |= lb.get(0, 5, k) != la.get(0, 5, k);
        assertThat(changed).as(kind).isTrue();
        // A prefix scores the same as the full window at its positions.
        Tensor prefix = model.forward(java.util.Arrays.copyOf(a, 4), 1, 4);
        for (int i = 0; i < 4; i++) for (int k = 0; k < 11; k++) {
          assertThat((double) prefix.get(0, i, k)).isCloseTo(la.get(0, i, k), org.assertj.core.api.Assertions.within(1e-5));
        }
      }
    }
  }

  @Test
  void refusesSequencesLongerThanTheContext() {
    HazeModel model = new HazeModel(tiny("rrpram", 0.5f));
    assertThatThrownBy(() -> model.forward(new int[9], 1, 9)).hasMessageContaining("context 8").hasMessageContaining("last 8");
    assertThatThrownBy(() -> model.forward(new int[0], 1, 0)).hasMessageContaining("at least one");
    assertThatThrownBy(() -> model.forward(new int[5], 1, 4)).hasMessageContaining("5 ids");
    assertThatThrownBy(() -> new HazeModel(ModelConfig.gpt(5, 4, 8, 1, 2))).hasMessageContaining("arch haze");
    assertThat(Models.build(tiny("hybrid", 0.5f))).isInstanceOf(HazeModel.class);
  }

  @Test
  void dropoutActsOnlyInTraining() {
    ModelConfig plain = tiny("hybrid", 0.5f);
    ModelConfig dropped = new ModelConfig("haze", 11, 8, 12, 2, 3, 20, false, false, 0.2f, "hybrid", 0.5f, 0.02f, 7);
    HazeModel a = new HazeModel(plain), b = new HazeModel(dropped);
    int[] ids = randomIds(3, 16, 11);
    try (var ng = Autograd.noGrad()) {
      b.train(false);
      assertThat(b.forward(ids, 2, 8).toArray()).containsExactly(a.forward(ids, 2, 8).toArray());
      b.train(true);
      assertThat(b.forward(ids, 2, 8).toArray()).isNotEqualTo(a.forward(ids, 2, 8).toArray());
    }
    assertThat(b.randomState()).isNotEmpty();
  }

  @Test
  void adamWTrainingOfATinyHybridLowersTheLoss() {
    ModelConfig c = new ModelConfig("haze", 5, 12, 16, 2, 2, 32, false, false, 0f, "hybrid", 0.5f, 0.02f, 11);
    HazeModel model = new HazeModel(c);
    ParameterStore store = new ParameterStore(model);
    AdamW opt = new AdamW(store, 1e-2, 0.9, 0.99, 1e-8, 0.0);
    int[] text = new int[200];
    int[] pattern = {0, 1, 2, 3, 1, 4, 2};
    for (int i = 0; i < text.length; i++) text[i] = pattern[i % pattern.length];
    int batch = 4, time = 12;
    SplittableRandom rng = new SplittableRandom(1);
    float first = 0, last = 0;
    float gateBefore = model.stateDict().get("blocks.0.heads.0.gate").item();
    for (int step = 0; step < 40; step++) {
      int[] x = new int[batch * time], y = new int[batch * time];
      for (int b = 0; b < batch; b++) {
        int s = rng.nextInt(text.length - time - 1);
        for (int i = 0; i < time; i++) {
          x[b * time + i] = text[s + i];
          y[b * time + i] = text[s + i + 1];
        }
      }
      opt.zeroGrad();
      Tensor loss = Ops.crossEntropy(model.forward(x, batch, time), y, null, 0f);
      loss.backward();
      opt.step();
      if (step == 0) first = loss.item();
      last = loss.item();
    }
    assertThat(first).isGreaterThan(1.4f); // ≈ ln 5 at the start
    assertThat(last).isLessThan(0.5f * first);
    assertThat(model.stateDict().get("blocks.0.heads.0.gate").item()).isNotEqualTo(gateBefore);
  }
}
