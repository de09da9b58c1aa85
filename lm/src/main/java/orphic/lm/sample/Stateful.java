package orphic.lm.sample;

/**
 * A stage (processor or sampler) that keeps per-generation state: mirostat's μ, scratch arrays
 * sized by the vocabulary, resolved sequence breakers. The stage itself stays immutable; its state
 * lives in the {@link SamplingContext}, created once on first use by {@link #newState} and fetched
 * with {@link SamplingContext#state(Stateful, int)}.
 *
 * @param <S> the state type
 */
public interface Stateful<S> {

    /** Creates the state for a fresh generation over a vocabulary of the given size. */
    S newState(SamplingContext context, int vocabularySize);
}
