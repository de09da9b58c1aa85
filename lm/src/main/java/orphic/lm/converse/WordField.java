package orphic.lm.converse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import orphic.lm.field.CooccurrenceField;

/**
 * The word layer of the field: two {@link CooccurrenceField}s over word ids, one for the corpus
 * (fixed) and one for the conversation (every message, reply and ring, with decay), so that recent
 * words weigh more without the corpus being forgotten.
 *
 * <p><b>Mass</b> of a word = (1 − ρ) · corpus count / corpus words + ρ · recent count / recent
 * words, ρ = {@code recentShare} (the recent term is 0 while nothing was said). The field's
 * <b>strongest</b> words are the content words ({@link Words#isContent}) of highest mass.
 * <b>Association</b> of two words = Ĉ(a, b) / √(ĉ(a) · ĉ(b)), with Ĉ and ĉ the co-occurrence (window
 * 5) and unigram counts mixed the same way: 1 for two words always seen together, 0 for never.
 *
 * <p>Word ids are assigned on first sight; the vocabulary holds the corpus words plus
 * {@code growth} more, after which new words are not counted (a session would need thousands of
 * new words to get there).
 */
public final class WordField {
  /** A recent (decayed) count below this no longer makes a word "seen". */
  public static final double SEEN = 0.1;

  private final Map<String, Integer> ids = new HashMap<>();
  private final List<String> words = new ArrayList<>();
  private final CooccurrenceField corpus;
  private final CooccurrenceField recent;
  private final double recentShare;

  /**
   * @param corpusText the text the model was trained on (may be empty)
   * @param growth how many new words the conversation may add
   * @param recentShare ρ in [0, 1]: the weight of the conversation against the corpus
   */
  public WordField(String corpusText, int growth, double recentShare) {
    if (!(recentShare >= 0 && recentShare <= 1)) {
      throw new IllegalArgumentException("recentShare must be in [0, 1], got " + recentShare);
    }
    this.recentShare = recentShare;
    List<String> corpusWords = Words.of(corpusText);
    for (String w : corpusWords) intern(w);
    int capacity = Math.max(1, words.size() + Math.max(0, growth));
    corpus = new CooccurrenceField(capacity, CooccurrenceField.DEFAULT_WINDOW);
    recent = new CooccurrenceField(capacity, CooccurrenceField.DEFAULT_WINDOW);
    corpus.add(encode(corpusWords, capacity));
  }

  private int intern(String w) {
    Integer id = ids.get(w);
    if (id != null) return id;
    ids.put(w, words.size());
    words.add(w);
    return words.size() - 1;
  }

