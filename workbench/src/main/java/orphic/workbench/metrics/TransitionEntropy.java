package orphic.workbench.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import orphic.lm.metrics.DistinctN;

/**
 * Entropy rate of token transitions: the conditional entropy of the next token given the current
 * one, estimated from bigram counts, in bits.
 *
 * <pre>
 *   H(X_{t+1} | X_t) = − Σ_{a,b} p(a, b) · log2 p(b | a),   p(a, b) = c(a, b) / T,   p(b | a) = c(a, b) / c(a, ·)
 * </pre>
 * where c(a, b) counts the transitions a→b (never across two texts), T all transitions, and
 * c(a, ·) the transitions leaving a. 0 = every token has one successor (a loop or a fixed
 * phrase); higher = less predictable continuations.
 */
public final class TransitionEntropy {
  private TransitionEntropy() {}

  /** Over the texts' words; NaN when no text has two words. */
  public static double ofTexts(List<String> texts) {
    List<List<String>> seqs = new ArrayList<>();
    for (String t : texts) seqs.add(DistinctN.words(t));
    return of(seqs);
  }

  public static double of(List<? extends List<String>> seqs) {
    Map<String, Map<String, Integer>> next = new HashMap<>();
    long total = 0;
    for (List<String> s : seqs) {
      for (int i = 0; i + 1 < s.size(); i++) {
        next.computeIfAbsent(s.get(i), k -> new HashMap<>()).merge(s.get(i + 1), 1, Integer::sum);
        total++;
      }
    }
    if (total == 0) return Double.NaN;
    double h = 0;
    for (Map<String, Integer> row : next.values()) {
      long out = 0;
      for (int c : row.values()) out += c;
      for (int c : row.values()) h -= ((double) c / total) * (Math.log((double) c / out) / Math.log(2));
    }
    return h == 0 ? 0 : h; // no −0.0
  }
}
