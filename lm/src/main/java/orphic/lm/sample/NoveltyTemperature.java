package orphic.lm.sample;

import java.util.Arrays;
import orphic.lm.field.CooccurrenceField;

/**
 * The adaptive entropy schedule of issue 10: the temperature rises when the generated text turns
 * familiar and falls when it turns novel, steering the running novelty ("metaphor") density toward
 * a target. Fills the chain's temperature stage when {@code entropy_schedule} is on.
 *
 * <p><b>Novelty.</b> The unit is the token trigram (for a character model, a character trigram).
 * The <em>known</em> trigrams are those of the prompt, those the co-occurrence field has seen
 * (trigram count &gt; 0, when a field is given: the training corpus's), and every trigram generated
 * so far. Each generated token t (with two tokens before it in the history) scores
 * x_t = 1 when the trigram ending at t is not known yet, else 0; it is then known.
 *
 * <p><b>Density.</b> An exponential moving average with a half-life of H tokens, starting at the
 * target (so the first temperature is the base one):
 *
 * <pre>
 *   d ← d + β·(x_t − d),   β = 1 − 2^(−1/H)
 *   T = clamp( T_base · (1 + k·(target − d)),  T_min, T_max )
 * </pre>
 *
 * k is the gain. Repetition (x = 0) pulls d down, so T rises; novel text pulls d up, so T falls.
 * The temperature of a step depends only on the history (prompt and generated tokens) and the
 * field: after phrase-ban backtracking it is recomputed from the shortened history.
 *
 * @param base     T_base &gt; 0 (the settings' {@code temperature})
 * @param target   target novelty density in [0, 1] ({@code entropy_schedule_target}, 0.5)
 * @param gain     k ≥ 0 ({@code entropy_schedule_gain}, 2)
 * @param halfLife H &gt; 0 tokens ({@code entropy_schedule_half_life}, 16)
 * @param minTemp  T_min &gt; 0 ({@code min_temperature})
 * @param maxTemp  T_max ≥ T_min ({@code max_temperature})
 * @param field    the corpus's trigrams count as known; may be null
 */
