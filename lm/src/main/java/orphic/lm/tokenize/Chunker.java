package orphic.lm.tokenize;

/**
 * BPE pre-tokenisation, version {@value #NAME}: cuts text into chunks that merges never cross, so
 * tokens stay inside words, numbers or punctuation runs. Rules, scanning left to right by code
 * point:
 * <ol>
 *   <li>Classes: whitespace ({@code isWhitespace} or {@code isSpaceChar}), letter (letters and
 *       combining marks), digit, other (punctuation, symbols, emoji, controls).
 *   <li>A run of whitespace is one chunk, except that when it ends in a plain space U+0020 and
 *       something non-space follows, that last space is detached and begins the next chunk
 *       (so " the" is a chunk, as in GPT-2).
 *   <li>Any other chunk is an optional leading space plus a maximal run of one class. Inside a
 *       letter run, an apostrophe (U+0027 or U+2019) between two letters continues the run
 *       ("don’t" is one chunk).
 *   <li>No chunk holds more than {@value #MAX_CODE_POINTS} code points; a longer run continues in
 *       the next chunk (this bounds encoding cost on text without spaces).
 * </ol>
 * Every character belongs to exactly one chunk and chunks are contiguous, so joining them gives the
 * text back.
 */
final class Chunker {
  static final String NAME = "orphic-chunks-1";
  static final int MAX_CODE_POINTS = 64;

  private static final int SPACE = 0;
  private static final int LETTER = 1;
  private static final int DIGIT = 2;
  private static final int OTHER = 3;

  /** Receives chunk boundaries as UTF-16 indices [start, end). */
  interface Sink {
    void chunk(int start, int end);
  }

  private Chunker() {}

  static void split(String s, Sink sink) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      int start = i;
      int cls = classOf(s.codePointAt(i));
      if (cls != SPACE) {
        i = run(s, i, cls, 0);
        sink.chunk(start, i);
        continue;
      }
      int last = i; // start of the run's last code point
      int count = 0;
      while (i < n && count < MAX_CODE_POINTS && classOf(s.codePointAt(i)) == SPACE) {
        last = i;
        i += Character.charCount(s.codePointAt(i));
        count++;
      }
      if (i < n && s.charAt(last) == ' ' && classOf(s.codePointAt(i)) != SPACE) {
        // The final space belongs to the word that follows it.
        if (last > start) sink.chunk(start, last);
        i = run(s, i, classOf(s.codePointAt(i)), 1);
        sink.chunk(last, i);
      } else {
        sink.chunk(start, i);
      }
    }
  }

  /** Extends a run of class cls from i, where count code points are already in the chunk. */
  private static int run(String s, int i, int cls, int count) {
    int n = s.length();
    while (i < n && count < MAX_CODE_POINTS) {
      int c = s.codePointAt(i);
      int k = classOf(c);
      if (k != cls) {
        boolean apostrophe = cls == LETTER && (c == '\'' || c == '\u2019') && i + 1 < n
            && count > 0 && classOf(s.codePointAt(i + 1)) == LETTER;
        if (!apostrophe) break;
      }
      i += Character.charCount(c);
      count++;
    }
    return i;
  }

  private static int classOf(int cp) {
    if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) return SPACE;
    if (Character.isLetter(cp)) return LETTER;
    int t = Character.getType(cp);
    if (t == Character.NON_SPACING_MARK || t == Character.COMBINING_SPACING_MARK
        || t == Character.ENCLOSING_MARK) {
      return LETTER;
    }
    if (Character.isDigit(cp)) return DIGIT;
    return OTHER;
  }
}
