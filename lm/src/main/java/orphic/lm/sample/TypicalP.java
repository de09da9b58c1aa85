package orphic.lm.sample;

/**
 * Locally typical sampling (Meister et al., TACL 2023), as llama.cpp: with H the entropy (nats) of
 * the candidates, order them by {@code |−ln p_i − H|} ascending (ties: lower id) and keep the
 * shortest prefix whose cumulative probability exceeds p (strictly), at least minKeep. The
 * survivors stay in that typicality order. p = 1 keeps everything.
 *
 * @param p in (0, 1]
 * @param minKeep ≥ 1
 */
public record TypicalP(double p, int minKeep) implements LogitProcessor {

    public TypicalP {
        Check.range("typical-p", p, 0, false, 1, true);
        Check.atLeast("min-keep", minKeep, 1);
    }

    public TypicalP(double p) {
        this(p, 1);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        if (p >= 1) {
            return;
        }
        int n = c.size();
        c.softmax();
        double entropy = 0;
        for (int i = 0; i < n; i++) {
            double pi = c.prob(i);
            if (pi > 0) {
                entropy -= pi * Math.log(pi);
            }
        }
        for (int i = 0; i < n; i++) {
            c.aux[i] = Math.abs(-Math.log(c.prob(i)) - entropy);
        }
        c.sortByAuxAscending();
        double[] probs = c.probsArray();
        double cum = 0;
        for (int i = 0; i < n; i++) {
            cum += probs[i];
            if (cum > p && i >= minKeep - 1) {
                c.truncate(i + 1);
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "typical(" + Check.fmt(p) + ")";
    }
}