public record NoveltyTemperature(double base, double target, double gain, double halfLife, double minTemp, double maxTemp,
        CooccurrenceField field) implements LogitProcessor, Stateful<NoveltyTemperature.State> {

    /** The n-gram order of novelty. */
    public static final int ORDER = 3;

    public NoveltyTemperature {
        check(base, target, gain, halfLife, minTemp, maxTemp);
    }

    /** Validates the parameters with messages that list the valid ranges. */
    static void check(double base, double target, double gain, double halfLife, double minTemp, double maxTemp) {
        Check.positive("temperature (the entropy schedule's base; > 0)", base);
        Check.range("entropy-schedule-target", target, 0, true, 1, true);
        Check.atLeast("entropy-schedule-gain", gain, 0);
        Check.positive("entropy-schedule-half-life (tokens)", halfLife);
        Check.positive("min-temperature", minTemp);
        Check.positive("max-temperature", maxTemp);
        if (maxTemp < minTemp) {
            throw new IllegalArgumentException("max-temperature (" + maxTemp + ") must be ≥ min-temperature (" + minTemp + ")");
        }
    }

    /** Per generation: the known trigrams, the density and how much of the history it covers. */
    static final class State {
        final LongSet known = new LongSet();
        double density;
        int processed = -1; // history length the density covers; −1 = nothing yet
    }

    @Override
    public State newState(SamplingContext context, int vocabularySize) {
        return new State();
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        State s = context.state(this, c.vocabularySize());
        update(s, context);
        Temperature.applyTemperature(c, context, temperatureOf(s.density));
    }

    /** The temperature at novelty density d. */
    public double temperatureOf(double d) {
        return Math.min(maxTemp, Math.max(minTemp, base * (1 + gain * (target - d))));
    }

    /** The density after the given history (prompt = its first promptLength tokens); for tests and reports. */
    public double density(int[] history, int promptLength) {
        State s = new State();
        replay(s, history, promptLength, history.length);
        return s.density;
    }

    private void update(State s, SamplingContext ctx) {
        int n = ctx.length(), prompt = ctx.promptLength();
        if (s.processed < 0 || n < s.processed) {
            // a new generation, or backtracking shortened the history: start again from the prompt
            s.known.clear();
            s.density = target;
            for (int t = ORDER - 1; t < prompt; t++) s.known.add(key(ctx.tokenAt(t - 2), ctx.tokenAt(t - 1), ctx.tokenAt(t)));
            s.processed = prompt;
        }
        double beta = 1 - Math.pow(2, -1 / halfLife);
        for (int t = s.processed; t < n; t++) {
            if (t < ORDER - 1) continue;
            int a = ctx.tokenAt(t - 2), b = ctx.tokenAt(t - 1), z = ctx.tokenAt(t);
            s.density += beta * (score(s, a, b, z) - s.density);
        }
        s.processed = n;
    }

    private void replay(State s, int[] h, int prompt, int n) {
        s.known.clear();
        s.density = target;
        for (int t = ORDER - 1; t < prompt; t++) s.known.add(key(h[t - 2], h[t - 1], h[t]));
        double beta = 1 - Math.pow(2, -1 / halfLife);
        for (int t = Math.max(prompt, ORDER - 1); t < n; t++) s.density += beta * (score(s, h[t - 2], h[t - 1], h[t]) - s.density);
        s.processed = n;
    }

    /** x_t: 1 when the trigram is new (then remembered), 0 when known. */
    private double score(State s, int a, int b, int z) {
        boolean inField = field != null && a < field.vocabSize() && b < field.vocabSize() && z < field.vocabSize()
                && field.trigramCount(a, b, z) > 0;
        boolean fresh = s.known.add(key(a, b, z));
        return fresh && !inField ? 1 : 0;
    }

    /** Three ids in one long: exact for ids below 2^21, a strong mix beyond (collisions then negligible). */
    static long key(int a, int b, int c) {
        if ((a | b | c) >>> 21 == 0) return ((long) a << 42) | ((long) b << 21) | c;
        long z = (a * 0x9E3779B97F4A7C15L) ^ (b * 0xBF58476D1CE4E5B9L) ^ (c * 0x94D049BB133111EBL);
        return z | Long.MIN_VALUE; // never equal to an exact key (those are < 2^63)
    }

    @Override
    public String toString() {
        return "novelty-temperature(base=" + Check.fmt(base) + ", target=" + Check.fmt(target) + ", gain=" + Check.fmt(gain)
                + ", half-life=" + Check.fmt(halfLife) + ", " + Check.fmt(minTemp) + ".." + Check.fmt(maxTemp)
                + (field == null ? "" : ", field") + ")";
    }

    /** An open-addressing set of longs (no boxing on the hot path; grows by doubling). */
    static final class LongSet {
        private static final long EMPTY = 0x8000_0000_0000_0001L; // marks a free slot; that key itself is tracked by hasEmpty
        private long[] slots = new long[256];
        private boolean hasEmpty;
        private int size;

        LongSet() {
            Arrays.fill(slots, EMPTY);
        }

        void clear() {
            Arrays.fill(slots, EMPTY);
            hasEmpty = false;
            size = 0;
        }

        /** Adds k; true when it was absent. */
        boolean add(long k) {
            if (k == EMPTY) {
                boolean was = hasEmpty;
                hasEmpty = true;
                return !was;
            }
            if (2 * (size + 1) > slots.length) grow();
            int mask = slots.length - 1;
            int i = (int) (mix(k) & mask);
            while (slots[i] != EMPTY) {
                if (slots[i] == k) return false;
                i = (i + 1) & mask;
            }
            slots[i] = k;
            size++;
            return true;
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            Arrays.fill(slots, EMPTY);
            int mask = slots.length - 1;
            for (long k : old) {
                if (k == EMPTY) continue;
                int i = (int) (mix(k) & mask);
                while (slots[i] != EMPTY) i = (i + 1) & mask;
                slots[i] = k;
            }
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }
    }
}
