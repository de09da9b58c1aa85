package orphic.lm.converse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The word view of a conversation: lower-cased words (letters, with inner apostrophes as in
 * "don't"; typographic apostrophes become ASCII), and which of them carry content (not a stop word,
 * at least three letters). Every word-level mechanism of the session (novelty, gravity, themes,
 * lexicon, measurement) uses this one definition.
 */
public final class Words {
  private Words() {}

  private static final Pattern WORD = Pattern.compile("\\p{L}+(?:'\\p{L}+)*");

  /** Common English function words; they never seed, name a theme or grow the lexicon. */
  static final Set<String> STOP = Set.of(
      "the", "and", "but", "for", "nor", "yet", "you", "your", "yours", "you're", "you've", "you'll", "you'd",
      "are", "was", "were", "been", "being", "have", "has", "had", "having", "does", "did", "doing", "done",
      "this", "that", "these", "those", "there", "here", "then", "than", "them", "they", "their", "theirs",
      "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "all", "any", "both", "each",
      "few", "more", "most", "other", "some", "such", "only", "own", "same", "too", "very", "can", "will",
      "just", "don't", "should", "now", "with", "from", "into", "onto", "upon", "about", "above", "below",
      "over", "under", "again", "once", "off", "out", "not", "its", "it's", "his", "her", "hers", "him",
      "she", "he's", "she's", "our", "ours", "we're", "i'm", "i've", "i'll", "i'd", "that's", "what's",
      "let's", "there's", "isn't", "aren't", "wasn't", "weren't", "can't", "won't", "didn't", "doesn't",
      "haven't", "hasn't", "hadn't", "would", "could", "shall", "might", "must", "may", "also", "like",
      "well", "yeah", "okay", "got", "get", "because", "while", "until", "though", "through", "after",
      "before", "between", "against", "during", "without", "within", "myself", "yourself", "itself",
      "himself", "herself", "ourselves", "themselves", "one", "two", "know", "yes");

  /** The words of the text, lower-cased, in order. */
  public static List<String> of(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = WORD.matcher(text.replace('’', '\'').replace('‘', '\''));
    while (m.find()) out.add(m.group().toLowerCase(Locale.ROOT));
    return out;
  }

  /** True for a word that carries content: three or more letters and not a stop word. */
  public static boolean isContent(String word) {
    return word.length() >= 3 && !STOP.contains(word);
  }

  /** The content words of the text, in order (repeats kept). */
  public static List<String> content(String text) {
    List<String> out = new ArrayList<>();
    for (String w : of(text)) if (isContent(w)) out.add(w);
    return out;
  }
}
