package orphic.workbench.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import orphic.lm.metrics.DistinctN;

/**
 * Novelty: the share of a generated text's n-gram occurrences that never occur in the training
 * corpus (words, n-grams within one text). 0 = everything was copied; 1 = no n-gram was seen.
 *
 * <pre>  novelty = #{ occurrences i : gram_i ∉ G_corpus } / #occurrences</pre>
 */
public final class Novelty {
  private final int n;
  private final Set<List<String>> corpus = new HashSet<>();

  /** Indexes the corpus texts' word n-grams. */
  public Novelty(List<String> corpusTexts, int n) {
    if (n < 1) throw new IllegalArgumentException("n must be at least 1, got " + n);
    this.n = n;
    for (String t : corpusTexts) {
      List<String> w = DistinctN.words(t);
      for (int i = 0; i + n <= w.size(); i++) corpus.add(List.copyOf(w.subList(i, i + n)));
    }
  }

  /** Novelty of the generated texts pooled; NaN when none has n words. */
  public double of(List<String> generated) {
    long all = 0;
    long fresh = 0;
    for (String t : generated) {
      List<String> w = DistinctN.words(t);
      for (int i = 0; i + n <= w.size(); i++) {
        all++;
        if (!corpus.contains(w.subList(i, i + n))) fresh++;
      }
    }
    return all == 0 ? Double.NaN : (double) fresh / all;
  }

  public double of(String generated) {
    return of(new ArrayList<>(List.of(generated)));
  }
}
