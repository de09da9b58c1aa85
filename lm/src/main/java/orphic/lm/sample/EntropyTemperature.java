package orphic.lm.sample;

/**
 * haze's entropy-aware adaptive temperature (specs/haze.md §6.7): with H the entropy in bits of
 * the candidates' softmax (probabilities clipped to [1e-10, 1] inside the sum),
 * {@code T = clip((target/H)^0.5, minTemp, maxTemp)}, or minTemp when H &lt; 1e-6. Uncertain
 * steps are cooled and confident ones heated, pulling the entropy toward the target. haze applies
 * it to the raw logits, before top-p; put it first to match.
 *
 * @param target target entropy in bits, &gt; 0 (haze: 3.0)
 * @param minTemp &gt; 0 (haze: 0.3)
 * @param maxTemp ≥ minTemp (haze: 2.0)
 */
public record EntropyTemperature(double target, double minTemp, double maxTemp) implements LogitProcessor {

    public EntropyTemperature {
        Check.positive("target-entropy", target);
        Check.positive("min-temperature", minTemp);
        Check.positive("max-temperature", maxTemp);
        if (maxTemp < minTemp) {
            throw new IllegalArgumentException("max-temperature (" + maxTemp + ") must be ≥ min-temperature (" + minTemp + ")");
        }
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        double h = entropyBitsClipped(c);
        double t = h < 1e-6 ? minTemp : Math.min(maxTemp, Math.max(minTemp, Math.sqrt(target / h)));
        Temperature.applyTemperature(c, context, t);
    }

    /** haze's entropy: −Σ p·log2 p with p clipped to [1e-10, 1]. */
    static double entropyBitsClipped(Candidates c) {
        int n = c.size();
        c.softmax();
        double h = 0;
        for (int i = 0; i < n; i++) {
            double p = Math.min(1, Math.max(1e-10, c.prob(i)));
            h -= p * Math.log(p);
        }
        return h / Math.log(2);
    }

    @Override
    public String toString() {
        return "entropy-temperature(target=" + Check.fmt(target) + ", " + Check.fmt(minTemp) + ".." + Check.fmt(maxTemp) + ")";
    }
}
