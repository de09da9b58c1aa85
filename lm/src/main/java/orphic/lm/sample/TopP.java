package orphic.lm.sample;

/**
 * Nucleus sampling (Holtzman et al. 2020), as llama.cpp: sort by probability, keep the shortest
 * prefix whose cumulative probability reaches p (the crossing token included), at least minKeep.
 * p = 1 keeps everything.
 *
 * @param p in (0, 1]
 * @param minKeep ≥ 1
 */
public record TopP(double p, int minKeep) implements LogitProcessor {

    public TopP {
        Check.range("top-p", p, 0, false, 1, true);
        Check.atLeast("min-keep", minKeep, 1);
    }

    public TopP(double p) {
        this(p, 1);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        if (p >= 1) {
            return;
        }
        c.sortByLogit();
        int n = c.size();
        double cum = 0;
        for (int i = 0; i < n; i++) {
            cum += c.prob(i);
            if (cum >= p && i + 1 >= minKeep) {
                c.truncate(i + 1);
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "top-p(" + Check.fmt(p) + ")";
    }
}
