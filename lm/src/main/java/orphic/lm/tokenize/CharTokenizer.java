package orphic.lm.tokenize;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;

/**
 * One token per Unicode code point (not per UTF-16 char: a character outside the BMP, such as an
 * emoji, is one token). The vocabulary is an explicit list of code points; id = index in it. With
 * the {@link UnknownPolicy#REPLACE} policy one more id, the last, is the reserved {@code <unk>}.
 *
 * <p>Immutable and thread-safe.
 */
public final class CharTokenizer implements Tokenizer {
  private static final int UNMAPPED = -1;

  private final int[] codePoints; // id → code point
  private final Normalization normalization;
  private final UnknownPolicy unknown;
  private final int[] bmpIds; // code point < bmpIds.length → id or UNMAPPED; others by binary search
  private final int[] sortedCodePoints;
  private final int[] sortedIds;
  private final byte[][] bytes; // id → UTF-8 bytes of what it decodes to

  private CharTokenizer(int[] codePoints, Normalization normalization, UnknownPolicy unknown) {
    this.codePoints = codePoints.clone();
    this.normalization = normalization;
    this.unknown = unknown;
    int n = codePoints.length;
    int maxBmp = -1;
    for (int cp : codePoints) {
      if (Character.getType(cp) == Character.SURROGATE) {
        throw new TokenizerException("the vocabulary would contain an unpaired surrogate "
            + String.format("U+%04X", cp) + "; the text is not valid Unicode (read it with Corpus)");
      }
      if (cp <= 0xFFFF) maxBmp = Math.max(maxBmp, cp);
    }
    bmpIds = new int[maxBmp + 1];
    Arrays.fill(bmpIds, UNMAPPED);
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    Arrays.sort(order, (x, y) -> Integer.compare(codePoints[x], codePoints[y]));
    sortedCodePoints = new int[n];
    sortedIds = new int[n];
    for (int i = 0; i < n; i++) {
      sortedCodePoints[i] = codePoints[order[i]];
      sortedIds[i] = order[i];
      if (i > 0 && sortedCodePoints[i] == sortedCodePoints[i - 1]) {
        throw new TokenizerException("duplicate character " + describe(sortedCodePoints[i])
            + " in the vocabulary (ids " + sortedIds[i - 1] + " and " + sortedIds[i] + ")");
      }
      if (sortedCodePoints[i] <= 0xFFFF) bmpIds[sortedCodePoints[i]] = order[i];
    }
    int size = n + (unknown == UnknownPolicy.REPLACE ? 1 : 0);
    bytes = new byte[size][];
    for (int id = 0; id < n; id++) bytes[id] = Utf8.encode(Character.toString(codePoints[id]), 0, Character.charCount(codePoints[id]));
    if (size > n) bytes[n] = Utf8.encode("\uFFFD", 0, 1);
  }

  /**
   * The vocabulary of a training text: its sorted distinct code points, no normalisation, unknown
   * characters (in later prompts or other texts) an {@link UnknownPolicy#ERROR error}.
   */
  public static CharTokenizer train(String corpus) {
    return train(corpus, UnknownPolicy.ERROR);
  }

  /** The sorted distinct code points of the corpus, with the given unknown-character policy. */
  public static CharTokenizer train(String corpus, UnknownPolicy unknown) {
    return new CharTokenizer(distinctCodePoints(corpus), Normalization.NONE, unknown);
  }

  /**
   * haze-compatible: {@link Normalization#HAZE} (lower-case, then ASCII quotes → typographic), the
   * vocabulary = sorted distinct code points of the normalised corpus, unknown characters dropped as
   * haze drops them. On a corpus without ASCII quotes (haze's own text.txt) this is exactly haze's
   * vocabulary; with ASCII quotes it leaves out the two ids haze would waste on them (haze builds
   * from the lower-cased text only, so its {@code '} and {@code "} ids can never be produced by
   * encode; see {@link #hazeLegacy}).
   */
  public static CharTokenizer haze(String corpus) {
    return new CharTokenizer(distinctCodePoints(Normalization.HAZE.apply(corpus)), Normalization.HAZE,
        UnknownPolicy.SKIP);
  }

