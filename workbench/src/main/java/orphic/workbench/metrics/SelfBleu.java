package orphic.workbench.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import orphic.lm.metrics.DistinctN;

/**
 * Self-BLEU (Zhu et al. 2018, Texygen): each text scored by BLEU against all the others as
 * references, averaged. High = the texts repeat each other; low = diverse.
 *
 * <pre>
 *   p_n   = Σ_g min(count_hyp(g), max_ref count_ref(g)) / Σ_g count_hyp(g)      (clipped n-gram precision)
 *           a zero numerator becomes ε = 0.1 (smoothing "method 1"); orders with no hypothesis n-gram are skipped
 *   BP    = 1 if c > r, else exp(1 − r / c)        c = hypothesis length, r = reference length closest to c (ties: shorter)
 *   BLEU  = BP · exp(mean over used orders n ≤ N of ln p_n)                        (0 for an empty hypothesis)
 *   self-BLEU = mean over i of BLEU(text_i, {text_j : j ≠ i})
 * </pre>
 */
public final class SelfBleu {
  public static final int DEFAULT_ORDER = 4;
  static final double EPSILON = 0.1;

  private SelfBleu() {}

  /** Self-BLEU over the texts' words with maximum order {@code maxN}; NaN for fewer than two texts. */
  public static double ofTexts(List<String> texts, int maxN) {
    List<List<String>> seqs = new ArrayList<>();
    for (String t : texts) seqs.add(DistinctN.words(t));
    return of(seqs, maxN);
  }

  /** Self-BLEU over token sequences. */
  public static double of(List<? extends List<String>> seqs, int maxN) {
    if (seqs.size() < 2) return Double.NaN;
    double sum = 0;
    for (int i = 0; i < seqs.size(); i++) {
      List<List<String>> refs = new ArrayList<>();
      for (int j = 0; j < seqs.size(); j++) if (j != i) refs.add(seqs.get(j));
      sum += bleu(seqs.get(i), refs, maxN);
    }
    return sum / seqs.size();
  }

  /** Sentence BLEU of one hypothesis against references, as defined above. */
  public static double bleu(List<String> hyp, List<? extends List<String>> refs, int maxN) {
    if (maxN < 1) throw new IllegalArgumentException("maxN must be at least 1, got " + maxN);
    if (hyp.isEmpty()) return 0;
    double logSum = 0;
    int used = 0;
    for (int n = 1; n <= maxN && n <= hyp.size(); n++) {
      Map<List<String>, Integer> h = counts(hyp, n);
      Map<List<String>, Integer> maxRef = new HashMap<>();
      for (List<String> r : refs) counts(r, n).forEach((g, c) -> maxRef.merge(g, c, Math::max));
      long clipped = 0;
      long total = 0;
      for (Map.Entry<List<String>, Integer> e : h.entrySet()) {
        clipped += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
        total += e.getValue();
      }
      double p = clipped == 0 ? EPSILON / total : (double) clipped / total;
      logSum += Math.log(p);
      used++;
    }
    int c = hyp.size();
    int r = -1;
    for (List<String> ref : refs) {
      int len = ref.size();
      if (r < 0 || Math.abs(len - c) < Math.abs(r - c) || (Math.abs(len - c) == Math.abs(r - c) && len < r)) r = len;
    }
    double bp = r < 0 || c > r ? 1 : Math.exp(1 - (double) r / c);
    return bp * Math.exp(logSum / used);
  }

  static Map<List<String>, Integer> counts(List<String> s, int n) {
    Map<List<String>, Integer> m = new HashMap<>();
    for (int i = 0; i + n <= s.size(); i++) m.merge(List.copyOf(s.subList(i, i + n)), 1, Integer::sum);
    return m;
  }
}
