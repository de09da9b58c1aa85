package orphic.workbench.style;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Hand-made style measurements of a text, independent of what it says: a fixed-width vector of
 * {@link #WIDTH} floats, in this order (see {@link #names()}).
 *
 * <ol>
 *   <li><b>Character n-gram profile</b> ({@link #NGRAM_BUCKETS} values): every character 1-, 2- and
 *       3-gram of the text as written (case kept: capitals are style), hashed (FNV-1a of its UTF-8
 *       bytes, with n mixed in) into a bucket; each bucket holds its count divided by the number of
 *       n-grams, so the profile sums to 1. Hashing fixes the width without a vocabulary; a
 *       collision only merges two rare patterns.
 *   <li><b>Sentence length</b>: mean and variance of words per sentence. Sentences end at '.', '!',
 *       '?' or '…' (a run of them counts once); trailing words without an end mark form a sentence.
 *   <li><b>Word length</b>: mean letters-and-digits per word. A word is a maximal run of letters,
 *       digits and inner apostrophes (’ or ').
 *   <li><b>Type-token ratio</b>: distinct lower-cased words / words (0 for no words). It falls with
 *       text length, so compare texts of similar length (the style space uses ~500-character chunks).
 *   <li><b>Punctuation rates</b>: occurrences per character of each of {@link #PUNCTUATION}'s
 *       classes (comma, semicolon, colon, full stop, exclamation, question, quotes of any kind,
 *       dashes of any kind, brackets, ellipsis), then upper-case letters and digits per character.
 *   <li><b>Function-word rates</b>: occurrences of each of {@link #FUNCTION_WORDS} per word
 *       (lower-cased), the classic authorship signal (Mosteller and Wallace).
 * </ol>
 *
 * <p>Empty text gives all zeros. Pure and thread-safe.
 */
public final class StylometricFeatures {
  private StylometricFeatures() {}

  /** Buckets of the hashed character n-gram profile. */
  public static final int NGRAM_BUCKETS = 256;

  /** Punctuation classes: the characters each rate counts. */
  public static final List<String> PUNCTUATION = List.of(
      ",", ";", ":", ".", "!", "?", "\"'“”‘’«»", "-–—", "()[]", "…");
  private static final List<String> PUNCTUATION_NAMES = List.of(
      "comma", "semicolon", "colon", "period", "exclamation", "question", "quote", "dash", "bracket", "ellipsis");

  /** English function words whose per-word rates are measured. */
  public static final List<String> FUNCTION_WORDS = List.of(
      "the", "and", "of", "to", "a", "in", "that", "it", "is", "was", "i", "he", "she", "you", "we",
      "they", "his", "her", "my", "your", "not", "with", "for", "as", "but", "be", "had", "have", "on",
      "at", "by", "this", "which", "from", "or", "so", "all", "unto", "thou", "thee", "thy", "shall",
      "ye", "would", "could", "very", "me", "no", "what", "if");

  private static final int SCALARS = 4;
  private static final int OTHER_RATES = 2; // upper case, digits

  /** Total width. */
  public static final int WIDTH = NGRAM_BUCKETS + SCALARS + PUNCTUATION.size() + OTHER_RATES + FUNCTION_WORDS.size();

  /** Offsets of the groups inside the vector. */
  public static final int SENTENCE_MEAN = NGRAM_BUCKETS;
  public static final int SENTENCE_VARIANCE = NGRAM_BUCKETS + 1;
  public static final int WORD_LENGTH = NGRAM_BUCKETS + 2;
  public static final int TYPE_TOKEN = NGRAM_BUCKETS + 3;
  public static final int PUNCT = NGRAM_BUCKETS + SCALARS;
  public static final int UPPER = PUNCT + 10;
  public static final int DIGIT = UPPER + 1;
  public static final int FUNCTION = DIGIT + 1;

  private static final Map<String, Integer> FUNCTION_INDEX = new HashMap<>();

  static {
    for (int i = 0; i < FUNCTION_WORDS.size(); i++) FUNCTION_INDEX.put(FUNCTION_WORDS.get(i), i);
  }

  /** A name per position, e.g. {@code ngram.17}, {@code sentence.mean}, {@code punct.comma}, {@code fw.the}. */
  public static List<String> names() {
    List<String> n = new ArrayList<>(WIDTH);
    for (int i = 0; i < NGRAM_BUCKETS; i++) n.add("ngram." + i);
    n.addAll(List.of("sentence.mean", "sentence.variance", "word.length", "type_token_ratio"));
    for (String p : PUNCTUATION_NAMES) n.add("punct." + p);
    n.add("upper");
    n.add("digit");
    for (String w : FUNCTION_WORDS) n.add("fw." + w);
    return n;
  }

  /** The feature vector of {@code text} ([WIDTH]). */
  public static float[] of(String text) {
    float[] f = new float[WIDTH];
    int[] cps = text.codePoints().toArray();
    ngrams(cps, f);
    List<String> words = new ArrayList<>();
    List<Integer> sentenceLengths = new ArrayList<>();
    words(cps, words, sentenceLengths);
    if (!sentenceLengths.isEmpty()) {
      double mean = 0;
      for (int l : sentenceLengths) mean += l;
      mean /= sentenceLengths.size();
      double var = 0;
      for (int l : sentenceLengths) var += (l - mean) * (l - mean);
      var /= sentenceLengths.size();
      f[SENTENCE_MEAN] = (float) mean;
      f[SENTENCE_VARIANCE] = (float) var;
    }
    if (!words.isEmpty()) {
      long letters = 0;
      Set<String> types = new HashSet<>();
      for (String w : words) {
        letters += w.codePoints().filter(Character::isLetterOrDigit).count();
        String lw = w.toLowerCase(Locale.ROOT).replace('’', '\'');
        types.add(lw);
        Integer fi = FUNCTION_INDEX.get(lw);
        if (fi != null) f[FUNCTION + fi] += 1;
      }
      f[WORD_LENGTH] = (float) letters / words.size();
      f[TYPE_TOKEN] = (float) types.size() / words.size();
      for (int i = 0; i < FUNCTION_WORDS.size(); i++) f[FUNCTION + i] /= words.size();
    }
    if (cps.length > 0) {
      for (int cp : cps) {
        for (int k = 0; k < PUNCTUATION.size(); k++) if (PUNCTUATION.get(k).indexOf(cp) >= 0) f[PUNCT + k] += 1;
        if (Character.isUpperCase(cp)) f[UPPER] += 1;
        if (Character.isDigit(cp)) f[DIGIT] += 1;
      }
      for (int k = PUNCT; k < FUNCTION; k++) f[k] /= cps.length;
    }
    return f;
  }

  /** Relative frequencies of hashed 1-, 2-, 3-grams of code points into f[0, NGRAM_BUCKETS). */
  private static void ngrams(int[] cps, float[] f) {
    long total = 0;
    for (int n = 1; n <= 3; n++) {
      for (int i = 0; i + n <= cps.length; i++) {
        f[bucket(cps, i, n)] += 1;
        total++;
      }
    }
    if (total > 0) for (int i = 0; i < NGRAM_BUCKETS; i++) f[i] /= total;
  }

  /** FNV-1a over n and the UTF-8 bytes of cps[i, i+n), folded to a bucket. */
  static int bucket(int[] cps, int i, int n) {
    int h = 0x811C9DC5;
    h = (h ^ n) * 0x01000193;
    byte[] bytes = new String(cps, i, n).getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) h = (h ^ (b & 0xFF)) * 0x01000193;
    return Math.floorMod(h ^ (h >>> 16), NGRAM_BUCKETS);
  }

  /** Splits into words and records words per sentence. */
  private static void words(int[] cps, List<String> words, List<Integer> sentenceLengths) {
    StringBuilder cur = new StringBuilder();
    int inSentence = 0;
    for (int i = 0; i <= cps.length; i++) {
      int cp = i < cps.length ? cps[i] : ' ';
      boolean apostrophe = (cp == '\'' || cp == '’') && !cur.isEmpty() && i + 1 < cps.length && Character.isLetterOrDigit(cps[i + 1]);
      if (Character.isLetterOrDigit(cp) || apostrophe) {
        cur.appendCodePoint(cp);
        continue;
      }
      if (!cur.isEmpty()) {
        words.add(cur.toString());
        cur.setLength(0);
        inSentence++;
      }
      boolean end = cp == '.' || cp == '!' || cp == '?' || cp == '…';
      if (end && inSentence > 0) {
        sentenceLengths.add(inSentence);
        inSentence = 0;
      }
    }
    if (inSentence > 0) sentenceLengths.add(inSentence);
  }
}
