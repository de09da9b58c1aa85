package orphic.lm.sample;

/**
 * Mirostat v2 (llama.cpp's "mirostat 2", the simplified rule from the Mirostat authors): sort;
 * keep the candidates whose surprise {@code −log₂ p} is at most μ (at least one); renormalise; draw
 * in descending-probability order; {@code μ ← μ − η·(S − τ)} with S the chosen token's surprise
 * ({@link Mirostat.Surprise#ORIGINAL}: before truncation, the default;
 * {@link Mirostat.Surprise#TRUNCATED}: after renormalisation, as llama.cpp). μ starts at 2τ.
 *
 * @param tau τ, target surprise in bits, &gt; 0
 * @param eta η, learning rate ≥ 0
 * @param surprise which probability the μ update uses
 */
public record MirostatV2(double tau, double eta, Mirostat.Surprise surprise) implements Sampler, Stateful<MirostatState> {

    public MirostatV2 {
        Check.positive("mirostat-tau", tau);
        Check.atLeast("mirostat-eta", eta, 0);
        if (surprise == null) {
            throw new IllegalArgumentException("mirostat surprise must be ORIGINAL or TRUNCATED");
        }
    }

    public MirostatV2(double tau, double eta) {
        this(tau, eta, Mirostat.Surprise.ORIGINAL);
    }

    @Override
    public MirostatState newState(SamplingContext context, int vocabularySize) {
        return new MirostatState(2 * tau);
    }

    /** The state of this sampler in a generation (μ = 2τ before the first step). */
    public MirostatState state(SamplingContext context) {
        MirostatState s = context.existingState(this);
        return s != null ? s : new MirostatState(2 * tau);
    }

    @Override
    public int select(Candidates c, SamplingContext context) {
        MirostatState s = context.state(this, c.vocabularySize());
        c.sortByLogit();
        int n = c.size();
        int k = 0;
        while (k < n && -MirostatState.log2(c.prob(k)) <= s.mu) {
            k++;
        }
        k = Math.max(1, k);
        for (int i = 0; i < k; i++) {
            c.aux[i] = c.prob(i);
        }
        c.truncate(k);
        int chosen = MirostatState.drawDescending(c, context);
        double p = surprise == Mirostat.Surprise.ORIGINAL ? c.aux[chosen] : c.prob(chosen);
        s.lastK = k;
        s.lastSurprise = -MirostatState.log2(p);
        s.mu -= eta * (s.lastSurprise - tau);
        return chosen;
    }

    @Override
    public String toString() {
        return "mirostat-v2(tau=" + Check.fmt(tau) + ", eta=" + Check.fmt(eta) + ")";
    }
}
