package orphic.lm.metrics;

import java.util.Random;

/**
 * Random character corruption of a text, for measuring how a model copes with noise: exactly
 * round(fraction · n) of the n characters (code points), at positions drawn uniformly without
 * replacement, are each replaced by a different character drawn uniformly from an alphabet.
 * The same seed gives the same corruption on every machine ({@link Random} is specified).
 */
public final class CharacterCorruption {
  private CharacterCorruption() {}

  /**
   * @param alphabet the replacement characters (code points, at least two distinct)
   * @return the corrupted text, of the same length in code points
   */
  public static String corrupt(String text, double fraction, int[] alphabet, long seed) {
    if (!(fraction >= 0 && fraction <= 1)) throw new IllegalArgumentException("fraction must be in [0, 1], got " + fraction);
    int[] cps = text.codePoints().toArray();
    int k = (int) Math.round(fraction * cps.length);
    if (k == 0) return text;
    if (java.util.Arrays.stream(alphabet).distinct().count() < 2) {
      throw new IllegalArgumentException("the alphabet needs at least two distinct characters to replace one by another");
    }
    Random random = new Random(seed);
    int[] order = new int[cps.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    for (int i = 0; i < k; i++) {
      // partial Fisher–Yates: order[0, k) becomes a uniform sample of k distinct positions
      int j = i + random.nextInt(order.length - i);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
      int p = order[i];
      int replacement;
      do {
        replacement = alphabet[random.nextInt(alphabet.length)];
      } while (replacement == cps[p]);
      cps[p] = replacement;
    }
    return new String(cps, 0, cps.length);
  }

  /** The distinct characters of a text, as sorted code points. */
  public static int[] alphabet(String text) {
    return text.codePoints().distinct().sorted().toArray();
  }
}
