package orphic.lm.sample;

/**
 * Top-nσ (Tang et al. 2024, arXiv 2411.07641): with σ the population standard deviation of the
 * candidates' logits, drop every logit below {@code max − n·σ}. Applied before temperature it
 * selects the same set at any temperature.
 *
 * @param n &gt; 0
 */
public record TopNSigma(double n) implements LogitProcessor {

    public TopNSigma {
        Check.positive("top-n-sigma", n);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        int size = c.size();
        if (size <= 1) {
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, c.logit(i));
            sum += c.logit(i);
        }
        double mean = sum / size;
        double acc = 0;
        for (int i = 0; i < size; i++) {
            double d = c.logit(i) - mean;
            acc += d * d;
        }
        double threshold = max - n * Math.sqrt(acc / size);
        int w = 0;
        for (int i = 0; i < size; i++) {
            if (c.logit(i) >= threshold) {
                c.move(i, w++);
            }
        }
        c.setSize(w);
    }

    @Override
    public String toString() {
        return "top-n-sigma(" + Check.fmt(n) + ")";
    }
}
