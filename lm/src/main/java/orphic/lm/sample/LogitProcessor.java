package orphic.lm.sample;

/**
 * One stage of a {@link SamplerChain}: transforms the candidate set in place (changes logits,
 * reorders, or removes candidates). Implementations are immutable and thread-safe; anything that
 * changes during a generation lives in the {@link SamplingContext} (see {@link Stateful}).
 * The hot path must allocate nothing.
 */
@FunctionalInterface
public interface LogitProcessor {

    /**
     * Transforms the candidates.
     *
     * @param candidates the working set of this step (never empty on entry)
     * @param context the generation: token history, step, vocabulary texts, random source
     */
    void apply(Candidates candidates, SamplingContext context);
}
