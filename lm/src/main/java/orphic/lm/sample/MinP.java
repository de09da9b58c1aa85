package orphic.lm.sample;

/**
 * Min-p (Nguyen et al., ICLR 2025): keeps tokens with {@code p_i ≥ p·p_max}, computed as
 * {@code logit_i ≥ max_logit + ln p} (llama.cpp), at least minKeep (the most probable). Keeps the
 * current order. p = 0 keeps everything.
 *
 * @param p in [0, 1]
 * @param minKeep ≥ 1
 */
public record MinP(double p, int minKeep) implements LogitProcessor {

    public MinP {
        Check.range("min-p", p, 0, true, 1, true);
        Check.atLeast("min-keep", minKeep, 1);
    }

    public MinP(double p) {
        this(p, 1);
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        if (p <= 0) {
            return;
        }
        int n = c.size();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, c.logit(i));
        }
        double minLogit = max + Math.log(p);
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (c.logit(i) >= minLogit) {
                kept++;
            }
        }
        if (kept >= minKeep) {
            int w = 0;
            for (int i = 0; i < n; i++) {
                if (c.logit(i) >= minLogit) {
                    c.move(i, w++);
                }
            }
            c.setSize(w);
        } else {
            c.sortByLogit();
            c.truncate(Math.min(n, minKeep));
        }
    }

    @Override
    public String toString() {
        return "min-p(" + Check.fmt(p) + ")";
    }
}
