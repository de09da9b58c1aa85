package orphic.lm.sample;

/**
 * haze's resonance temperature (specs/haze.md §6.8): the temperature follows how much the current
 * next-token distribution resembles those of the last 10 steps.
 *
 * <p>Resonance of two distributions is {@code 1 − √(JS/ln 2)} (JS = Jensen–Shannon divergence in
 * nats, probabilities clipped to [1e-10, 1] inside the logs; 1 = identical). R is the weighted mean
 * over the history rows, oldest to newest weighted {@code exp(−(n−1−k)/5)}, normalised. Rows are
 * the softmax of the <em>raw</em> logits given to the chain. With mid = (minTemp + maxTemp)/2 and
 * no history yet, T = mid.
 *
 * <p><b>Direction.</b> haze documents that high resonance (the text circling the same
 * distributions) <em>lowers</em> the temperature, but its code raises it:
 * {@code T = mid·√(R/target)} (with R + 1e-6 when R ≤ target). {@link Direction#DOCUMENTED} (our
 * default) does what haze documents, the reciprocal: {@code T = mid·√(target/R)}
 * ({@code √(target/(R+1e-6))} when R ≤ target). {@link Direction#HAZE_CODE} reproduces haze's
 * numbers. Both are clipped to [minTemp, maxTemp].
 *
 * <p>The history is per generation and is not rolled back by phrase-ban backtracking.
 *
 * @param target target resonance in (0, 1] (haze: 0.7)
 * @param minTemp &gt; 0 (haze: 0.3)
 * @param maxTemp ≥ minTemp (haze: 2.0)
 * @param direction which way resonance moves the temperature
 */
public record ResonanceTemperature(double target, double minTemp, double maxTemp, Direction direction)
        implements LogitProcessor, Stateful<ResonanceTemperature.History> {

    /** Number of previous steps compared (haze's constant). */
    public static final int HISTORY = 10;
    private static final double DECAY = 5.0;
    private static final double CLIP = 1e-10;

    /** Which way high resonance moves the temperature. */
    public enum Direction {
        /** High resonance cools (haze's documentation; our default). */
        DOCUMENTED,
        /** High resonance heats (what haze's code does). */
        HAZE_CODE
    }

    public ResonanceTemperature {
        Check.range("target-resonance", target, 0, false, 1, true);
        Check.positive("min-temperature", minTemp);
        Check.positive("max-temperature", maxTemp);
        if (maxTemp < minTemp) {
            throw new IllegalArgumentException("max-temperature (" + maxTemp + ") must be ≥ min-temperature (" + minTemp + ")");
        }
        if (direction == null) {
            throw new IllegalArgumentException("resonance direction must be DOCUMENTED or HAZE_CODE");
        }
    }

    /**
     * Ring buffer of the last distributions over V: clipped probabilities, their logs, and
     * Σ p·ln p per row, so comparing two rows costs one logarithm per token (for the mixture).
     */
    static final class History {
        final double[][] rows;
        final double[][] logRows;
        final double[] selfTerms = new double[HISTORY];
        final double[] current;
        final double[] logCurrent;
        final double[] weights = new double[HISTORY];
        double currentSelf;
        int count;
        int next;

        History(int vocabularySize) {
            rows = new double[HISTORY][vocabularySize];
            logRows = new double[HISTORY][vocabularySize];
            current = new double[vocabularySize];
            logCurrent = new double[vocabularySize];
        }
    }

    @Override
    public History newState(SamplingContext context, int vocabularySize) {
        return new History(vocabularySize);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        History h = context.state(this, c.vocabularySize());
        softmax(context.rawLogits(), h.current);
        double self = 0;
        for (int i = 0; i < h.current.length; i++) {
            double pc = clip(h.current[i]);
            h.logCurrent[i] = Math.log(pc);
            self += pc * h.logCurrent[i];
        }
        h.currentSelf = self;
        double mid = (minTemp + maxTemp) / 2;
        double t;
        if (h.count == 0) {
            t = mid;
        } else {
            double r = resonance(h);
            double ratio;
            if (direction == Direction.HAZE_CODE) {
                ratio = r > target ? r / target : (r + 1e-6) / target;
            } else {
                ratio = r > target ? target / r : target / (r + 1e-6);
            }
            t = Math.min(maxTemp, Math.max(minTemp, mid * Math.sqrt(ratio)));
        }
        Temperature.applyTemperature(c, context, t);
        // remember this step's distribution (oldest row overwritten)
        System.arraycopy(h.current, 0, h.rows[h.next], 0, h.current.length);
        System.arraycopy(h.logCurrent, 0, h.logRows[h.next], 0, h.current.length);
        h.selfTerms[h.next] = h.currentSelf;
        h.next = (h.next + 1) % HISTORY;
        h.count = Math.min(HISTORY, h.count + 1);
    }

    /** The weighted resonance of h.current with the stored rows. */
    private static double resonance(History h) {
        int n = h.count;
        double wsum = 0;
        for (int k = 0; k < n; k++) {
            h.weights[k] = Math.exp(-(n - 1 - k) / DECAY);
            wsum += h.weights[k];
        }
        double r = 0;
        for (int k = 0; k < n; k++) {
            // k = 0 is the oldest stored row
            int row = Math.floorMod(h.next - n + k, HISTORY);
            r += h.weights[k] / wsum * score(h.current, h.currentSelf, h.rows[row], h.selfTerms[row]);
        }
        return r;
    }

    /**
     * 1 − √(JS/ln 2) for distributions p, q given selfP = Σ p̃ ln p̃ and selfQ likewise (p̃ = clip(p)):
     * JS = ½Σp̃(ln p̃ − ln m) + ½Σq̃(ln q̃ − ln m) with m = clip((p+q)/2), haze's clipping.
     */
    private static double score(double[] p, double selfP, double[] q, double selfQ) {
        double cross = 0;
        for (int i = 0; i < p.length; i++) {
            cross += (clip(p[i]) + clip(q[i])) * Math.log(clip(0.5 * (p[i] + q[i])));
        }
        double js = 0.5 * (selfP + selfQ) - 0.5 * cross;
        return 1 - Math.sqrt(Math.max(0, js) / Math.log(2));
    }

    private static double clip(double x) {
        return Math.min(1, Math.max(CLIP, x));
    }

    static void softmax(float[] logits, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < logits.length; i++) {
            out[i] /= sum;
        }
    }

    @Override
    public String toString() {
        return "resonance-temperature(target=" + Check.fmt(target) + ", " + Check.fmt(minTemp) + ".." + Check.fmt(maxTemp)
                + ", " + direction.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
