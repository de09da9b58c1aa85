package orphic.lm.sample;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One generation as the sampler chain sees it: the token history (prompt included), the step
 * index, the vocabulary's token texts (for DRY's sequence breakers, phrase bans, lexicon and
 * phonetic hooks), the seeded random source, and the per-generation state of the chain's stages
 * (mirostat's μ, scratch arrays, the candidate workspace).
 *
 * <p>A {@link SamplerChain} is immutable and may serve many generations at once; each generation
 * has its own context. A context is not thread-safe. The chain never changes the history: the
 * caller (or {@link GenerationLoop}) calls {@link #accept(int)} with the chosen token.
 */
public final class SamplingContext {
    private final String[] vocabulary;
    private final RandomSource random;

    private int[] tokens;
    private int length;
    private int promptLength;

    // positional bans recorded by phrase-ban backtracking: at history position p, token id is forbidden
    private int[] banPositions = new int[8];
    private int[] banIds = new int[8];
    private int banCount;

    // per step
    private float[] rawLogits;
    private double temperature = 1.0;

    // per generation: workspace and stage states (identity-keyed, a handful of entries)
    private Candidates candidates;
    private Object[] stateOwners = new Object[8];
    private Object[] states = new Object[8];
    private int stateCount;
    private VocabularyIndex vocabularyIndex;

    /**
     * @param vocabulary the text of every token id (index = id), or null when unknown; needed by
     *     text-based stages (DRY sequence breakers, phrase bans on text, lexicon text, phonetic bias)
     * @param random the source of every random draw of this generation
     */
    public SamplingContext(List<String> vocabulary, RandomSource random) {
        this.vocabulary = vocabulary == null ? null : vocabulary.toArray(new String[0]);
        if (this.vocabulary != null) {
            for (int i = 0; i < this.vocabulary.length; i++) {
                if (this.vocabulary[i] == null) {
                    throw new IllegalArgumentException("vocabulary text of token " + i + " is null; use \"\" for tokens without text");
                }
            }
        }
        this.random = Objects.requireNonNull(random, "random source");
        this.tokens = new int[64];
    }

    /** A context without vocabulary texts. */
    public SamplingContext(RandomSource random) {
        this(null, random);
    }

    /** A context without vocabulary texts, seeded with SplitMix64. */
    public SamplingContext(long seed) {
        this(null, new SplitMix64(seed));
    }

    /** A context over the given vocabulary, seeded with SplitMix64. */
    public static SamplingContext of(List<String> vocabulary, long seed) {
        return new SamplingContext(vocabulary, new SplitMix64(seed));
    }

    /**
     * Starts a generation: the history becomes the prompt; bans and stage states (mirostat's μ…)
     * are cleared. The random source continues where it was.
     */
    public SamplingContext start(int... prompt) {
        ensureCapacity(prompt.length + 16);
        System.arraycopy(prompt, 0, tokens, 0, prompt.length);
        length = prompt.length;
        promptLength = prompt.length;
        banCount = 0;
        Arrays.fill(stateOwners, 0, stateCount, null);
        Arrays.fill(states, 0, stateCount, null);
        stateCount = 0;
        temperature = 1.0;
        return this;
    }

    /** Makes room for this many history tokens, so that {@link #accept} does not allocate. */
    public void ensureCapacity(int tokenCount) {
        if (tokens.length < tokenCount) {
            tokens = Arrays.copyOf(tokens, Math.max(tokenCount, tokens.length * 2));
        }
    }

    // ---- history ----

    /** Number of tokens in the history (prompt plus generated). */
    public int length() {
        return length;
    }

    /** Token at history position i (0 = first prompt token). */
    public int tokenAt(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("history position " + i + " outside [0, " + length + ")");
        }
        return tokens[i];
    }

    /** Number of prompt tokens at the start of the history. */
    public int promptLength() {
        return promptLength;
    }

    /** Index of the token being generated: 0 for the first token after the prompt. */
    public int step() {
        return length - promptLength;
    }

    /** A copy of the generated tokens (after the prompt). */
    public int[] generated() {
        return Arrays.copyOfRange(tokens, promptLength, length);
    }

    /** A copy of the whole history. */
    public int[] history() {
        return Arrays.copyOf(tokens, length);
    }

    /** Appends the chosen token to the history. */
    public void accept(int token) {
        if (token < 0) {
            throw new IllegalArgumentException("token id must be ≥ 0, got " + token);
        }
        ensureCapacity(length + 1);
        tokens[length++] = token;
    }

    /**
     * Rolls the history back to {@code newLength} tokens (used by phrase-ban backtracking); bans
     * recorded for positions after the new end are dropped, since their prefix no longer exists.
     */
    public void rollbackTo(int newLength) {
        if (newLength < promptLength || newLength > length) {
            throw new IllegalArgumentException("cannot roll back to length " + newLength
                    + ": it must lie in [prompt length " + promptLength + ", current length " + length + "]");
        }
        length = newLength;
        int kept = 0;
        for (int i = 0; i < banCount; i++) {
            if (banPositions[i] <= newLength) {
                banPositions[kept] = banPositions[i];
                banIds[kept] = banIds[i];
                kept++;
            }
        }
        banCount = kept;
    }

    /** Forbids {@code tokenId} at history position {@code position} (honoured by {@link PhraseBan}). */
    public void forbid(int position, int tokenId) {
        if (position < promptLength || position > length) {
            throw new IllegalArgumentException("can only forbid at a generated position in [" + promptLength + ", " + length + "], got " + position);
        }
        if (banCount == banPositions.length) {
            banPositions = Arrays.copyOf(banPositions, banCount * 2);
            banIds = Arrays.copyOf(banIds, banCount * 2);
        }
        banPositions[banCount] = position;
        banIds[banCount] = tokenId;
        banCount++;
    }

    /** Whether {@code tokenId} is forbidden at history position {@code position}. */
    public boolean isForbidden(int position, int tokenId) {
        for (int i = 0; i < banCount; i++) {
            if (banPositions[i] == position && banIds[i] == tokenId) {
                return true;
            }
        }
        return false;
    }

    int banCount() {
        return banCount;
    }

    int banPosition(int i) {
        return banPositions[i];
    }

    int banId(int i) {
        return banIds[i];
    }

    // ---- vocabulary and randomness ----

    /** Whether token texts are known. */
    public boolean hasVocabulary() {
        return vocabulary != null;
    }

    /** Number of token texts, or -1 when unknown. */
    public int vocabularySize() {
        return vocabulary == null ? -1 : vocabulary.length;
    }

    /** Text of a token id. */
    public String tokenText(int id) {
        if (vocabulary == null) {
            throw new IllegalStateException("this SamplingContext has no vocabulary texts; pass them to its constructor");
        }
        return vocabulary[id];
    }

    /** The source of every random draw of this generation. */
    public RandomSource random() {
        return random;
    }

    // ---- the current step ----

    /** The logits given to the chain in the current step, before any processor (read only). */
    public float[] rawLogits() {
        return rawLogits;
    }

    /** The temperature applied in the current (or last) step; 1 when no stage set one. */
    public double temperature() {
        return temperature;
    }

    /** Records the temperature a stage applied in this step (reported in {@link TokenStats}). */
    public void noteTemperature(double t) {
        this.temperature = t;
    }

    /** Starts a step: validates the logits and refills the candidate workspace. logits: (V) */
    Candidates beginStep(float[] logits) {
        int v = logits.length;
        if (v == 0) {
            throw new IllegalArgumentException("logits are empty; the model must give one logit per vocabulary entry");
        }
        if (vocabulary != null && v != vocabulary.length) {
            throw new IllegalArgumentException("got " + v + " logits but the vocabulary has " + vocabulary.length
                    + " tokens; the SamplingContext must be built with the model's vocabulary");
        }
        for (int i = 0; i < v; i++) {
            float x = logits[i];
            if (Float.isNaN(x) || x == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("logit of token " + i + " is " + x + "; the model produced an invalid value");
            }
        }
        if (candidates == null || candidates.vocabularySize() != v) {
            // stage states are sized by the vocabulary: a new vocabulary starts them afresh
            Arrays.fill(stateOwners, 0, stateCount, null);
            Arrays.fill(states, 0, stateCount, null);
            stateCount = 0;
            candidates = new Candidates(v);
        }
        candidates.reset(logits);
        rawLogits = logits;
        temperature = 1.0;
        return candidates;
    }

    /** The candidate workspace of the current step (for tests and tools). */
    Candidates candidates() {
        return candidates;
    }

    /**
     * The state of a stage in this generation, created on first use.
     *
     * @param owner the stage (identity is the key)
     * @param vocabularySize V, passed to {@link Stateful#newState}
     */
    @SuppressWarnings("unchecked")
    public <S> S state(Stateful<S> owner, int vocabularySize) {
        for (int i = 0; i < stateCount; i++) {
            if (stateOwners[i] == owner) {
                return (S) states[i];
            }
        }
        S s = owner.newState(this, vocabularySize);
        if (stateCount == stateOwners.length) {
            stateOwners = Arrays.copyOf(stateOwners, stateCount * 2);
            states = Arrays.copyOf(states, stateCount * 2);
        }
        stateOwners[stateCount] = owner;
        states[stateCount] = s;
        stateCount++;
        return s;
    }

    /** The existing state of a stage, or null if it has not run in this generation. */
    @SuppressWarnings("unchecked")
    public <S> S existingState(Stateful<S> owner) {
        for (int i = 0; i < stateCount; i++) {
            if (stateOwners[i] == owner) {
                return (S) states[i];
            }
        }
        return null;
    }

    /** Lookup structures over the vocabulary texts, built once per context. */
    VocabularyIndex vocabularyIndex() {
        if (vocabularyIndex == null) {
            if (vocabulary == null) {
                throw new IllegalStateException("this stage needs the vocabulary's token texts; build the SamplingContext with them");
            }
            vocabularyIndex = new VocabularyIndex(vocabulary);
        }
        return vocabularyIndex;
    }
}
