package orphic.lm.sample;

/**
 * haze's "mirostat" (specs/haze.md §6.5), a threshold rule that is not the published algorithm:
 * p = softmax of the candidates, sorted; surprise {@code s_i = −log₂(p_i + 1e-10)}; keep the
 * {@code max(1, #{s_i ≤ μ})} most probable; draw among them renormalised, in descending order;
 * {@code μ ← μ − rate·(s_chosen − target)} with s_chosen from the un-truncated p; no clipping.
 * μ starts at 2·target. Records μ/target as the step's temperature, as haze reports it.
 *
 * @param target target surprise in bits, &gt; 0 (haze's target_entropy, 3.0)
 * @param rate learning rate ≥ 0 (haze's mirostat_tau, 0.1)
 */
public record HazeMirostat(double target, double rate) implements Sampler, Stateful<MirostatState> {

    public HazeMirostat {
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
        int k = 0;
        for (int i = 0; i < n; i++) {
            double p = c.prob(i);
            c.aux[i] = p;
            if (-MirostatState.log2(p + 1e-10) <= s.mu) {
                k++;
            }
        }
        k = Math.max(1, k);
        c.truncate(k);
        int chosen = MirostatState.drawDescending(c, context);
        s.lastK = k;
        s.lastSurprise = -MirostatState.log2(c.aux[chosen] + 1e-10);
        s.mu -= rate * (s.lastSurprise - target);
        context.noteTemperature(s.mu / target);
        return chosen;
    }

    @Override
    public String toString() {
        return "haze-mirostat(target=" + Check.fmt(target) + ", rate=" + Check.fmt(rate) + ")";
    }
}
