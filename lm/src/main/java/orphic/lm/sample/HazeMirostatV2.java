package orphic.lm.sample;

/**
 * haze's "mirostat_v2" (specs/haze.md §6.6), haze's own rule: p = softmax of the candidates,
 * sorted; {@code s_i = −log₂(p_i + 1e-10)}; k = the number of i whose cumulative contribution
 * {@code Σ_{j≤i} p_j·s_j} stays ≤ μ·Σp (at least 1, at most V div 2 + 1 with V the vocabulary
 * size); draw among the top k renormalised, in descending order;
 * {@code μ ← clip(μ − rate·(s_chosen − target), 0.5·target, 3·target)} with s_chosen from the
 * un-truncated p. μ starts at 2·target. Records μ/target as the step's temperature.
 *
 * @param target target surprise in bits, &gt; 0 (haze's target_entropy, 3.0)
 * @param rate learning rate ≥ 0 (haze's mirostat_tau, 0.1)
 */
public record HazeMirostatV2(double target, double rate) implements Sampler, Stateful<MirostatState> {

    public HazeMirostatV2 {
        Check.positive("target-entropy", target);
        Check.atLeast("mirostat-eta", rate, 0);
    }

    @Override
    public MirostatState newState(SamplingContext context, int vocabularySize) {
        return new MirostatState(2 * target);
    }

    /** The state of this sampler in a generation (μ = 2·target before the first step). */
    public MirostatState state(SamplingContext context) {
        MirostatState s = context.existingState(this);
        return s != null ? s : new MirostatState(2 * target);
    }

    @Override
    public int select(Candidates c, SamplingContext context) {
        MirostatState s = context.state(this, c.vocabularySize());
        c.sortByLogit();
        int n = c.size();
        double total = 0;
        for (int i = 0; i < n; i++) {
            c.aux[i] = c.prob(i);
            total += c.aux[i];
        }
        double cum = 0;
        int k = 0;
        for (int i = 0; i < n; i++) {
            cum += c.aux[i] * -MirostatState.log2(c.aux[i] + 1e-10);
            if (cum <= s.mu * total) {
                k++;
            }
        }
        k = Math.min(Math.max(1, k), Math.min(n, c.vocabularySize() / 2 + 1));
        c.truncate(k);
        int chosen = MirostatState.drawDescending(c, context);
        s.lastK = k;
        s.lastSurprise = -MirostatState.log2(c.aux[chosen] + 1e-10);
        s.mu = Math.min(3 * target, Math.max(0.5 * target, s.mu - rate * (s.lastSurprise - target)));
        context.noteTemperature(s.mu / target);
        return chosen;
    }

    @Override
    public String toString() {
        return "haze-mirostat-v2(target=" + Check.fmt(target) + ", rate=" + Check.fmt(rate) + ")";
    }
}
