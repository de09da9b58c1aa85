package orphic.lm.sample;

/**
 * The last stage of a {@link SamplerChain}: picks one candidate.
 *
 * <p>Contract: returns an index into {@code candidates} (0 ≤ index &lt; size), and on return the
 * candidates hold the final distribution the choice was made from (what per-token statistics
 * report). Random draws come only from {@link SamplingContext#random()}.
 */
@FunctionalInterface
public interface Sampler {

    /** Argmax: the highest logit, ties to the lower id; draws nothing. */
    Sampler GREEDY = new GreedySampler();

    /** A draw from the softmax of the candidates (inverse CDF in ascending token-id order). */
    Sampler DIST = new DistributionSampler();

    /** Chooses a candidate; returns its index in {@code candidates}. */
    int select(Candidates candidates, SamplingContext context);
}
