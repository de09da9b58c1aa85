package orphic.workbench.lexicon;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orphic.lm.sample.Candidates;
import orphic.lm.sample.LogitProcessor;
import orphic.lm.sample.SamplerChain;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.SamplingContext;
import orphic.lm.sample.Stateful;

/**
 * The lexicon's second channel into generation: an output phrase bias on the sampler chain.
 *
 * <p>For each phrase (spelled into token ids by greedy longest match against the context's
 * vocabulary, as {@code orphic.lm.sample.LexiconBias} does) and each step: find the longest k ≥
 * {@code minPrefix} such that the last k history tokens equal the phrase's first k tokens, and add
 * the strength to the logit of the phrase's token k. So with minPrefix 0 the phrase's first token
 * is boosted until the phrase starts, then each continuation in turn; minPrefix 1 only pushes a
 * phrase along once begun. A phrase marked {@code unbiasOnceEmitted} stops being biased once its
 * whole token sequence has appeared in the generated part of the history (NovelAI's "unbias when
 * generated"): a nudge to use a term once, not a compulsion.
 *
 * <p>Phrases without un-bias can instead ride the chain's own lexicon hook
 * ({@link #withSettings}: {@code SamplerSettings.lexiconBias}); {@link #prependTo} puts this stage
 * in front of an existing chain (biases come first in the default order).
 */
public final class LexiconOutputBias implements LogitProcessor, Stateful<LexiconOutputBias.State> {
    private final List<PhraseBias> phrases;
    private final int minPrefix;

    public LexiconOutputBias(List<PhraseBias> phrases, int minPrefix) {
        if (minPrefix < 0) throw new IllegalArgumentException("min-prefix must be ≥ 0, got " + minPrefix);
        this.phrases = List.copyOf(phrases);
        this.minPrefix = minPrefix;
    }

    public List<PhraseBias> phrases() {
        return phrases;
    }

    /** This stage followed by every stage of {@code chain} (same sampler). */
    public SamplerChain prependTo(SamplerChain chain) {
        SamplerChain.Builder b = SamplerChain.builder().add(this);
        for (LogitProcessor p : chain.processors()) b.add(p);
        return b.sampler(chain.sampler()).build();
    }

    /**
     * The settings with the phrases that need no un-bias merged into their {@code lexicon_bias}
     * map (strengths add up when a phrase is already there); phrases with un-bias are skipped
     * (use {@link #prependTo} for them).
     */
    public SamplerSettings withSettings(SamplerSettings settings) {
        Map<String, Double> merged = new LinkedHashMap<>(settings.lexiconBias());
        for (PhraseBias p : phrases) {
            if (!p.unbiasOnceEmitted()) merged.merge(p.phrase(), p.strength(), Double::sum);
        }
        return settings.toBuilder().lexiconBias(merged).build();
    }

    /** Spelled sequences, emitted flags and scratch of one generation. */
    static final class State {
        final int[][] sequences;
        final double[] strengths;
        final boolean[] unbias;
        final boolean[] emitted;
        final double[] biasById;
        final int[] touched;

        State(int[][] sequences, double[] strengths, boolean[] unbias, int vocabularySize) {
            this.sequences = sequences;
            this.strengths = strengths;
            this.unbias = unbias;
            this.emitted = new boolean[sequences.length];
            this.biasById = new double[vocabularySize];
            this.touched = new int[sequences.length];
        }
    }

    @Override
    public State newState(SamplingContext context, int vocabularySize) {
        if (!context.hasVocabulary()) {
            throw new IllegalStateException("the lexicon phrase bias spells phrases with the vocabulary's token texts;"
                    + " build the SamplingContext with the model's vocabulary");
        }
        Map<String, Integer> idByText = new HashMap<>();
        int longest = 0;
        for (int id = 0; id < vocabularySize; id++) {
            String t = context.tokenText(id);
            if (!t.isEmpty()) {
                idByText.putIfAbsent(t, id);
                longest = Math.max(longest, t.length());
            }
        }
        List<int[]> seqs = new ArrayList<>();
        List<PhraseBias> kept = new ArrayList<>();
        for (PhraseBias p : phrases) {
            int[] s = spell(p.phrase(), idByText, longest);
            if (s != null) {
                seqs.add(s);
                kept.add(p);
            }
        }
        double[] strengths = new double[kept.size()];
        boolean[] unbias = new boolean[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            strengths[i] = kept.get(i).strength();
            unbias[i] = kept.get(i).unbiasOnceEmitted();
        }
        return new State(seqs.toArray(new int[0][]), strengths, unbias, vocabularySize);
    }

    /** Greedy longest match; null when some part of the phrase has no token (the phrase is skipped). */
    static int[] spell(String s, Map<String, Integer> idByText, int longest) {
        int[] out = new int[s.length()];
        int n = 0;
        int pos = 0;
        while (pos < s.length()) {
            int found = -1;
            int len = Math.min(longest, s.length() - pos);
            for (; len >= 1; len--) {
                Integer id = idByText.get(s.substring(pos, pos + len));
                if (id != null) {
                    found = id;
                    break;
                }
            }
            if (found < 0) return null;
            out[n++] = found;
            pos += len;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        State s = context.state(this, c.vocabularySize());
        int len = context.length();
        int generatedFrom = context.promptLength();
        int touchedCount = 0;
        for (int e = 0; e < s.sequences.length; e++) {
            int[] seq = s.sequences[e];
            if (s.unbias[e] && !s.emitted[e] && len - seq.length >= generatedFrom && endsWith(context, len, seq, seq.length)) {
                s.emitted[e] = true;
            }
            if (s.unbias[e] && s.emitted[e]) continue;
            for (int k = Math.min(seq.length - 1, len); k >= minPrefix; k--) {
                if (endsWith(context, len, seq, k)) {
                    int token = seq[k];
                    if (s.biasById[token] == 0) s.touched[touchedCount++] = token;
                    s.biasById[token] += s.strengths[e];
                    break; // the longest started prefix decides what comes next
                }
            }
        }
        if (touchedCount == 0) return;
        for (int i = 0, n = c.size(); i < n; i++) {
            double b = s.biasById[c.id(i)];
            if (b != 0) c.setLogit(i, c.logit(i) + b);
        }
        for (int i = 0; i < touchedCount; i++) s.biasById[s.touched[i]] = 0;
    }

    /** Whether the history's last k tokens equal seq[0..k). */
    private static boolean endsWith(SamplingContext context, int len, int[] seq, int k) {
        if (k > len) return false;
        for (int j = 0; j < k; j++) {
            if (context.tokenAt(len - k + j) != seq[j]) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return "lexicon-output-bias(" + phrases.size() + " phrases, min-prefix=" + minPrefix + ")";
    }
}
