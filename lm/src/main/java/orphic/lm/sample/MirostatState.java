package orphic.lm.sample;

/**
 * The per-generation state of a mirostat-family sampler, readable for tests and UIs.
 */
public final class MirostatState {
    double mu;
    int lastK;
    double lastSurprise;

    MirostatState(double mu) {
        this.mu = mu;
    }

    /** μ, the current maximum surprise (bits), after the last update. */
    public double mu() {
        return mu;
    }

    /** Number of candidates the last step sampled from. */
    public int lastK() {
        return lastK;
    }

    /** Surprise (bits) of the last chosen token, as used in the μ update. */
    public double lastSurprise() {
        return lastSurprise;
    }

    /**
     * Draws from candidates [0, size) in their current (descending-probability) order: one uniform
     * u (always, as haze), first index whose cumulative probability over the total exceeds u.
     */
    static int drawDescending(Candidates c, SamplingContext context) {
        int n = c.size();
        double[] p = c.probsArray();
        if (c.isDecided()) {
            return 0;
        }
        return DistributionSampler.inverseCdf(p, n, context.random().nextDouble());
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
