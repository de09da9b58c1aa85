package orphic.lm.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lexicon bias: boosts (or suppresses) whole token sequences, such as the words of a writer's
 * lexicon. For each sequence s with bias b and each k ≥ minPrefix: when the last k tokens of the
 * history equal s[0..k), the next token s[k] gets {@code logit += b} (once per sequence and token,
 * however many prefixes point at it). So with minPrefix 0 the sequence's first token is biased at
 * every step and, once started, each continuation is biased in turn; minPrefix 1 only biases
 * continuations of a sequence already begun (gentler on a character vocabulary).
 *
 * <p>Sequences are token ids, or text spelled against the context's vocabulary by greedy longest
 * match (text the vocabulary cannot spell is skipped).
 */
public final class LexiconBias implements LogitProcessor, Stateful<LexiconBias.State> {
    private final List<String> texts;
    private final double[] textBiases;
    private final int[][] sequences;
    private final double[] sequenceBiases;
    private final int minPrefix;

    private LexiconBias(List<String> texts, List<Double> textBiases, List<int[]> sequences, List<Double> sequenceBiases, int minPrefix) {
        this.texts = List.copyOf(texts);
        this.textBiases = textBiases.stream().mapToDouble(Double::doubleValue).toArray();
        this.sequences = sequences.stream().map(int[]::clone).toArray(int[][]::new);
        this.sequenceBiases = sequenceBiases.stream().mapToDouble(Double::doubleValue).toArray();
        this.minPrefix = Check.atLeast("lexicon min-prefix", minPrefix, 0);
    }

    /** Text sequences with their biases. */
    public static LexiconBias ofText(Map<String, ? extends Number> biasByText, int minPrefix) {
        Builder b = builder().minPrefix(minPrefix);
        biasByText.forEach((t, v) -> b.text(t, v.doubleValue()));
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects sequences; default minPrefix 0. */
    public static final class Builder {
        private final List<String> texts = new ArrayList<>();
        private final List<Double> textBiases = new ArrayList<>();
        private final List<int[]> sequences = new ArrayList<>();
        private final List<Double> sequenceBiases = new ArrayList<>();
        private int minPrefix;

        private Builder() {}

        /** A text sequence (spelled with the vocabulary at first use). */
        public Builder text(String text, double bias) {
            if (text == null || text.isEmpty()) {
                throw new IllegalArgumentException("lexicon entries must be non-empty text");
            }
            texts.add(text);
            textBiases.add(Check.finite("lexicon bias of '" + text + "'", bias));
            return this;
        }

        /** A token-id sequence. */
        public Builder tokens(int[] tokens, double bias) {
            if (tokens.length == 0) {
                throw new IllegalArgumentException("lexicon token sequences must have at least one token");
            }
            for (int t : tokens) {
                Check.atLeast("lexicon token id", t, 0);
            }
            sequences.add(tokens.clone());
            sequenceBiases.add(Check.finite("lexicon bias", bias));
            return this;
        }

        public Builder minPrefix(int minPrefix) {
            this.minPrefix = minPrefix;
            return this;
        }

        public LexiconBias build() {
            return new LexiconBias(texts, textBiases, sequences, sequenceBiases, minPrefix);
        }
    }

    /** Resolved sequences and scratch. */
    static final class State {
        final int[][] sequences;
        final double[] biases;
        final double[] biasById;
        final int[] touched;
        final int[] matched;

        State(int[][] sequences, double[] biases, int vocabularySize) {
            this.sequences = sequences;
            this.biases = biases;
            this.biasById = new double[vocabularySize];
            int total = 0;
            int longest = 0;
            for (int[] s : sequences) {
                total += s.length;
                longest = Math.max(longest, s.length);
            }
            this.touched = new int[total];
            this.matched = new int[longest];
        }
    }

    @Override
    public State newState(SamplingContext context, int vocabularySize) {
        List<int[]> seqs = new ArrayList<>();
        List<Double> biases = new ArrayList<>();
        for (int i = 0; i < sequences.length; i++) {
            for (int t : sequences[i]) {
                if (t >= vocabularySize) {
                    throw new IllegalArgumentException("lexicon names token " + t + " but the vocabulary has " + vocabularySize + " tokens");
                }
            }
            seqs.add(sequences[i]);
            biases.add(sequenceBiases[i]);
        }
        if (!texts.isEmpty()) {
            VocabularyIndex vocab = context.vocabularyIndex();
            for (int i = 0; i < texts.size(); i++) {
                int[] spelled = vocab.spell(texts.get(i));
                if (spelled != null) {
                    seqs.add(spelled);
                    biases.add(textBiases[i]);
                }
            }
        }
        return new State(seqs.toArray(new int[0][]), biases.stream().mapToDouble(Double::doubleValue).toArray(), vocabularySize);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        State s = context.state(this, c.vocabularySize());
        int len = context.length();
        int touchedCount = 0;
        for (int e = 0; e < s.sequences.length; e++) {
            int[] seq = s.sequences[e];
            int matchedCount = 0;
            for (int k = Math.min(seq.length - 1, len); k >= minPrefix; k--) {
                boolean match = true;
                for (int j = 0; j < k && match; j++) {
                    match = context.tokenAt(len - k + j) == seq[j];
                }
                if (!match) {
                    continue;
                }
                int token = seq[k];
                boolean already = false;
                for (int m = 0; m < matchedCount && !already; m++) {
                    already = s.matched[m] == token;
                }
                if (already) {
                    continue;
                }
                s.matched[matchedCount++] = token;
                if (s.biasById[token] == 0) {
                    s.touched[touchedCount++] = token;
                }
                s.biasById[token] += s.biases[e];
            }
        }
        if (touchedCount == 0) {
            return;
        }
        int n = c.size();
        for (int i = 0; i < n; i++) {
            double b = s.biasById[c.id(i)];
            if (b != 0) {
                c.setLogit(i, c.logit(i) + b);
            }
        }
        for (int i = 0; i < touchedCount; i++) {
            s.biasById[s.touched[i]] = 0;
        }
    }

    @Override
    public String toString() {
        return "lexicon-bias(" + (texts.size() + sequences.length) + " sequences, min-prefix=" + minPrefix + ")";
    }
}