  private int[] encode(List<String> ws, int capacity) {
    int[] out = new int[ws.size()];
    int n = 0;
    for (String w : ws) {
      Integer id = ids.get(w);
      if (id == null && words.size() < capacity) id = intern(w);
      if (id != null) out[n++] = id;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** Counts the words of {@code text} in the conversation layer. */
  public void add(String text) {
    recent.add(encode(Words.of(text), recent.vocabSize()));
  }

  /** Multiplies every conversation count by {@code factor} in (0, 1]. */
  public void decay(double factor) {
    recent.decay(factor);
  }

  /** Occurrences of the word in the corpus. */
  public double corpusCount(String word) {
    Integer id = ids.get(word);
    return id == null ? 0 : corpus.unigramCount(id);
  }

  /** Decayed occurrences of the word in the conversation. */
  public double recentCount(String word) {
    Integer id = ids.get(word);
    return id == null ? 0 : recent.unigramCount(id);
  }

  /** In the corpus, or said recently enough that its decayed count is still at least {@link #SEEN}. */
  public boolean seen(String word) {
    return corpusCount(word) > 0 || recentCount(word) >= SEEN;
  }

  /** The word pair (a followed by b) is in the corpus or was said recently enough. */
  public boolean seen(String a, String b) {
    Integer x = ids.get(a), y = ids.get(b);
    if (x == null || y == null) return false;
    return corpus.bigramCount(x, y) > 0 || recent.bigramCount(x, y) >= SEEN;
  }

  /** The mixed relative frequency of the word (see the class comment). */
  public double mass(String word) {
    Integer id = ids.get(word);
    return id == null ? 0 : mass(id);
  }

  private double mass(int id) {
    double m = 0;
    double ct = corpus.tokens(), rt = recent.tokens();
    double rho = rt > 0 ? (ct > 0 ? recentShare : 1) : 0;
    if (ct > 0) m += (1 - rho) * corpus.unigramCount(id) / ct;
    if (rt > 0) m += rho * recent.unigramCount(id) / rt;
    return m;
  }

  /** The n content words of highest mass, strongest first (ties by spelling). */
  public List<String> strongest(int n) {
    List<Integer> candidates = new ArrayList<>();
    for (int id = 0; id < words.size(); id++) if (Words.isContent(words.get(id)) && mass(id) > 0) candidates.add(id);
    double[] m = new double[words.size()];
    for (int id : candidates) m[id] = mass(id);
    candidates.sort(Comparator.<Integer>comparingDouble(id -> -m[id]).thenComparing(words::get));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, candidates.size()); i++) out.add(words.get(candidates.get(i)));
    return out;
  }

  /** The n content words of highest decayed count in the conversation layer alone, strongest first. */
  public List<String> recentStrongest(int n) {
    List<Integer> candidates = new ArrayList<>();
    for (int id = 0; id < words.size(); id++) {
      if (Words.isContent(words.get(id)) && recent.unigramCount(id) > 0) candidates.add(id);
    }
    candidates.sort(Comparator.<Integer>comparingDouble(id -> -recent.unigramCount(id)).thenComparing(words::get));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(n, candidates.size()); i++) out.add(words.get(candidates.get(i)));
    return out;
  }

  /** How strongly two words co-occur, in [0, 1] for words seen (see the class comment). */
  public double association(String a, String b) {
    Integer x = ids.get(a), y = ids.get(b);
    if (x == null || y == null) return 0;
    double ma = mass(x), mb = mass(y);
    if (ma <= 0 || mb <= 0) return 0;
    double ct = corpus.tokens(), rt = recent.tokens();
    double rho = rt > 0 ? (ct > 0 ? recentShare : 1) : 0;
    double c = 0;
    if (ct > 0) c += (1 - rho) * corpus.cooccurrenceCount(x, y) / ct;
    if (rt > 0) c += rho * recent.cooccurrenceCount(x, y) / rt;
    return c / Math.sqrt(ma * mb);
  }

  /** The most frequent word following {@code word} (corpus and conversation mixed), or null. */
  public String follower(String word, boolean contentOnly) {
    Integer x = ids.get(word);
    if (x == null) return null;
    double ct = corpus.tokens(), rt = recent.tokens();
    double rho = rt > 0 ? (ct > 0 ? recentShare : 1) : 0;
    double best = 0;
    String out = null;
    double[] p = corpus.bigram(x), q = recent.bigram(x);
    double corpusRow = 0, recentRow = 0;
    for (int i = 0; i < words.size(); i++) {
      corpusRow += corpus.bigramCount(x, i);
      recentRow += recent.bigramCount(x, i);
    }
    for (int i = 0; i < words.size(); i++) {
      double s = (corpusRow > 0 ? (1 - rho) * p[i] : 0) + (recentRow > 0 ? rho * q[i] : 0);
      if (contentOnly && !Words.isContent(words.get(i))) continue;
      if (s > best) {
        best = s;
        out = words.get(i);
      }
    }
    return out;
  }

  /** Distinct words known (corpus and conversation). */
  public int vocabulary() {
    return words.size();
  }

  /** Decayed number of words counted in the conversation layer. */
  public double recentWords() {
    return recent.tokens();
  }
}
