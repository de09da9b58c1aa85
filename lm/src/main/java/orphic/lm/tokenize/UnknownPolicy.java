package orphic.lm.tokenize;

import java.util.Locale;

/**
 * What a character tokenizer does with a character that is not in its vocabulary. Saved in
 * tokenizer.json as the lower-case name.
 */
public enum UnknownPolicy {
  /** Refuse, naming the character and its position: the default for tokenizers built from training data. */
  ERROR,
  /** Drop the character silently (what haze does). */
  SKIP,
  /** Map it to a reserved {@code <unk>} id, the last id of the vocabulary; it decodes to U+FFFD. */
  REPLACE;

  /** The name used in tokenizer.json. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a tokenizer.json name; null when unknown. */
  static UnknownPolicy fromJson(String name) {
    for (UnknownPolicy p : values()) if (p.jsonName().equals(name)) return p;
    return null;
  }
}
