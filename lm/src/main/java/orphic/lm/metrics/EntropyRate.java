package orphic.lm.metrics;

/**
 * Entropy rate of a model over a text: the mean, over the positions that predict the text's
 * tokens, of the entropy of the model's next-token distribution (softmax of the logits at
 * temperature 1), in bits. Low = the model is sure of what comes next, high = it hesitates.
 */
public final class EntropyRate {
  private EntropyRate() {}

  /** Entropy in bits of softmax(logits). */
  public static double bits(float[] logits) {
    double m = Double.NEGATIVE_INFINITY;
    for (float x : logits) m = Math.max(m, x);
    double s0 = 0, s1 = 0;
    for (float x : logits) {
      double d = x - m, e = Math.exp(d);
      s0 += e;
      if (e > 0) s1 += e * d;
    }
    return (Math.log(s0) - s1 / s0) / Math.log(2);
  }

  /** Sum and count accumulated over several texts. */
  public static final class Mean {
    private double sum;
    private long count;

    /** Adds the entropies of rows [from, to) of a text's logits (row i predicts token i + 1). */
    public void add(float[][] logits, int from, int to) {
      for (int i = Math.max(0, from); i < Math.min(to, logits.length); i++) {
        sum += bits(logits[i]);
        count++;
      }
    }

    /** The mean in bits; NaN when nothing was added. */
    public double value() {
      return count == 0 ? Double.NaN : sum / count;
    }
  }
}
