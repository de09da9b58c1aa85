package orphic.lm.sample;

import java.util.Objects;
import orphic.lm.field.CooccurrenceField;

/**
 * The co-occurrence field as a chain stage (haze's {@code bias_logits}, specs/haze.md §8.3): with
 * q = the field's distribution after the history ({@link CooccurrenceField#distribution} in the
 * given mode), every candidate's logit becomes
 * <pre>  ℓ'_i = (1 − α)·ℓ_i + α·ln(q_i + 1e-10)</pre>
 * so the chain samples from p'_i ∝ exp(ℓ_i)^(1−α)·(q_i + 1e-10)^α: the model's distribution
 * pulled towards the corpus's n-gram (or co-occurrence) statistics; a token the field never saw in
 * this context gets α·ln 1e-10 ≈ −23 α. α = 0 is off, α = 1 follows the field alone. An empty
 * history leaves the logits alone. Computed in float64 (the field's own
 * {@link CooccurrenceField#biasLogits} reproduces haze's float32 arithmetic).
 *
 * <p>The field must be built over the model's vocabulary (same tokenizer). First in the default
 * order, so it blends into the model's raw logits as haze does; the user's biases, bans and
 * truncations then apply to the blend.
 *
 * @param field the field (read only; share it between generations only while nobody adds to it)
 * @param alpha α in [0, 1], the field's share
 * @param mode which distribution of the field
 */
public record FieldBlend(CooccurrenceField field, double alpha, CooccurrenceField.Mode mode)
        implements LogitProcessor, Stateful<FieldBlend.State> {

    /** haze's epsilon inside the logarithm. */
    static final double EPSILON = 1e-10;
    private static final double LOG_EPSILON = Math.log(EPSILON);

    public FieldBlend {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(mode, "mode");
        Check.range("field-weight", alpha, 0, true, 1, true);
    }

    /** Scratch: the field's distribution, and the tail of the history it reads. */
    public static final class State {
        final double[] q;
        final int[] tail;

        State(int vocabularySize, int tail) {
            this.q = new double[vocabularySize];
            this.tail = new int[tail];
        }
    }

    @Override
    public State newState(SamplingContext context, int vocabularySize) {
        if (vocabularySize != field.vocabSize()) {
            throw new IllegalArgumentException("the co-occurrence field has " + field.vocabSize() + " tokens but the model has "
                    + vocabularySize + ": build the field with the model's tokenizer");
        }
        // The field reads the last two tokens (trigram) and the last `window` ones (co-occurrence).
        return new State(vocabularySize, Math.max(2, field.window()));
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        int length = context.length();
        if (alpha == 0 || length == 0) {
            return;
        }
        State s = context.state(this, c.vocabularySize());
        int k = Math.min(length, s.tail.length);
        for (int i = 0; i < k; i++) {
            s.tail[i] = context.tokenAt(length - k + i);
        }
        field.distribution(s.tail, k, mode, s.q);
        double keep = 1 - alpha;
        int n = c.size();
        double unseen = alpha * LOG_EPSILON; // most of a field's row is 0: one logarithm for all of them
        for (int i = 0; i < n; i++) {
            double q = s.q[c.id(i)];
            c.setLogit(i, keep * c.logit(i) + (q == 0 ? unseen : alpha * Math.log(q + EPSILON)));
        }
    }

    @Override
    public String toString() {
        return "field(" + Check.fmt(alpha) + ", " + mode.id() + ")";
    }
}
