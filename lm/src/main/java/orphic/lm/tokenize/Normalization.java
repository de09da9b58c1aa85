package orphic.lm.tokenize;

import java.util.Locale;

/**
 * Text normalisation applied by a tokenizer before it maps characters to ids. Saved in
 * tokenizer.json as the lower-case name.
 */
public enum Normalization {
  /** The text as given. */
  NONE,
  /**
   * haze's (specs/haze.md §2): lower-case with full Unicode mapping ({@code Locale.ROOT}, so
   * 'İ' becomes "i̇"), then ASCII apostrophe U+0027 → U+2019 and ASCII double quote U+0022 → U+201D
   * (every '"' becomes a closing quote), in that order.
   */
  HAZE;

  /** The name used in tokenizer.json. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Applies this normalisation. */
  public String apply(String text) {
    return switch (this) {
      case NONE -> text;
      case HAZE -> text.toLowerCase(Locale.ROOT).replace('\'', '\u2019').replace('"', '\u201D');
    };
  }

  /** Parses a tokenizer.json name; null when unknown. */
  static Normalization fromJson(String name) {
    for (Normalization n : values()) if (n.jsonName().equals(name)) return n;
    return null;
  }
}
