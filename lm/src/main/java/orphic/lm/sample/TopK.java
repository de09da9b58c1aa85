package orphic.lm.sample;

/**
 * Top-k: keeps the k highest logits (ties: lower id), leaving them sorted.
 *
 * @param k ≥ 1
 */
public record TopK(int k) implements LogitProcessor {

    public TopK {
        if (k < 1) {
            throw new IllegalArgumentException("top-k must be ≥ 1 (leave the stage out, or set top_k 0 in SamplerSettings, to disable it), got " + k);
        }
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        c.keepTop(k);
    }

    @Override
    public String toString() {
        return "top-k(" + k + ")";
    }
}
