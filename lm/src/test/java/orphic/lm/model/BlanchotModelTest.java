package orphic.lm.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;
import orphic.lm.generate.Generator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlanchotModelTest {
  @TempDir Path tmp;

  private static final int V = 11, T = 8, C = 16, L = 2, H = 2;

  private static int[] ids(int b, int t, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    int[] ids = new int[b * t];
    for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(V);
    return ids;
  }

  private static float[] logits(LanguageModel m, int[] ids, int b, int t) {
    try (var ng = Autograd.noGrad()) {
      return m.forward(ids, b, t).toArray();
    }
  }

  @Test
  void withEveryComponentOffItIsTheGptBaseline() {
    GptModel gpt = new GptModel(ModelConfig.gpt(V, T, C, L, H));
    BlanchotModel b = new BlanchotModel(ModelConfig.blanchot(V, T, C, L, H, BlanchotOptions.defaults().withVoidMode("off")));
    Map<String, Tensor> state = new LinkedHashMap<>();
    gpt.stateDict().forEach((k, v) -> state.put(k.startsWith("blocks.") ? "transformer." + k : k, v));
    b.loadStateDict(state);
    gpt.train(false);
    b.train(false);
    int[] x = ids(2, T, 1);
    assertThat(logits(b, x, 2, T)).containsExactly(logits(gpt, x, 2, T));
  }

  @Test
  void denseCompositionStartsAsThePlainModelExactly() {
    BlanchotOptions o = BlanchotOptions.defaults().withResidualScores(true).withOutputGate(true);
    BlanchotModel plain = new BlanchotModel(ModelConfig.blanchot(V, T, C, L, H, o));
    BlanchotModel dense = new BlanchotModel(ModelConfig.blanchot(V, T, C, L, H, o.withDense(true, 0, 1)));
    int[] x = ids(2, T, 2);
    assertThat(logits(dense, x, 2, T)).containsExactly(logits(plain, x, 2, T));
    assertThat(dense.parameterCount() - plain.parameterCount()).isEqualTo(L * (L + 3) / 2);
  }

  /** The backward twin reads the future during training, but the logits never do. */
  @Test
  void theBackwardTwinNeverLeaksTheFutureIntoTheLogits() {
    long[] counts = new long[V];
    for (int v = 0; v < V; v++) counts[v] = 1 + 10L * v;
    BlanchotModel m = new BlanchotModel(ModelConfig.blanchot(V, T, C, L, H, BlanchotOptions.all().withTokenCounts(counts)));
    m.train(true);
    int[] x = ids(1, T, 3);
    for (int t : new int[] {0, 3, T - 2}) {
      for (int k : new int[] {1, T - 1 - t}) {
        int[] y = x.clone();
        y[t + k] = (y[t + k] + 1 + k) % V;
        Tensor a = m.forward(x, 1, T);
        float auxA = m.auxiliaryLoss().item();
        float[] la = a.toArray();
        Autograd.clearTape();
        float[] lb = m.forward(y, 1, T).toArray();
        float auxB = m.auxiliaryLoss().item();
        Autograd.clearTape();
        for (int i = 0; i < (t + 1) * V; i++) assertThat(lb[i]).as("t=%d k=%d logit %d", t, k, i).isEqualTo(la[i]);
        assertThat(auxB).isNotEqualTo(auxA); // the twin did see the change
      }
    }
  }

  @Test
  void theTwinLossIsATrainingOnlyTerm() {
    BlanchotModel m = new BlanchotModel(ModelConfig.blanchot(V, T, C, L, H, BlanchotOptions.defaults().withBackwardTwin(0.5f, 1)));
    m.train(true);
    Tensor logits = m.forward(ids(2, T, 4), 2, T);
    assertThat(m.auxiliaryLoss()).isNotNull();
    Tensor loss = orphic.engine.ops.Ops.add(orphic.engine.ops.Ops.crossEntropy(logits.reshape(2 * T, V), ids(2, T, 5), null, 0f),
        m.auxiliaryLoss());
    loss.backward();
    assertThat(m.stateDict().get("twin.match.weight").grad().toArray()).isNotEqualTo(new float[C * C]);
    m.train(false);
    try (var ng = Autograd.noGrad()) {
      m.forward(ids(2, T, 4), 2, T);
    }
    assertThat(m.auxiliaryLoss()).isNull();
  }

  @Test
  void voidMassIsRecordedOutsideTraining() {
    BlanchotModel m = new BlanchotModel(ModelConfig.blanchot(V, T, C, L, H, BlanchotOptions.defaults()));
    m.train(false);
    m.resetVoidMass();
    logits(m, ids(2, T, 6), 2, T);
    float[][] mass = m.lastMeanVoidMass();
    assertThat(mass.length).isEqualTo(L);
    assertThat(mass[0]).hasSize(H);
    assertThat(m.meanVoidMass()).isStrictlyBetween(0.0, 1.0);
    // generation (full recomputation) leaves the statistics of its last step
    int[] out = new Generator(m).generate(new int[] {1, 2}, 5, Generator.temperature(1.0, 0, 3), null);
    assertThat(out).hasSize(5);
    assertThat(m.lastMeanVoidMass()).isNotNull();
    BlanchotModel none = new BlanchotModel(ModelConfig.blanchot(V, T, C, L, H, BlanchotOptions.defaults().withVoidMode("off")));
    none.train(false);
    logits(none, ids(1, T, 7), 1, T);
    assertThat(none.meanVoidMass()).isNaN();
  }

  @Test
  void optionsRoundTripThroughConfigJsonAndOldConfigsStillLoad() throws IOException {
    long[] counts = new long[V];
    counts[3] = 7;
    BlanchotOptions o = BlanchotOptions.all().withDense(true, 3, 2).withTokenCounts(counts);
    ModelConfig c = ModelConfig.blanchot(V, T, C, L, H, o);
    ModelDirectory dir = new ModelDirectory(tmp.resolve("m")).create();
    dir.writeConfig(c, null, null, "char");
    assertThat(dir.readModelConfig()).isEqualTo(c);
    assertThat(dir.readModelConfig().blanchot().tokenCounts()).containsExactly(counts);

    ModelConfig gpt = ModelConfig.gpt(V, T, C, L, H);
    dir.writeConfig(gpt, null, null, "char");
    assertThat(dir.readModelConfig()).isEqualTo(gpt);
    assertThat(dir.readModelConfig().blanchot()).isNull();

    // a config.json written before the blanchot options existed
    String old = """
        {"format": "orphic-model", "version": 1, "model": {"arch": "gpt", "vocabSize": 11, "context": 8, "dim": 16, "layers": 2,
         "heads": 2, "mlpHidden": 64, "tieWeights": false, "bias": true, "dropout": 0.0, "headKind": null, "alpha": 0.5,
         "initStd": 0.02, "seed": 1337}}
        """;
    Files.writeString(dir.file(ModelDirectory.CONFIG), old);
    assertThat(dir.readModelConfig()).isEqualTo(gpt);
    Files.writeString(dir.file(ModelDirectory.CONFIG), old.replace("\"gpt\"", "\"blanchot\""));
    assertThat(dir.readModelConfig().blanchot()).isEqualTo(BlanchotOptions.defaults());
  }
}
