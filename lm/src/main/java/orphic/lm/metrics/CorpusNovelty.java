package orphic.lm.metrics;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Novelty against a corpus: the share of the word n-grams of some texts (pooled; n-grams never
 * cross from one text to the next) that never occur in the corpus. Words are {@link
 * DistinctN#words}. 0 = every n-gram is copied from the corpus, 1 = none is. Build once per
 * corpus, measure many texts.
 */
public final class CorpusNovelty {
  private final int n;
  private final Set<List<String>> known = new HashSet<>();

  /** The word n-grams of {@code corpus}. */
  public CorpusNovelty(String corpus, int n) {
    if (n < 1) throw new IllegalArgumentException("n must be at least 1, got " + n);
    this.n = n;
    List<String> w = DistinctN.words(corpus);
    for (int i = 0; i + n <= w.size(); i++) known.add(List.copyOf(w.subList(i, i + n)));
  }

  /** The share of the texts' word n-grams absent from the corpus; NaN when no text has n words. */
  public double of(List<String> texts) {
    long all = 0, fresh = 0;
    for (String t : texts) {
      List<String> w = DistinctN.words(t);
      for (int i = 0; i + n <= w.size(); i++) {
        all++;
        if (!known.contains(w.subList(i, i + n))) fresh++;
      }
    }
    return all == 0 ? Double.NaN : (double) fresh / all;
  }
}
