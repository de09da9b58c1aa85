package orphic.lm.model;

import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.language.DoubleMetaphone;
import orphic.lm.tokenize.Tokenizer;

/**
 * The sound class of every token id, for the phonetic adapter: the primary Double Metaphone code
 * (commons-codec) of the token's letters, FNV-1a-hashed into classes 1..K−1; class 0 is "no
 * sound" (no letters, or an empty code). A character token is classed by its one letter ("b" and
 * "p" share the code P; every vowel is A), a subword token by its letters read as one word.
 * Deterministic: a pure function of the token texts and K.
 */
public final class PhoneticClasses {
  private PhoneticClasses() {}

  /** Classes [V] of the tokenizer's ids in [0, buckets). */
  public static int[] of(Tokenizer tokenizer, int buckets) {
    if (buckets < 2) throw new IllegalArgumentException("phonetic classes need at least 2 buckets, got " + buckets);
    DoubleMetaphone metaphone = new DoubleMetaphone();
    int[] classes = new int[tokenizer.vocabSize()];
    for (int i = 0; i < classes.length; i++) classes[i] = classOf(metaphone, tokenizer.tokenText(i), buckets);
    return classes;
  }

  /** The class of one text (0 when it has no letters). */
  public static int classOf(String text, int buckets) {
    return classOf(new DoubleMetaphone(), text, buckets);
  }

  private static int classOf(DoubleMetaphone metaphone, String text, int buckets) {
    if (text == null) return 0;
    StringBuilder letters = new StringBuilder();
    text.codePoints().filter(Character::isLetter).forEach(letters::appendCodePoint);
    if (letters.isEmpty()) return 0;
    String code = metaphone.doubleMetaphone(letters.toString());
    if (code == null || code.isEmpty()) return 0;
    int h = 0x811C9DC5;
    for (byte b : code.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xFF;
      h *= 0x01000193;
    }
    return 1 + Integer.remainderUnsigned(h, buckets - 1);
  }
}
