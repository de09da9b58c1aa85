package orphic.lm.sample;

import java.util.Map;
import java.util.TreeMap;

/**
 * Adds a fixed bias to chosen token ids; a bias of −∞ removes the token. Belongs first in a chain.
 */
public final class LogitBias implements LogitProcessor {
    private final int[] ids;
    private final double[] biases;

    /** @param biasById token id → additive bias (finite, or −∞ to ban) */
    public LogitBias(Map<Integer, ? extends Number> biasById) {
        TreeMap<Integer, Double> sorted = new TreeMap<>();
        biasById.forEach((id, b) -> {
            if (id == null || id < 0) {
                throw new IllegalArgumentException("logit bias token ids must be ≥ 0, got " + id);
            }
            double bias = b.doubleValue();
            if (Double.isNaN(bias) || bias == Double.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("logit bias of token " + id + " must be finite or -inf, got " + bias);
            }
            sorted.put(id, bias);
        });
        ids = new int[sorted.size()];
        biases = new double[sorted.size()];
        int i = 0;
        for (var e : sorted.entrySet()) {
            ids[i] = e.getKey();
            biases[i] = e.getValue();
            i++;
        }
    }

    /** The biases as a map (a copy). */
    public Map<Integer, Double> biases() {
        TreeMap<Integer, Double> m = new TreeMap<>();
        for (int i = 0; i < ids.length; i++) {
            m.put(ids[i], biases[i]);
        }
        return m;
    }

    @Override
    public void apply(Candidates c, SamplingContext context) {
        for (int k = ids.length - 1; k >= 0; k--) {
            if (ids[k] >= c.vocabularySize()) {
                throw new IllegalArgumentException("logit bias names token " + ids[k] + " but the vocabulary has "
                        + c.vocabularySize() + " tokens (ids 0.." + (c.vocabularySize() - 1) + ")");
            }
            int i = c.indexOf(ids[k]);
            if (i < 0) {
                continue;
            }
            if (biases[k] == Double.NEGATIVE_INFINITY) {
                c.removeAt(i);
            } else {
                c.setLogit(i, c.logit(i) + biases[k]);
            }
        }
    }

    @Override
    public String toString() {
        return "logit-bias(" + ids.length + " tokens)";
    }
}
