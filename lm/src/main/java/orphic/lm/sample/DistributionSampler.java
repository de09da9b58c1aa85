package orphic.lm.sample;

/**
 * Samples the softmax of the candidates by inverse CDF.
 *
 * <p>Draw order (documented so that draws are reproducible across implementations): one uniform u
 * from the context's source; walk the candidates in <b>ascending token-id order</b> accumulating
 * probability; pick the first token whose cumulative sum divided by the total exceeds u. This is
 * haze's rule (cumulative sum normalised by its last element, search "right"), so a scripted
 * source reproduces haze's basic/top-k/top-p draws. Exactly one uniform is drawn per step, even
 * when one candidate is left, so the stream does not depend on the data; the exception is a step
 * decided by temperature 0, which draws nothing (haze's argmax path).
 */
final class DistributionSampler implements Sampler {

    @Override
    public int select(Candidates candidates, SamplingContext context) {
        int n = candidates.size();
        double[] p = candidates.probsArray();
        if (candidates.isDecided()) {
            return 0;
        }
        double u = context.random().nextDouble();
        if (candidates.isInIdOrder()) {
            return inverseCdf(p, n, u);
        }
        // Scatter into the per-id scratch so the walk runs in id order without sorting, then clear it.
        double[] byId = candidates.byId;
        int minId = Integer.MAX_VALUE;
        int maxId = -1;
        double total = 0;
        for (int i = 0; i < n; i++) {
            int id = candidates.id(i);
            byId[id] = p[i];
            total += p[i];
            minId = Math.min(minId, id);
            maxId = Math.max(maxId, id);
        }
        int chosen = -1;
        double cum = 0;
        for (int id = minId; id <= maxId; id++) {
            if (byId[id] > 0) {
                cum += byId[id];
                chosen = id;
                if (cum / total > u) {
                    break;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            byId[candidates.id(i)] = 0;
        }
        return candidates.indexOf(chosen);
    }

    /** First index whose normalised cumulative probability exceeds u (the last positive one if rounding leaves none). */
    static int inverseCdf(double[] p, int n, double u) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += p[i];
        }
        double cum = 0;
        int last = 0;
        for (int i = 0; i < n; i++) {
            if (p[i] > 0) {
                cum += p[i];
                last = i;
                if (cum / total > u) {
                    return i;
                }
            }
        }
        return last;
    }

    @Override
    public String toString() {
        return "dist";
    }
}
