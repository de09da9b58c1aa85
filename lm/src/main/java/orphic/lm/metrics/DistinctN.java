package orphic.lm.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Distinct-n (Li et al. 2016): the number of different n-grams divided by the number of n-grams,
 * pooled over several texts (n-grams never cross from one text to the next). 1 means no n-gram
 * repeats; a model that loops scores low. The units are usually {@link #words words}.
 */
public final class DistinctN {
  private DistinctN() {}

  /** Distinct n-grams / all n-grams over the sequences; NaN when no sequence has n units. */
  public static double of(List<? extends List<String>> sequences, int n) {
    if (n < 1) throw new IllegalArgumentException("n must be at least 1, got " + n);
    Set<List<String>> seen = new HashSet<>();
    long all = 0;
    for (List<String> s : sequences) {
      for (int i = 0; i + n <= s.size(); i++) {
        seen.add(List.copyOf(s.subList(i, i + n)));
        all++;
      }
    }
    return all == 0 ? Double.NaN : (double) seen.size() / all;
  }

  /** Distinct-n over the words of each text. */
  public static double ofWords(List<String> texts, int n) {
    List<List<String>> words = new ArrayList<>();
    for (String t : texts) words.add(words(t));
    return of(words, n);
  }

  /**
   * The words of a text, lower-cased: maximal runs of letters, digits and apostrophes (inner or
   * not), so "Don't, don't!" gives [don't, don't] and punctuation and spacing do not count.
   */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    text.codePoints().forEach(c -> {
      if (Character.isLetterOrDigit(c) || c == '\'' || c == '\u2019') {
        w.appendCodePoint(c == '\u2019' ? '\'' : c);
      } else if (!w.isEmpty()) {
        out.add(w.toString().toLowerCase(Locale.ROOT));
        w.setLength(0);
      }
    });
    if (!w.isEmpty()) out.add(w.toString().toLowerCase(Locale.ROOT));
    return out;
  }
}
