package orphic.workbench.transform;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The anachronism engine's tables: modern words and their archaic counterparts, the verb forms that
 * go with "thou", and the contractions. Documented in docs/transforms.md; each pair works in both
 * directions unless noted.
 */
final class Archaisms {
  private Archaisms() {}

  /**
   * Plain word swaps (modern → archaic), any part of speech unless {@link #ONLY_AS} restricts it.
   */
  static final Map<String, String> WORDS = new LinkedHashMap<>();

  /** UD tags (separated by |) a modern word must carry for its swap ("before" as an adverb stays). */
  static final Map<String, String> ONLY_AS = new HashMap<>();

  /** Verb forms after "thou" (modern base form → archaic second person singular). */
  static final Map<String, String> THOU_VERBS = new LinkedHashMap<>();

  /** Third person singular irregulars (modern → archaic); the regular ones take -eth. */
  static final Map<String, String> THIRD_PERSON = new LinkedHashMap<>();

  /** Contractions and phrases, written out (modern → archaic). */
  static final Map<String, String> PHRASES = new LinkedHashMap<>();

  static {
    word("often", "oft");
    word("before", "ere", "SCONJ|ADP");
    word("perhaps", "perchance");
    word("maybe", "mayhap");
    word("yes", "yea");
    word("no", "nay", "INTJ");
    word("truly", "verily");
    word("nothing", "naught");
    word("among", "amongst");
    word("while", "whilst", "SCONJ");
    word("between", "betwixt");
    word("never", "ne'er");
    word("ever", "e'er");
    word("over", "o'er", "ADP");
    word("evening", "eventide");
    word("soon", "anon");
    word("why", "wherefore");
    word("enough", "enow");
    word("ago", "agone");
    word("nearly", "well-nigh");

    THOU_VERBS.put("are", "art");
    THOU_VERBS.put("were", "wert");
    THOU_VERBS.put("have", "hast");
    THOU_VERBS.put("do", "dost");
    THOU_VERBS.put("will", "wilt");
    THOU_VERBS.put("shall", "shalt");
    THOU_VERBS.put("can", "canst");
    THOU_VERBS.put("would", "wouldst");
    THOU_VERBS.put("could", "couldst");
    THOU_VERBS.put("should", "shouldst");
    THOU_VERBS.put("may", "mayst");
    THOU_VERBS.put("must", "must");
    THOU_VERBS.put("don't", "dost not");
    THOU_VERBS.put("can't", "canst not");
    THOU_VERBS.put("won't", "wilt not");

    THIRD_PERSON.put("has", "hath");
    THIRD_PERSON.put("does", "doth");
    THIRD_PERSON.put("says", "saith");
    THIRD_PERSON.put("doesn't", "doth not");

    PHRASES.put("it is", "'tis");
    PHRASES.put("it was", "'twas");
    PHRASES.put("from where", "whence");
    PHRASES.put("to where", "whither");
  }

  private static void word(String modern, String archaic) {
    WORDS.put(modern, archaic);
  }

  private static void word(String modern, String archaic, String onlyAs) {
    WORDS.put(modern, archaic);
    ONLY_AS.put(modern, onlyAs);
  }

  /** The archaic → modern direction of a table. */
  static Map<String, String> reverse(Map<String, String> table) {
    Map<String, String> out = new LinkedHashMap<>();
    table.forEach((modern, archaic) -> {
      if (!modern.contains("'") || !archaic.contains(" ")) out.putIfAbsent(archaic, modern);
    });
    return out;
  }
}
