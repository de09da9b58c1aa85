package orphic.lm.tokenize;

import java.util.Random;

/** Seeded synthetic text for tokenizer tests: words with a skewed frequency, punctuation, lines. */
final class SampleText {
  private static final String[] WORDS = {
    "the", "night", "whispered", "and", "she", "said", "nothing", "—", "of", "a", "door", "opened",
    "into", "silence", "don’t", "you", "hear", "it", "rain", "on", "glass", "Orpheus", "turned", "back",
    "in", "1847", "we", "were", "here", "là-bas", "naïve", "café", "über", "fear", "is", "there",
    "“why”", "…", "light", "shadow", "write", "writing", "written", "the", "the", "and", "of", "a"
  };

  private SampleText() {}

  static String english(long seed, int words) {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < words; i++) {
      // Squaring the uniform draw favours early words, so pair counts are uneven like real text.
      double u = r.nextDouble();
      sb.append(WORDS[(int) (u * u * WORDS.length)]);
      int p = r.nextInt(20);
      sb.append(p == 0 ? ".\n" : p == 1 ? ", " : p == 2 ? "! " : " ");
    }
    return sb.toString();
  }

  /** A random string of valid code points from ASCII, Latin, Greek, CJK, emoji and other planes. */
  static String randomUnicode(Random r, int maxLength) {
    int len = r.nextInt(maxLength + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < len; i++) {
      int cp = switch (r.nextInt(8)) {
        case 0, 1 -> 0x20 + r.nextInt(0x5F);
        case 2 -> r.nextInt(0x80); // includes controls
        case 3 -> 0xA0 + r.nextInt(0x600);
        case 4 -> 0x4E00 + r.nextInt(0x5000);
        case 5 -> 0x1F300 + r.nextInt(0x300); // emoji
        case 6 -> " \n\t’“”—…".codePointAt(r.nextInt(8));
        default -> r.nextInt(Character.MAX_CODE_POINT + 1);
      };
      if (Character.getType(cp) == Character.SURROGATE) cp = 'x';
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
