package orphic.workbench.lexicon;

import java.util.Objects;

/**
 * An output phrase bias: add {@code strength} to the logit of each next token that continues
 * {@code phrase}; with {@code unbiasOnceEmitted}, stop once the phrase has been generated.
 */
public record PhraseBias(String phrase, double strength, boolean unbiasOnceEmitted) {
    public PhraseBias {
        Objects.requireNonNull(phrase, "phrase");
        if (phrase.isEmpty()) throw new IllegalArgumentException("a biased phrase must be non-empty");
        if (!Double.isFinite(strength)) throw new IllegalArgumentException("bias strength must be finite, got " + strength);
    }
}
