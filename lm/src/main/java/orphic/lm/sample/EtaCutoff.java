package orphic.lm.sample;

/**
 * η-sampling (Hewitt, Manning and Liang, "Truncation Sampling as Language Model Desmoothing",
 * 2022; HF {@code EtaLogitsWarper}): with H the entropy (nats) of the candidates, drop tokens with
 * {@code p < η = min(ε, √ε·e^(−H))}, except that the minKeep highest logits always stay.
 *
 * @param epsilon ε in (0, 1); 3e-4 … 4e-3 suit large models, higher values cut harder
 * @param minKeep ≥ 1
 */
public record EtaCutoff(double epsilon, int minKeep) implements LogitProcessor {

    public EtaCutoff {
        Check.range("eta-cutoff epsilon", epsilon, 0, false, 1, false);
        Check.atLeast("min-keep", minKeep, 1);
    }

    public EtaCutoff(double epsilon) {
        this(epsilon, 1);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        int n = c.size();
        c.softmax();
        double entropy = 0;
        for (int i = 0; i < n; i++) {
            double p = c.prob(i);
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        double eta = Math.min(epsilon, Math.sqrt(epsilon) * Math.exp(-entropy));
        double keepLogit;
        if (minKeep == 1) {
            keepLogit = c.logit(c.argmax());
        } else {
            c.sortByLogit();
            keepLogit = c.logit(Math.min(minKeep, n) - 1);
        }
        int w = 0;
        for (int i = 0; i < n; i++) {
            if (c.prob(i) >= eta || c.logit(i) >= keepLogit) {
                c.move(i, w++);
            }
        }
        c.setSize(w);
    }

    @Override
    public String toString() {
        return "eta(" + Check.fmt(epsilon) + ")";
    }
}
