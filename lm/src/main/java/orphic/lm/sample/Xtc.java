package orphic.lm.sample;

/**
 * Exclude Top Choices (p-e-w; llama.cpp PR #9742): with probability {@code probability} (one
 * uniform draw per step, taken only when at least two candidates remain), if two or more
 * candidates have {@code p ≥ threshold}, remove all of them except the least probable one. Breaks
 * clichés by refusing the most obvious continuations. A threshold above 0.5 can never find two
 * such tokens, so it disables the stage (llama.cpp skips the draw too).
 *
 * @param probability chance per step, in [0, 1]
 * @param threshold in [0, 1]
 * @param minKeep ≥ 1 candidates must remain
 */
public record Xtc(double probability, double threshold, int minKeep) implements LogitProcessor {

    public Xtc {
        Check.range("xtc-probability", probability, 0, true, 1, true);
        Check.range("xtc-threshold", threshold, 0, true, 1, true);
        Check.atLeast("min-keep", minKeep, 1);
    }

    public Xtc(double probability, double threshold) {
        this(probability, threshold, 1);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        if (probability <= 0 || threshold > 0.5 || c.size() < 2) {
            return;
        }
        double chance = context.random().nextDouble();
        if (chance > probability) {
            return;
        }
        c.sortByLogit();
        int n = c.size();
        int posLast = 0;
        for (int i = 0; i < n; i++) {
            if (c.prob(i) >= threshold) {
                posLast = i;
            } else {
                break;
            }
        }
        if (n - posLast >= minKeep && posLast > 0) {
            for (int i = posLast; i < n; i++) {
                c.move(i, i - posLast);
            }
            c.setSize(n - posLast);
        }
    }

    @Override
    public String toString() {
        return "xtc(p=" + Check.fmt(probability) + ", threshold=" + Check.fmt(threshold) + ")";
    }
}
