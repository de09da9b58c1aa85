package orphic.lm.converse;

import java.util.List;
import orphic.lm.field.CooccurrenceField;
import orphic.lm.sample.Candidates;
import orphic.lm.sample.LogitProcessor;
import orphic.lm.sample.SamplingContext;
import orphic.lm.sample.Stateful;

/**
 * Blends a mixture of token-level fields into the model's logits: with q = Σ wᵢ · qᵢ / Σ wᵢ over
 * the layers that hold any tokens, qᵢ = layer i's {@link CooccurrenceField.Mode#BLEND} distribution
 * for the history, {@code logit ← logit + α · ln(q + 1e-10)}, i.e. p ∝ p_model · q^α. Unlike haze's
 * bias_logits (specs/haze.md §8.3), the model's logits are not scaled by 1 − α: that scaling
 * flattens a trained model's distribution like a temperature of 1/(1 − α), which the expert's own
 * temperature should decide. This is how the conversation reaches the
 * generator that speaks: the session's field layers (corpus, conversation) are read at every token.
 *
 * <p>The layers are read, never modified, during a generation; the session changes them only
 * between generations. Belongs first in a chain (it expects the full candidate set). The sampler
 * chain's own {@link orphic.lm.sample.FieldBlend} blends one field haze's way; this one mixes the
 * session's layers and leaves the model's scale alone.
 */
final class FieldMixture implements LogitProcessor, Stateful<FieldMixture.Scratch> {
  /** One field with its weight in the mixture. */
  record Layer(CooccurrenceField field, double weight) {}

  private static final double EPSILON = 1e-10;

  private final List<Layer> layers;
  private final double alpha;

  FieldMixture(List<Layer> layers, double alpha) {
    if (!(alpha >= 0 && alpha <= 1)) throw new IllegalArgumentException("field alpha must be in [0, 1], got " + alpha);
    this.layers = List.copyOf(layers);
    this.alpha = alpha;
  }

  static final class Scratch {
    final double[] q;
    final double[] one;
    int[] history = new int[64];

    Scratch(int v) {
      q = new double[v];
      one = new double[v];
    }
  }

  @Override
  public Scratch newState(SamplingContext context, int vocabularySize) {
    return new Scratch(vocabularySize);
  }

  @Override
  public void apply(Candidates c, SamplingContext context) {
    if (alpha == 0 || context.length() == 0) return;
    Scratch s = context.state(this, c.vocabularySize());
    int n = context.length();
    if (s.history.length < n) s.history = new int[Math.max(n, 2 * s.history.length)];
    for (int i = 0; i < n; i++) s.history[i] = context.tokenAt(i);
    java.util.Arrays.fill(s.q, 0);
    double total = 0;
    for (Layer layer : layers) {
      CooccurrenceField f = layer.field();
      if (layer.weight() <= 0 || f.tokens() <= 0) continue;
      if (f.vocabSize() != c.vocabularySize()) {
        throw new IllegalArgumentException("a field over " + f.vocabSize() + " ids cannot bias a model with "
            + c.vocabularySize() + "; build the field with the model's tokenizer");
      }
      f.distribution(s.history, n, CooccurrenceField.Mode.BLEND, s.one);
      for (int i = 0; i < s.q.length; i++) s.q[i] += layer.weight() * s.one[i];
      total += layer.weight();
    }
    if (total == 0) return;
    for (int i = 0; i < c.size(); i++) {
      double q = s.q[c.id(i)] / total;
      c.setLogit(i, c.logit(i) + alpha * Math.log(q + EPSILON));
    }
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "field-blend(%d layers, alpha=%.2f)", layers.size(), alpha);
  }
}
