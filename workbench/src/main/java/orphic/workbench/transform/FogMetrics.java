package orphic.workbench.transform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import orphic.lm.metrics.DistinctN;

/**
 * The fog engine's ranking metrics (kept here, private to the transforms; the workbench metrics
 * package may offer shared versions later).
 * <ul>
 *   <li>ambiguity: the mean number of WordNet senses (all parts of speech) per content word (words
 *       not in a small function-word list); a word WordNet does not know counts 0, so the model's
 *       invented words lower it.
 *   <li>novelty: the share of the text's word bigrams (lower case, with a start marker) that the
 *       source does not contain; 0 for the source itself.
 *   <li>distinct-2 over the text's words ({@link DistinctN}; 0 when it has fewer than two words).
 *   <li>score = A/(A+4) + (1 − |novelty − target|) + 0.5·distinct-2, A the ambiguity.
 * </ul>
 */
final class FogMetrics {
  private FogMetrics() {}

  private static final Set<String> FUNCTION_WORDS = Set.of(
      "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by", "with",
      "as", "is", "are", "was", "were", "be", "been", "it", "its", "he", "she", "they", "we", "i", "you",
      "his", "her", "their", "our", "my", "your", "this", "that", "these", "those", "not", "no", "so", "if",
      "then", "than", "there", "here", "who", "what", "which", "when", "where", "how", "all", "into", "over");

  static List<String> words(String text) {
    return DistinctN.words(text);
  }

  static double ambiguity(String text) {
    int n = 0;
    double senses = 0;
    for (String w : words(text)) {
      if (FUNCTION_WORDS.contains(w) || !w.chars().allMatch(Character::isLetter)) continue;
      senses += WordNet.senseCount(w);
      n++;
    }
    return n == 0 ? 0 : senses / n;
  }

  static double novelty(String text, String source) {
    Set<String> seen = new HashSet<>(bigrams(source));
    List<String> mine = bigrams(text);
    if (mine.isEmpty()) return 0;
    int fresh = 0;
    for (String b : mine) if (!seen.contains(b)) fresh++;
    return fresh / (double) mine.size();
  }

  static double distinct2(String text) {
    double d = DistinctN.ofWords(List.of(text), 2);
    return Double.isNaN(d) ? 0 : d;
  }

  static double score(double ambiguity, double novelty, double distinct2, FogSettings settings) {
    return ambiguity / (ambiguity + 4) + (1 - Math.abs(novelty - settings.targetNovelty())) + 0.5 * distinct2;
  }

  private static List<String> bigrams(String text) {
    List<String> w = new ArrayList<>();
    w.add("<s>");
    w.addAll(words(text));
    List<String> out = new ArrayList<>();
    for (int i = 0; i + 1 < w.size(); i++) out.add(w.get(i) + " " + w.get(i + 1));
    return out;
  }
}
