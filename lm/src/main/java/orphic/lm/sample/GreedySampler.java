package orphic.lm.sample;

/** Argmax over the candidates (ties: lower id). Draws no random number. */
final class GreedySampler implements Sampler {

    @Override
    public int select(Candidates candidates, SamplingContext context) {
        int best = candidates.argmax();
        candidates.softmax();
        return best;
    }

    @Override
    public String toString() {
        return "greedy";
    }
}
