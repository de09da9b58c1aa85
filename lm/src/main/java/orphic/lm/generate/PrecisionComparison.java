package orphic.lm.generate;

import orphic.lm.model.LanguageModel;

/**
 * What {@link WeightPrecision#BF16} costs a model: the same tokens teacher-forced through a
 * float32 and a bfloat16 {@link IncrementalDecoder} side by side (one step per token, slides
 * included), comparing the next-token distributions at every position.
 */
public final class PrecisionComparison {
  private PrecisionComparison() {}

  /**
   * @param positions predictions compared (tokens − 1)
   * @param natsF32 mean cross-entropy of the next token, float32 weights (nats per token)
   * @param natsBf16 the same with bfloat16 weights
   * @param meanKl mean KL(p_f32 ‖ p_bf16) in nats
   * @param maxKl the largest KL at one position
   * @param maxLogitDiff the largest |logit difference| at any position and token
   * @param top1Agreement share of positions whose most likely token is the same
   */
  public record Result(int positions, double natsF32, double natsBf16, double meanKl, double maxKl, double maxLogitDiff,
      double top1Agreement) {}

  /** Compares the predictions of ids[1..] (at least two tokens) given the tokens before them. */
  public static Result run(LanguageModel model, int[] ids) {
    if (ids.length < 2) throw new IllegalArgumentException("the comparison needs at least two tokens, got " + ids.length);
    IncrementalDecoder exact = new IncrementalDecoder(model, 1, WeightPrecision.F32);
    IncrementalDecoder half = new IncrementalDecoder(model, 1, WeightPrecision.BF16);
    int v = exact.vocabSize();
    double[] pa = new double[v], pb = new double[v];
    double nA = 0, nB = 0, kl = 0, maxKl = 0, maxDiff = 0;
    int same = 0;
    exact.start(ids, 1);
    half.start(ids, 1);
    for (int i = 1; i < ids.length; i++) {
      float[] a = exact.logits(0), b = half.logits(0);
      logSoftmax(a, pa);
      logSoftmax(b, pb);
      nA -= pa[ids[i]];
      nB -= pb[ids[i]];
      double k = 0;
      int argA = 0, argB = 0;
      for (int j = 0; j < v; j++) {
        k += Math.exp(pa[j]) * (pa[j] - pb[j]);
        maxDiff = Math.max(maxDiff, Math.abs(a[j] - b[j]));
        if (a[j] > a[argA]) argA = j;
        if (b[j] > b[argB]) argB = j;
      }
      kl += k;
      maxKl = Math.max(maxKl, k);
      if (argA == argB) same++;
      exact.step(ids[i]);
      half.step(ids[i]);
    }
    int n = ids.length - 1;
    return new Result(n, nA / n, nB / n, kl / n, maxKl, maxDiff, (double) same / n);
  }

  /** out = log softmax(logits), in double. */
  private static void logSoftmax(float[] logits, double[] out) {
    double max = Double.NEGATIVE_INFINITY;
    for (float x : logits) max = Math.max(max, x);
    double sum = 0;
    for (float x : logits) sum += Math.exp(x - max);
    double log = max + Math.log(sum);
    for (int j = 0; j < logits.length; j++) out[j] = logits[j] - log;
  }
}
