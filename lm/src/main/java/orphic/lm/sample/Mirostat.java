package orphic.lm.sample;

/**
 * Mirostat v1 (Basu et al., "Mirostat: A Neural Text Decoding Algorithm that Directly Controls
 * Perplexity", ICLR 2021), with llama.cpp's estimator and k rule:
 *
 * <ol>
 *   <li>Sort; p = softmax of the candidates. Zipf exponent from the top m:
 *       {@code ŝ = Σ_{i<m−1} t_i·b_i / Σ t_i²}, {@code t_i = ln((i+2)/(i+1))}, {@code b_i = ln(p_i/p_{i+1})}.</li>
 *   <li>{@code ε̂ = ŝ − 1}, {@code k = ((ε̂·2^μ)/(1 − V^(−ε̂)))^(1/ŝ)} with V the vocabulary size;
 *       keep the top max(1, ⌊k⌋) (a single candidate: k = 1).</li>
 *   <li>Renormalise and draw in descending-probability order (one uniform).</li>
 *   <li>{@code μ ← μ − η·(S − τ)}, where S = −log₂ p(x). {@link Surprise#ORIGINAL} (default, the
 *       authors' code) takes p(x) from the distribution before truncation; {@link Surprise#TRUNCATED}
 *       takes it after renormalisation, as llama.cpp does.</li>
 * </ol>
 * μ starts at 2τ. Note the authors' script uses k = round(k̂) + 1; we follow llama.cpp's ⌊k̂⌋.
 *
 * @param tau τ, target surprise in bits, &gt; 0 (llama.cpp: 5.0)
 * @param eta η, learning rate ≥ 0 (0.1)
 * @param m number of top probabilities for the Zipf fit, ≥ 2 (100)
 * @param surprise which probability the μ update uses
 */
public record Mirostat(double tau, double eta, int m, Surprise surprise) implements Sampler, Stateful<MirostatState> {

    /** Which probability of the chosen token feeds the μ update. */
    public enum Surprise {
        /** Before truncation (as in the paper's code). */
        ORIGINAL,
        /** After truncation and renormalisation (llama.cpp). */
        TRUNCATED
    }

    public Mirostat {
        Check.positive("mirostat-tau", tau);
        Check.atLeast("mirostat-eta", eta, 0);
        Check.atLeast("mirostat m", m, 2);
        if (surprise == null) {
            throw new IllegalArgumentException("mirostat surprise must be ORIGINAL or TRUNCATED");
        }
    }

    public Mirostat(double tau, double eta) {
        this(tau, eta, 100, Surprise.ORIGINAL);
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
        int k = 1;
        if (n > 1) {
            double sumTiBi = 0;
            double sumTiSq = 0;
            for (int i = 0; i < m - 1 && i < n - 1; i++) {
                double ti = Math.log((i + 2.0) / (i + 1.0));
                double bi = Math.log(c.prob(i) / c.prob(i + 1));
                sumTiBi += ti * bi;
                sumTiSq += ti * ti;
            }
            double sHat = sumTiBi / sumTiSq;
            double epsHat = sHat - 1;
            double kHat = Math.pow((epsHat * Math.pow(2, s.mu)) / (1 - Math.pow(c.vocabularySize(), -epsHat)), 1 / sHat);
            // (int) maps NaN to 0 and saturates huge values, like llama.cpp's int() cast plus max(k, 1)
            k = Math.max(1, Math.min(n, (int) kHat));
        }
        for (int i = 0; i < k; i++) {
            c.aux[i] = c.prob(i);
        }
        c.truncate(k);
        int chosen = MirostatState.drawDescending(c, context);
        double p = surprise == Surprise.ORIGINAL ? c.aux[chosen] : c.prob(chosen);
        s.lastK = k;
        s.lastSurprise = -MirostatState.log2(p);
        s.mu -= eta * (s.lastSurprise - tau);
        return chosen;
    }

    @Override
    public String toString() {
        return "mirostat(tau=" + Check.fmt(tau) + ", eta=" + Check.fmt(eta) + ")";
    }
}
