package orphic.lm.sample;

/**
 * llama.cpp's dynamic temperature ("dynatemp", after arXiv 2309.02772): the temperature follows the
 * normalised entropy of the current candidates,
 * {@code T = Tmin + (Tmax − Tmin)·(H / ln n)^exponent}, with {@code Tmin = max(0, T0 − range)},
 * {@code Tmax = T0 + range}, H in nats over the n candidates. Range 0 is plain temperature T0.
 * A single candidate is left as it is.
 *
 * @param temperature T0 ≥ 0
 * @param range δ ≥ 0
 * @param exponent ≥ 0 (1 = linear in normalised entropy)
 */
public record DynamicTemperature(double temperature, double range, double exponent) implements LogitProcessor {

    public DynamicTemperature {
        Check.atLeast("temperature", temperature, 0);
        Check.atLeast("dynatemp range", range, 0);
        Check.atLeast("dynatemp exponent", exponent, 0);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        if (range <= 0) {
            Temperature.applyTemperature(c, context, temperature);
            return;
        }
        double minTemp = Math.max(0, temperature - range);
        double maxTemp = temperature + range;
        int n = c.size();
        if (n <= 1) {
            context.noteTemperature(temperature);
            return;
        }
        double maxEntropy = Math.log(n);
        c.softmax();
        double entropy = 0;
        for (int i = 0; i < n; i++) {
            double p = c.prob(i);
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        double t = minTemp + (maxTemp - minTemp) * Math.pow(entropy / maxEntropy, exponent);
        Temperature.applyTemperature(c, context, t);
    }

    @Override
    public String toString() {
        return "dynatemp(t=" + Check.fmt(temperature) + ", range=" + Check.fmt(range) + ", exp=" + Check.fmt(exponent) + ")";
    }
}
