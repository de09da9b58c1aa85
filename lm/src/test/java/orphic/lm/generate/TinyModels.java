package orphic.lm.generate;

import java.util.Arrays;
import java.util.SplittableRandom;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Arena;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.GptModel;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;

/** Tiny random GPTs with large weights (so that logits differ visibly) and full-forward helpers. */
final class TinyModels {
  private TinyModels() {}

  /** V vocab, T context, C dim, L layers, H heads; init σ = 0.3 so attention is far from uniform. */
  static GptModel gpt(int v, int t, int c, int layers, int heads, boolean tied, boolean bias, long seed) {
    return new GptModel(new ModelConfig("gpt", v, t, c, layers, heads, 4 * c, tied, bias, 0f, null, 0.5f, 0.3f, seed));
  }

  static int[] randomTokens(int n, int v, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) ids[i] = r.nextInt(v);
    return ids;
  }

  /** Last-row logits of one full forward over ids (≤ T tokens). */
  static float[] lastLogits(LanguageModel model, int[] ids) {
    int v = model.config().vocabSize();
    try (var ng = Autograd.noGrad(); var s = new Arena().open()) {
      Tensor out = model.forward(ids, 1, ids.length);
      return Arrays.copyOfRange(out.data(), out.offset() + (ids.length - 1) * v, out.offset() + ids.length * v);
    }
  }

  static float maxAbsDiff(float[] a, float[] b) {
    if (a.length != b.length) throw new AssertionError("lengths " + a.length + " and " + b.length);
    float m = 0;
    for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
    return m;
  }
}
