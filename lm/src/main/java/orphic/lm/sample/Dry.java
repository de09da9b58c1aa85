package orphic.lm.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DRY, "Don't Repeat Yourself" (p-e-w's design; the llama.cpp port, PR #9702): penalises the
 * token that would extend a sequence already seen in the recent history.
 *
 * <p>Over the last {@code penaltyLastN} tokens (prompt included): for every earlier position where
 * the current suffix of the history also occurs, the token that followed that occurrence would
 * extend the repetition. With L the longest such suffix (capped at the last sequence breaker), a
 * candidate with {@code L ≥ allowedLength} gets {@code logit −= multiplier·base^(L − allowedLength)}
 * (the exponent is clamped so the penalty stays a finite float). Tokens that contain a whole
 * sequence breaker are never penalised.
 *
 * <p>Sequence breakers are strings. As in llama.cpp a token is a breaker "head" if its text
 * contains the breaker (a single-token breaker) or ends with a prefix of it; in the latter case
 * the rest of the breaker is spelled into tokens (greedy longest match over the vocabulary texts,
 * at most 20 tokens) and must follow the head. Breakers need the context's vocabulary texts; a
 * context without them applies DRY with no breakers.
 *
 * @param multiplier ≥ 0 (0 = off; 0.8 is typical)
 * @param base ≥ 1 (1.75 default)
 * @param allowedLength ≥ 1 repetitions up to this length are free (2 default)
 * @param penaltyLastN window: −1 = whole history, 0 = off (64 default)
 * @param sequenceBreakers strings after which repetition matching restarts
 */
public record Dry(double multiplier, double base, int allowedLength, int penaltyLastN, List<String> sequenceBreakers)
        implements LogitProcessor, Stateful<Dry.State> {

    /** llama.cpp's defaults: newline, colon, double quote, asterisk. */
    public static final List<String> DEFAULT_BREAKERS = List.of("\n", ":", "\"", "*");

    private static final double FLOAT_MAX_LOG = 88.7228391;
    private static final int MAX_BREAKER_CHARS = 40;
    private static final int MAX_TAIL_TOKENS = 20;

    public Dry {
        Check.atLeast("dry-multiplier", multiplier, 0);
        Check.atLeast("dry-base", base, 1);
        Check.atLeast("dry-allowed-length", allowedLength, 1);
        Check.atLeast("dry-penalty-last-n", penaltyLastN, -1);
        sequenceBreakers = List.copyOf(sequenceBreakers);
    }

    public Dry(double multiplier, double base, int allowedLength, int penaltyLastN) {
        this(multiplier, base, allowedLength, penaltyLastN, DEFAULT_BREAKERS);
    }

    /** Per-generation scratch and the breakers resolved against the vocabulary. */
    static final class State {
        /** tails[id] = the token sequences that must follow head token id to complete a breaker; {} = single-token breaker. */
        final int[][][] tailsByHead;
        final boolean[] singleTokenBreaker;
        final int[] maxRepeatById;
        int[] repeatCount = new int[64];
        int[] touched = new int[64];

        State(int vocabularySize) {
            tailsByHead = new int[vocabularySize][][];
            singleTokenBreaker = new boolean[vocabularySize];
            maxRepeatById = new int[vocabularySize];
        }
    }

    @Override
    public State newState(SamplingContext context, int vocabularySize) {
        State s = new State(vocabularySize);
        if (!context.hasVocabulary() || sequenceBreakers.isEmpty()) {
            return s;
        }
        VocabularyIndex vocab = context.vocabularyIndex();
        List<List<int[]>> tails = new ArrayList<>(vocabularySize);
        for (int i = 0; i < vocabularySize; i++) {
            tails.add(null);
        }
        for (String raw : sequenceBreakers) {
            if (raw.isEmpty()) {
                continue;
            }
            String breaker = raw.length() > MAX_BREAKER_CHARS ? raw.substring(0, MAX_BREAKER_CHARS) : raw;
            for (int id = 0; id < vocabularySize; id++) {
                String word = vocab.text(id);
                if (word.isEmpty()) {
                    continue;
                }
                if (word.contains(breaker)) {
                    addTail(tails, id, new int[0]);
                    continue;
                }
                // the token ends with a proper prefix of the breaker: the rest must follow as tokens
                int pos = -1;
                while ((pos = word.indexOf(breaker.charAt(0), pos + 1)) >= 0) {
                    int i = 1;
                    boolean match = true;
                    for (; i < breaker.length() && pos + i < word.length(); i++) {
                        if (word.charAt(pos + i) != breaker.charAt(i)) {
                            match = false;
                            break;
                        }
                    }
                    if (match) {
                        int[] tail = vocab.spell(breaker.substring(i));
                        if (tail != null) {
                            addTail(tails, id, tail.length > MAX_TAIL_TOKENS ? Arrays.copyOf(tail, MAX_TAIL_TOKENS) : tail);
                        }
                    }
                }
            }
        }
        for (int id = 0; id < vocabularySize; id++) {
            List<int[]> t = tails.get(id);
            if (t != null) {
                s.tailsByHead[id] = t.toArray(new int[0][]);
                for (int[] tail : t) {
                    if (tail.length == 0) {
                        s.singleTokenBreaker[id] = true;
                    }
                }
            }
        }
        return s;
    }

    private static void addTail(List<List<int[]>> tails, int id, int[] tail) {
        List<int[]> list = tails.get(id);
        if (list == null) {
            list = new ArrayList<>(2);
            tails.set(id, list);
        }
        for (int[] existing : list) {
            if (Arrays.equals(existing, tail)) {
                return;
            }
        }
        list.add(tail);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        if (multiplier == 0 || penaltyLastN == 0) {
            return;
        }
        int len = context.length();
        int n = penaltyLastN < 0 ? len : Math.min(len, penaltyLastN);
        if (n <= allowedLength) {
            return;
        }
        State s = context.state(this, c.vocabularySize());
        int end = len - 1; // rat(i) = history[end - i]: the i-th token from the end

        // 1. The most recent sequence breaker limits how far back a repetition may reach.
        int repLimit = n;
        for (int i = 0; i < n; i++) {
            int token = context.tokenAt(end - i);
            int[][] tails = token < s.tailsByHead.length ? s.tailsByHead[token] : null;
            if (tails == null) {
                continue;
            }
            int longest = -1;
            for (int[] tail : tails) {
                int seqLen = tail.length;
                if (seqLen > longest && seqLen <= i) {
                    boolean match = true;
                    for (int o = 0; o < seqLen; o++) {
                        if (tail[o] != context.tokenAt(end - (i - o - 1))) {
                            match = false;
                            break;
                        }
                    }
                    if (match) {
                        longest = seqLen;
                    }
                }
            }
            if (longest >= 0) {
                repLimit = i - longest;
                break;
            }
        }
        if (repLimit < allowedLength) {
            return;
        }

        // 2. Z-algorithm over the reversed window: repeatCount[j] = length of the suffix of the
        //    history that also ends at window position j (0 = oldest), capped at repLimit.
        if (s.repeatCount.length < n) {
            s.repeatCount = new int[Math.max(n, s.repeatCount.length * 2)];
            s.touched = new int[s.repeatCount.length];
        }
        int[] rc = s.repeatCount;
        Arrays.fill(rc, 0, n, 0);
        int last = n - 1;
        int lt = 0;
        int rt = 0;
        for (int k = 1; k < n; k++) {
            if (k > rt) {
                int m = 0;
                while (m + k < n && context.tokenAt(end - m) == context.tokenAt(end - (m + k))) {
                    m++;
                }
                rc[last - k] = Math.min(m, repLimit);
                if (m > 0) {
                    lt = k;
                    rt = k + m - 1;
                }
            } else {
                int p = k - lt;
                int rightPartLen = rt - k + 1;
                if (rc[last - p] < rightPartLen) {
                    rc[last - k] = Math.min(rc[last - p], repLimit);
                } else {
                    int i = rt + 1;
                    while (i < n && context.tokenAt(end - i) == context.tokenAt(end - (i - k))) {
                        i++;
                    }
                    rc[last - k] = Math.min(i - k, repLimit);
                    lt = k;
                    rt = i - 1;
                }
            }
        }

        // 3. The token after each long enough repeat would extend it: keep the longest per token.
        int[] maxRepeat = s.maxRepeatById;
        int touchedCount = 0;
        for (int i = 0; i < n - 1; i++) {
            int repeatLen = rc[i];
            if (repeatLen >= allowedLength) {
                int token = context.tokenAt(end - (n - 2 - i));
                if (token >= maxRepeat.length) {
                    continue;
                }
                if (maxRepeat[token] == 0) {
                    s.touched[touchedCount++] = token;
                }
                if (maxRepeat[token] < repeatLen) {
                    maxRepeat[token] = repeatLen;
                }
            }
        }
        if (touchedCount == 0) {
            return;
        }

        // 4. Penalise, except single-token breakers.
        int maxExponent = 0;
        if (base > 1.000001) {
            maxExponent = (int) (FLOAT_MAX_LOG / Math.log(base));
        }
        int size = c.size();
        for (int i = 0; i < size; i++) {
            int id = c.id(i);
            int repeatLen = maxRepeat[id];
            if (repeatLen > 0 && !s.singleTokenBreaker[id]) {
                int exponent = repeatLen - allowedLength;
                if (maxExponent > 0 && exponent > maxExponent) {
                    exponent = maxExponent;
                }
                c.setLogit(i, c.logit(i) - multiplier * Math.pow(base, exponent));
            }
        }
        for (int i = 0; i < touchedCount; i++) {
            maxRepeat[s.touched[i]] = 0;
        }
    }

    @Override
    public String toString() {
        return "dry(mult=" + Check.fmt(multiplier) + ", base=" + Check.fmt(base) + ", allowed=" + allowedLength
                + ", last-n=" + penaltyLastN + ")";
    }
}
