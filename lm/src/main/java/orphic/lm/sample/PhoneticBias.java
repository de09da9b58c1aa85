package orphic.lm.sample;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.codec.language.DoubleMetaphone;

/**
 * Phonetic bias: adds {@code bias} to tokens that sound like one of the last {@code window} tokens
 * of the history, for echoes, alliteration and assonance.
 *
 * <p>Each token's letters are encoded once per generation with Double Metaphone (Apache
 * commons-codec; primary and alternate codes, at most 4 symbols). {@link Mode#SAME_CODE} matches
 * tokens sharing a code with a recent token; {@link Mode#SAME_ONSET} only compares the first code
 * symbol (alliteration). Tokens without letters have no code and are never biased. A recent token
 * itself is not boosted (that would be plain repetition) unless {@code includeRecent}.
 * On a character vocabulary the codes are those of single letters (c/k/q share K, vowels share A).
 * Needs the context's vocabulary texts.
 *
 * @param bias added to the logit of matching tokens (negative to avoid echoes)
 * @param window how many recent tokens to listen to, ≥ 1
 * @param mode what counts as sounding alike
 * @param includeRecent whether the recent tokens themselves may be boosted
 */
public record PhoneticBias(double bias, int window, Mode mode, boolean includeRecent)
        implements LogitProcessor, Stateful<PhoneticBias.State> {

    /** What counts as sounding alike. */
    public enum Mode {
        /** Same Double Metaphone code (primary or alternate). */
        SAME_CODE,
        /** Same first code symbol. */
        SAME_ONSET
    }

    public PhoneticBias {
        Check.finite("phonetic-bias", bias);
        Check.atLeast("phonetic-window", window, 1);
        if (mode == null) {
            throw new IllegalArgumentException("phonetic mode must be SAME_CODE or SAME_ONSET");
        }
    }

    /** Sound classes per token and per-step marks. */
    static final class State {
        final int[] primary;
        final int[] alternate;
        final int[] classMark;
        final int[] tokenMark;
        int stamp;

        State(int[] primary, int[] alternate, int classes) {
            this.primary = primary;
            this.alternate = alternate;
            this.classMark = new int[Math.max(1, classes)];
            this.tokenMark = new int[primary.length];
        }
    }

    @Override
    public State newState(SamplingContext context, int vocabularySize) {
        VocabularyIndex vocab = context.vocabularyIndex();
        DoubleMetaphone encoder = new DoubleMetaphone();
        Map<String, Integer> classes = new HashMap<>();
        int[] primary = new int[vocabularySize];
        int[] alternate = new int[vocabularySize];
        for (int id = 0; id < vocabularySize; id++) {
            String letters = letters(vocab.text(id));
            primary[id] = -1;
            alternate[id] = -1;
            if (letters.isEmpty()) {
                continue;
            }
            String p = key(encoder.doubleMetaphone(letters));
            String a = key(encoder.doubleMetaphone(letters, true));
            if (p != null) {
                primary[id] = classes.computeIfAbsent(p, k -> classes.size());
            }
            if (a != null && !a.equals(p)) {
                alternate[id] = classes.computeIfAbsent(a, k -> classes.size());
            }
        }
        return new State(primary, alternate, classes.size());
    }

    private String key(String code) {
        if (code == null || code.isEmpty()) {
            return null;
        }
        return mode == Mode.SAME_ONSET ? code.substring(0, 1) : code;
    }

    private static String letters(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (Character.isLetter(ch)) {
                sb.append(ch);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        if (bias == 0) {
            return;
        }
        State s = context.state(this, c.vocabularySize());
        int mark = ++s.stamp;
        int len = context.length();
        boolean any = false;
        for (int j = Math.max(0, len - window); j < len; j++) {
            int t = context.tokenAt(j);
            if (t >= s.primary.length) {
                continue;
            }
            s.tokenMark[t] = mark;
            if (s.primary[t] >= 0) {
                s.classMark[s.primary[t]] = mark;
                any = true;
            }
            if (s.alternate[t] >= 0) {
                s.classMark[s.alternate[t]] = mark;
                any = true;
            }
        }
        if (!any) {
            return;
        }
        int n = c.size();
        for (int i = 0; i < n; i++) {
            int id = c.id(i);
            if (!includeRecent && s.tokenMark[id] == mark) {
                continue;
            }
            int p = s.primary[id];
            int a = s.alternate[id];
            if ((p >= 0 && s.classMark[p] == mark) || (a >= 0 && s.classMark[a] == mark)) {
                c.setLogit(i, c.logit(i) + bias);
            }
        }
    }

    @Override
    public String toString() {
        return "phonetic-bias(" + Check.fmt(bias) + ", window=" + window + ", " + mode.name().toLowerCase(Locale.ROOT) + ")";
    }
}
