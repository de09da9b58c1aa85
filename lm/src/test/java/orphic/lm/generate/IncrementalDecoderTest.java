package orphic.lm.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import orphic.lm.model.GptModel;
import orphic.lm.model.Scoring;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class IncrementalDecoderTest {
  private static final float TOLERANCE = 1e-4f;

  /** Shapes: head width below, at and above a vector; padded widths (C = 24); tied and untied; with and without bias. */
  @ParameterizedTest(name = "V{0} T{1} C{2} L{3} H{4} tied={5} bias={6}")
  @CsvSource({
      "13, 16, 32, 2, 4, false, true",
      "13, 16, 32, 2, 4, true, true",
      "7, 12, 24, 1, 3, false, false",
      "40, 20, 64, 2, 2, true, true",
      "5, 35, 16, 3, 1, false, true",
  })
  void everyPositionMatchesTheFullForward(int v, int t, int c, int layers, int heads, boolean tied, boolean bias) {
    GptModel model = TinyModels.gpt(v, t, c, layers, heads, tied, bias, 7);
    int[] ids = TinyModels.randomTokens(t, v, 11);
    float[][] full = Scoring.logits(model, ids);
    assertThat(maxAbs(full)).as("logits are not trivially small").isGreaterThan(0.5f);

    IncrementalDecoder dec = new IncrementalDecoder(model);
    dec.start(new int[] {ids[0]});
    assertThat(TinyModels.maxAbsDiff(dec.logits(0), full[0])).isLessThan(TOLERANCE);
    for (int i = 1; i < t; i++) {
      dec.step(ids[i]);
      assertThat(dec.position()).isEqualTo(i + 1);
      assertThat(TinyModels.maxAbsDiff(dec.logits(0), full[i])).as("position %d", i).isLessThan(TOLERANCE);
    }
    // A prompt prefilled in one go gives the same logits as stepping through it.
    for (int n : new int[] {2, t / 2, t}) {
      dec.start(java.util.Arrays.copyOf(ids, n));
      assertThat(TinyModels.maxAbsDiff(dec.logits(0), full[n - 1])).as("prefill of %d", n).isLessThan(TOLERANCE);
    }
  }

  @Test
  void afterTheWindowSlidesLogitsEqualAFullForwardOverTheReEncodedWindow() {
    int t = 10;
    GptModel model = TinyModels.gpt(11, t, 32, 2, 2, false, true, 3);
    int[] ids = TinyModels.randomTokens(4 * t, 11, 5);
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
      // The window is the most recent tokens: it ends with the one just stepped.
      assertThat(window[window.length - 1]).isEqualTo(ids[i]);
      assertThat(window).isEqualTo(java.util.Arrays.copyOfRange(ids, i + 1 - window.length, i + 1));
      assertThat(TinyModels.maxAbsDiff(dec.logits(0), TinyModels.lastLogits(model, window))).as("token %d", i).isLessThan(TOLERANCE);
    }
    assertThat(slides).isGreaterThanOrEqualTo(5);
  }

  @Test
  void aLongPromptKeepsItsLastContextTokens() {
    int t = 8;
    GptModel model = TinyModels.gpt(9, t, 16, 1, 2, false, true, 1);
    int[] ids = TinyModels.randomTokens(21, 9, 2);
    IncrementalDecoder dec = new IncrementalDecoder(model);
    dec.start(ids);
    assertThat(dec.position()).isEqualTo(t);
    float[][] scored = Scoring.logits(model, ids);
    assertThat(TinyModels.maxAbsDiff(dec.logits(0), scored[ids.length - 1])).isLessThan(TOLERANCE);
  }

  @Test
  void streamsDecodedTogetherEqualSingleStreamsBitForBit() {
    int t = 12, v = 17, n = 5;
    GptModel model = TinyModels.gpt(v, t, 48, 2, 3, false, true, 9);
    int[] prompt = TinyModels.randomTokens(4, v, 1);
    int[][] feeds = new int[n][];
    for (int s = 0; s < n; s++) feeds[s] = TinyModels.randomTokens(3 * t, v, 100 + s);
    IncrementalDecoder together = new IncrementalDecoder(model, n);
    IncrementalDecoder[] alone = new IncrementalDecoder[n];
    together.start(prompt);
    for (int s = 0; s < n; s++) {
      alone[s] = new IncrementalDecoder(model);
      alone[s].start(prompt);
    }
    int[] next = new int[n];
    for (int i = 0; i < 3 * t; i++) {
      for (int s = 0; s < n; s++) {
        assertThat(together.logits(s)).as("stream %d step %d", s, i).isEqualTo(alone[s].logits(0));
        next[s] = feeds[s][i];
        alone[s].step(next[s]);
      }
      together.step(next);
    }
  }

  @Test
  void truncateThenStepRecomputesFromTheKeptPrefix() {
    GptModel model = TinyModels.gpt(11, 16, 32, 2, 4, false, true, 4);
    int[] ids = TinyModels.randomTokens(9, 11, 8);
    IncrementalDecoder dec = new IncrementalDecoder(model);
    dec.start(ids);
    dec.truncate(5);
    dec.step(3);
    int[] expected = java.util.Arrays.copyOf(ids, 6);
    expected[5] = 3;
    assertThat(TinyModels.maxAbsDiff(dec.logits(0), TinyModels.lastLogits(model, expected))).isLessThan(TOLERANCE);
  }

  @Test
  void feedingManyTokensEqualsSteppingThemBitForBit() {
    int t = 10;
    GptModel model = TinyModels.gpt(11, t, 32, 2, 2, false, true, 3);
    int[] ids = TinyModels.randomTokens(3 * t + 3, 11, 6);
    IncrementalDecoder stepped = new IncrementalDecoder(model), fed = new IncrementalDecoder(model);
    stepped.start(ids, 3);
    fed.start(ids, 3);
    for (int i = 3; i < ids.length; i++) stepped.step(ids[i]);
    fed.feed(ids, 3, ids.length - 3);
    assertThat(fed.position()).isEqualTo(stepped.position());
    assertThat(fed.logits(0)).isEqualTo(stepped.logits(0));
  }

  @Test
  void logitsAfterFollowsAGrowingAndBacktrackingHistory() {
    int t = 12, v = 11;
    GptModel model = TinyModels.gpt(v, t, 32, 2, 2, false, true, 3);
    int[] h = TinyModels.randomTokens(40, v, 9);
    IncrementalDecoder dec = new IncrementalDecoder(model);
    IncrementalDecoder reference = new IncrementalDecoder(model);
    reference.start(h, 1);
    for (int len = 1; len <= 30; len++) {
      if (len > 1) reference.step(h[len - 1]);
      assertThat(dec.logitsAfter(h, len)).as("length %d", len).isEqualTo(reference.logits(0));
    }
    // Backtrack inside the cached window, then past its start, then to a history that ends inside it.
    for (int len : new int[] {27, 26, 3, 29}) {
      int[] g = java.util.Arrays.copyOf(h, len);
      g[len - 1] = (h[len - 1] + 1) % v;
      float[] logits = dec.logitsAfter(g, len);
      int[] window = new int[dec.position()];
      for (int j = 0; j < window.length; j++) window[j] = dec.cachedToken(0, j);
      assertThat(window).isEqualTo(java.util.Arrays.copyOfRange(g, len - window.length, len));
      assertThat(TinyModels.maxAbsDiff(logits, TinyModels.lastLogits(model, window))).as("backtrack to %d", len).isLessThan(TOLERANCE);
    }
    // After a caller's truncate the logits are stale: the same history is recomputed, not returned as is.
    int[] g = java.util.Arrays.copyOf(h, 29);
    float[] before = dec.logitsAfter(g, 29).clone();
    dec.truncate(dec.position() - 3);
    assertThat(TinyModels.maxAbsDiff(dec.logitsAfter(g, 29), before)).isLessThan(TOLERANCE);
    float[] same = dec.logitsAfter(java.util.Arrays.copyOf(h, 28), 28).clone();
    assertThat(TinyModels.maxAbsDiff(same, dec.logitsAfter(java.util.Arrays.copyOf(h, 27), 27))).isGreaterThan(0f);
  }

  @Test
  void refreshWeightsFollowsTheModel() {
    GptModel model = TinyModels.gpt(11, 16, 32, 1, 4, false, true, 4);
    int[] ids = TinyModels.randomTokens(6, 11, 8);
    IncrementalDecoder dec = new IncrementalDecoder(model);
    var wq = model.stateDict().get("blocks.0.attn.wq.weight");
    for (int i = 0; i < wq.size(); i++) wq.data()[wq.offset() + i] *= 1.5f;
    dec.refreshWeights();
    dec.start(ids);
    assertThat(TinyModels.maxAbsDiff(dec.logits(0), TinyModels.lastLogits(model, ids))).isLessThan(TOLERANCE);
  }

  @Test
  void badInputsAreRejectedWithTheReason() {
    GptModel model = TinyModels.gpt(11, 16, 32, 1, 4, false, true, 4);
    IncrementalDecoder dec = new IncrementalDecoder(model);
    assertThatThrownBy(() -> dec.step(1)).hasMessageContaining("start(prompt)");
    assertThatThrownBy(() -> dec.start(new int[0])).hasMessageContaining("at least one token");
    assertThatThrownBy(() -> dec.start(new int[] {11})).hasMessageContaining("outside the vocabulary");
    assertThatThrownBy(() -> new IncrementalDecoder(model, 2).step(1)).hasMessageContaining("2 streams");
  }

  private static float maxAbs(float[][] x) {
    float m = 0;
    for (float[] row : x) for (float v : row) m = Math.max(m, Math.abs(v));
    return m;
  }
}
