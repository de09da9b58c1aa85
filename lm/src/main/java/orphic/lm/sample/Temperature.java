package orphic.lm.sample;

/**
 * Temperature: divides every logit by T. T = 0 is greedy: only the highest logit survives
 * (ties: lower id), as llama.cpp does, and the sampler takes it without a random draw (as haze).
 * Records T in the context.
 *
 * @param temperature T ≥ 0
 */
public record Temperature(double temperature) implements LogitProcessor {

    public Temperature {
        Check.atLeast("temperature", temperature, 0);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        applyTemperature(c, context, temperature);
    }

    /** Shared with the adaptive temperatures: T ≤ 0 keeps the argmax only, else logits / T. */
    static void applyTemperature(Candidates c, SamplingContext context, double t) {
        context.noteTemperature(Math.max(0, t));
        if (t <= 0) {
            int best = c.argmax();
            c.move(best, 0);
            c.setSize(1);
            c.markDecided();
            return;
        }
        c.divideLogits(t);
    }

    @Override
    public String toString() {
        return "temperature(" + Check.fmt(temperature) + ")";
    }
}
