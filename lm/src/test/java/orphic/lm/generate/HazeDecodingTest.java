package orphic.lm.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Arena;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.HazeModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.Scoring;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Incremental decoding of haze models against the full forward, for every head kind. */
class HazeDecodingTest {
  private static final float TOLERANCE = 1e-4f;

  /** V, T, E, blocks, heads, kind; σ 0.3 so that the patterns are far from uniform; gate 0.3. */
  static HazeModel haze(int v, int t, int e, int layers, int heads, String kind, long seed) {
    return new HazeModel(new ModelConfig("haze", v, t, e, layers, heads, 2 * e + 4, false, false, 0f, kind, 0.3f, 0.3f, seed));
  }

  @ParameterizedTest(name = "{5} V{0} T{1} E{2} L{3} H{4}")
  @CsvSource({
      "13, 16, 32, 2, 4, rrpram",
      "13, 16, 32, 2, 4, content",
      "13, 16, 32, 2, 4, hybrid",
      "7, 12, 24, 1, 3, hybrid",
      "40, 35, 16, 3, 1, rrpram",
      "9, 20, 64, 2, 2, hybrid",
  })
  void everyPositionMatchesTheFullForward(int v, int t, int e, int layers, int heads, String kind) {
    HazeModel model = haze(v, t, e, layers, heads, kind, 7);
    int[] ids = TinyModels.randomTokens(t, v, 11);
    float[][] full = Scoring.logits(model, ids);
    IncrementalDecoder dec = new IncrementalDecoder(model);
    dec.start(new int[] {ids[0]});
    assertThat(TinyModels.maxAbsDiff(dec.logits(0), full[0])).isLessThan(TOLERANCE);
    for (int i = 1; i < t; i++) {
      dec.step(ids[i]);
      assertThat(TinyModels.maxAbsDiff(dec.logits(0), full[i])).as("position %d", i).isLessThan(TOLERANCE);
    }
    for (int n : new int[] {2, t / 2, t}) {
      dec.start(Arrays.copyOf(ids, n));
      assertThat(TinyModels.maxAbsDiff(dec.logits(0), full[n - 1])).as("prefill of %d", n).isLessThan(TOLERANCE);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rrpram", "content", "hybrid"})
  void pastTheContextTheWindowSlidesAsGptsDoes(String kind) {
    int t = 10;
    HazeModel model = haze(11, t, 32, 2, 2, kind, 3);
    int[] ids = TinyModels.randomTokens(3 * t, 11, 5);
    IncrementalDecoder dec = new IncrementalDecoder(model);
    dec.start(new int[] {ids[0]});
    int slides = 0;
    for (int i = 1; i < ids.length; i++) {
      int before = dec.position();
      dec.step(ids[i]);
      if (before == t) {
        slides++;
        assertThat(dec.position()).isEqualTo(t / 2);
      }
      int[] window = new int[dec.position()];
      for (int j = 0; j < window.length; j++) window[j] = dec.cachedToken(0, j);
      assertThat(window).isEqualTo(Arrays.copyOfRange(ids, i + 1 - window.length, i + 1));
      assertThat(TinyModels.maxAbsDiff(dec.logits(0), lastLogits(model, window))).as("token %d", i).isLessThan(TOLERANCE);
    }
    assertThat(slides).isGreaterThanOrEqualTo(3);
  }

  private static final Arena ARENA = new Arena();

  /** Last-row logits of one full forward over ids (≤ T tokens), in one reused arena. */
  static float[] lastLogits(HazeModel model, int[] ids) {
    int v = model.config().vocabSize();
    try (var ng = Autograd.noGrad(); var s = ARENA.open()) {
      Tensor out = model.forward(ids, 1, ids.length);
      return Arrays.copyOfRange(out.data(), out.offset() + (ids.length - 1) * v, out.offset() + ids.length * v);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rrpram", "hybrid"})
  void generatorUsesTheCacheForHazeAndStreamsAgree(String kind) {
    HazeModel model = haze(11, 12, 24, 2, 3, kind, 9);
    Generator g = new Generator(model);
    assertThat(g.mode()).isEqualTo(Generator.Mode.KV);
    int[] prompt = {1, 2, 3};
    int[] greedyKv = g.generate(prompt, 8, Generator.temperature(0, 0, 1), null);
    int[] greedyFull = Generator.fullRecompute(model).generate(prompt, 8, Generator.temperature(0, 0, 1), null);
    assertThat(greedyKv).isEqualTo(greedyFull); // within the context the two agree token for token
    Generator.TokenPicker[] pickers = {Generator.temperature(1, 0, 5), Generator.temperature(1, 0, 6)};
    int[][] batch = g.generateBatch(prompt, 30, pickers, null);
    assertThat(batch[0]).isEqualTo(g.generate(prompt, 30, Generator.temperature(1, 0, 5), null));
    assertThat(batch[1]).isEqualTo(g.generate(prompt, 30, Generator.temperature(1, 0, 6), null));
  }
}
