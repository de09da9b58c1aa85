package orphic.lm.sample;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What one sampling step did, for UIs and {@code --json}: the chosen token, its probability and
 * the entropy of the final distribution (the one the sampler drew from, after every processor),
 * the temperature applied, and the most probable alternatives of that distribution.
 *
 * @param id chosen token id
 * @param text its text, or null when the context has no vocabulary
 * @param p its probability in the final distribution
 * @param entropyBits entropy of the final distribution in bits
 * @param temperature temperature applied in this step (1 when no stage set one, 0 for greedy)
 * @param top up to {@link SamplerChain#TOP_ALTERNATIVES} most probable candidates, descending (the chosen one included)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenStats(
        int id,
        String text,
        double p,
        @JsonProperty("entropy_bits") double entropyBits,
        double temperature,
        List<Alternative> top) {

    /** One candidate of the final distribution. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Alternative(int id, String text, double p) {}
}
