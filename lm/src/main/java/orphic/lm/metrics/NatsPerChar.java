package orphic.lm.metrics;

/**
 * Cross-entropy of next-token predictions, summed in nats and divided by the characters the target
 * tokens spell, so character and subword models compare on one scale (as {@code Evaluator} does).
 * Accumulates one prediction at a time; the log-sum-exp runs in double.
 */
public final class NatsPerChar {
  private double nats;
  private long tokens;
  private long chars;

  /**
   * One prediction: logits[offset, offset + vocab) for the next token, the token that came, and
   * the number of characters it spells (1 for a character model).
   */
  public void add(float[] logits, int offset, int vocab, int target, int targetChars) {
    if (target < 0 || target >= vocab) throw new IllegalArgumentException("target " + target + " is outside the vocabulary [0, " + vocab + ")");
    nats += nats(logits, offset, vocab, target);
    tokens++;
    chars += targetChars;
  }

  /** −log softmax(logits)[target] in nats. */
  public static double nats(float[] logits, int offset, int vocab, int target) {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < vocab; i++) max = Math.max(max, logits[offset + i]);
    double sum = 0;
    for (int i = 0; i < vocab; i++) sum += Math.exp(logits[offset + i] - max);
    return Math.log(sum) + max - logits[offset + target];
  }

  /** Mean nats per character; NaN before the first prediction. */
  public double value() {
    return chars == 0 ? Double.NaN : nats / chars;
  }

  public double nats() {
    return nats;
  }

  public long tokens() {
    return tokens;
  }

  public long chars() {
    return chars;
  }
}
