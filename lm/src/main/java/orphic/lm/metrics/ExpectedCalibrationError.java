package orphic.lm.metrics;

/**
 * Expected calibration error of next-token predictions (Guo et al. 2017): each prediction's
 * confidence is its top softmax probability and it is correct when that top token is the target.
 * Confidences fall into M equal-width bins ((m−1)/M, m/M]; the error is
 * Σ_m (n_m / N) · |accuracy_m − mean confidence_m|, 0 for a perfectly calibrated model, up to 1.
 */
public final class ExpectedCalibrationError {
  /** The usual number of bins. */
  public static final int DEFAULT_BINS = 15;

  private final long[] count;
  private final double[] confidence;
  private final long[] correct;
  private long total;

  public ExpectedCalibrationError() {
    this(DEFAULT_BINS);
  }

  public ExpectedCalibrationError(int bins) {
    if (bins < 1) throw new IllegalArgumentException("the number of bins must be at least 1, got " + bins);
    count = new long[bins];
    confidence = new double[bins];
    correct = new long[bins];
  }

  /** One prediction with its confidence in [0, 1]. */
  public void add(double conf, boolean isCorrect) {
    if (!(conf >= 0 && conf <= 1)) throw new IllegalArgumentException("confidence must be in [0, 1], got " + conf);
    int m = count.length;
    int bin = Math.max(0, Math.min(m - 1, (int) Math.ceil(conf * m) - 1));
    count[bin]++;
    confidence[bin] += conf;
    if (isCorrect) correct[bin]++;
    total++;
  }

  /**
   * One prediction from logits[offset, offset + vocab): confidence = the top probability, correct
   * when the top logit (the first, on ties) is the target's.
   */
  public void add(float[] logits, int offset, int vocab, int target) {
    int best = 0;
    float max = logits[offset];
    for (int i = 1; i < vocab; i++) {
      if (logits[offset + i] > max) {
        max = logits[offset + i];
        best = i;
      }
    }
    double sum = 0;
    for (int i = 0; i < vocab; i++) sum += Math.exp((double) logits[offset + i] - max);
    add(1 / sum, best == target);
  }

  /** The error; NaN before the first prediction. */
  public double value() {
    if (total == 0) return Double.NaN;
    double e = 0;
    for (int m = 0; m < count.length; m++) {
      if (count[m] == 0) continue;
      double accuracy = (double) correct[m] / count[m];
      double meanConfidence = confidence[m] / count[m];
      e += (double) count[m] / total * Math.abs(accuracy - meanConfidence);
    }
    return e;
  }

  /** Share of predictions whose top token was right; NaN before the first. */
  public double accuracy() {
    if (total == 0) return Double.NaN;
    long c = 0;
    for (long k : correct) c += k;
    return (double) c / total;
  }

  public long count() {
    return total;
  }
}