  /**
   * Exactly haze's own vocabulary build (specs/haze.md §2): the sorted distinct code points of the
   * lower-cased corpus, quotes not normalised; encoding still normalises quotes. Use it to import
   * weights that haze trained on a corpus containing ASCII quotes, where the vocabulary size must
   * match haze's. Identical to {@link #haze} when the corpus has no ASCII {@code '} or {@code "}.
   */
  public static CharTokenizer hazeLegacy(String corpus) {
    return new CharTokenizer(distinctCodePoints(corpus.toLowerCase(Locale.ROOT)), Normalization.HAZE,
        UnknownPolicy.SKIP);
  }

  /** A tokenizer over an explicit vocabulary (id = index); code points must be distinct. */
  public static CharTokenizer of(int[] codePoints, Normalization normalization, UnknownPolicy unknown) {
    for (int i = 0; i < codePoints.length; i++) {
      if (!Character.isValidCodePoint(codePoints[i])) {
        throw new TokenizerException("vocabulary entry " + i + " is not a valid code point: " + codePoints[i]);
      }
    }
    return new CharTokenizer(codePoints, normalization, unknown);
  }

  @Override
  public int[] encode(String text) {
    String s = normalization.apply(text);
    int[] out = new int[s.length()];
    int n = 0;
    int position = 0; // in code points, for error messages
    for (int i = 0; i < s.length(); position++) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      int id = idOf(cp);
      if (id == UNMAPPED) {
        switch (unknown) {
          case SKIP -> { continue; }
          case REPLACE -> id = codePoints.length;
          case ERROR -> throw new TokenizerException("character " + describe(cp) + " at position "
              + position + " (counting characters from 0" + (normalization == Normalization.NONE ? ""
              : ", after " + normalization.jsonName() + " normalisation") + ") is not in this tokenizer's"
              + " vocabulary of " + codePoints.length + " characters; remove it from the text, or"
              + " train a tokenizer whose unknown policy is skip or replace (or a bpe tokenizer)");
        }
      }
      out[n++] = id;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }

  @Override
  public String decode(int[] ids) {
    StringBuilder sb = new StringBuilder(ids.length);
    for (int id : ids) {
      check(id);
      sb.appendCodePoint(id < codePoints.length ? codePoints[id] : 0xFFFD);
    }
    return sb.toString();
  }

  @Override
  public Decoder decoder() {
    return new Decoder(id -> {
      check(id);
      return bytes[id];
    });
  }

  @Override
  public int vocabSize() {
    return bytes.length;
  }

  /** The character itself, or {@code <unk>} for the reserved unknown id. */
  @Override
  public String tokenText(int id) {
    check(id);
    return id < codePoints.length ? Character.toString(codePoints[id]) : "<unk>";
  }

  @Override
  public String spec() {
    return normalization == Normalization.HAZE ? "char:haze" : "char";
  }

  @Override
  public void save(Path path) {
    TokenizerFile.writeChar(TokenizerFile.resolve(path), this);
  }

  /** The code point of each id, without the reserved {@code <unk>} id (a copy). */
  public int[] codePoints() {
    return codePoints.clone();
  }

  public Normalization normalization() {
    return normalization;
  }

  public UnknownPolicy unknownPolicy() {
    return unknown;
  }

  /** The id of a code point, after normalisation has been applied; -1 when it has none. */
  public int idOf(int codePoint) {
    if (codePoint < bmpIds.length) return bmpIds[codePoint];
    if (codePoint <= 0xFFFF) return UNMAPPED;
    int k = Arrays.binarySearch(sortedCodePoints, codePoint);
    return k >= 0 ? sortedIds[k] : UNMAPPED;
  }

  @Override
  public String toString() {
    return "CharTokenizer[" + spec() + ", " + vocabSize() + " ids, unknown=" + unknown.jsonName() + "]";
  }

  private void check(int id) {
    if (id < 0 || id >= bytes.length) {
      throw new IllegalArgumentException("token id " + id + " is out of range for a vocabulary of "
          + bytes.length + " ids");
    }
  }

  private static int[] distinctCodePoints(String text) {
    BitSet seen = new BitSet(Character.MAX_CODE_POINT + 1);
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      seen.set(cp);
      i += Character.charCount(cp);
    }
    return seen.stream().toArray();
  }

  /** 'x' (U+0078), or just the code point for invisible ones. */
  static String describe(int cp) {
    String hex = String.format("U+%04X", cp);
    boolean printable = !Character.isISOControl(cp) && !Character.isWhitespace(cp)
        && Character.getType(cp) != Character.FORMAT && Character.getType(cp) != Character.SURROGATE
        && Character.isDefined(cp);
    return printable ? "'" + Character.toString(cp) + "' (" + hex + ")" : hex;
  }
}
