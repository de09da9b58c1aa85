package orphic.lm.sample;

/**
 * Anti-coherence: mixes the chain's distribution so far with the uniform distribution over the
 * whole vocabulary, {@code p' = (1−γ)·p + γ/V} (p = 0 for tokens earlier stages removed). Every
 * token becomes possible again with probability at least γ/V, a controlled dose of the
 * unexpected. The candidates become the whole vocabulary with logits ln p'. Place it after the
 * truncation stages and temperature (the default order does), or they would cut the uniform mass away.
 *
 * @param gamma γ in [0, 1]; 0 = off, 1 = uniform
 */
public record AntiCoherence(double gamma) implements LogitProcessor {

    public AntiCoherence {
        Check.range("anti-coherence", gamma, 0, true, 1, true);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        if (gamma == 0) {
            return;
        }
        int v = c.vocabularySize();
        double[] byId = c.byId;
        int n = c.size();
        for (int i = 0; i < n; i++) {
            byId[c.id(i)] = (1 - gamma) * c.prob(i);
        }
        double floor = gamma / v;
        for (int id = 0; id < v; id++) {
            byId[id] += floor;
        }
        c.resetToDistribution(byId);
        java.util.Arrays.fill(byId, 0);
    }

    @Override
    public String toString() {
        return "anti-coherence(" + Check.fmt(gamma) + ")";
    }
}
