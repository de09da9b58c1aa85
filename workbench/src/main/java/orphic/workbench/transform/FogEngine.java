package orphic.workbench.transform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import orphic.lm.generate.Generator;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.sample.SplitMix64;
import orphic.lm.tokenize.Tokenizer;
import orphic.lm.tokenize.TokenizerException;

/**
 * The ambiguity amplifier ("fog engine"): a sentence in, k hybrids out, ranked.
 * <ol>
 *   <li><b>Variants.</b> k rewrites of the sentence by the writer's own model: variant v keeps the
 *       sentence up to a word boundary near {@link FogSettings#keep()} of its length (jittered per
 *       variant) and lets the model continue from there at {@link FogSettings#temperature()}, for
 *       about as many characters as it cut (1.5×, at least 12), stopping at a line break or at a
 *       sentence end once half that length is written. With a small character model the tails are
 *       half-words and drift: that is the raw material.
 *   <li><b>Salient phrases.</b> Noun phrases (runs of ADJ/NOUN/PROPN tags from OpenNLP ending in a
 *       noun) of the variants' rewritten tails that the source does not contain, whose head is a
 *       WordNet noun of three letters or more (at radical levels, any word of three letters or
 *       more); when there are none, such single words of the tails, then any word of three letters
 *       or more.
 *   <li><b>Hybrids.</b> 3k candidates: the source with a share {@link FogSettings#swap()} of its own
 *       noun-phrase slots (at least one) replaced by phrases drawn from that pool; the k variants
 *       themselves are candidates too. Without a slot in the source, the variants are the only
 *       candidates.
 *   <li><b>Ranking</b> by {@link FogMetrics} (ambiguity, novelty towards the level's target,
 *       distinct-2); duplicates and the source itself are dropped; the best k are returned.
 * </ol>
 * Every random choice comes from one SplitMix64 stream seeded by the caller: the same model,
 * sentence, settings and seed give the same hybrids. Not thread-safe (one generator).
 */
public final class FogEngine {
  /** Most variants one call may ask for. */
  public static final int MAX_K = 64;

  private final LanguageModel model;
  private final Tokenizer tokenizer;
  private final Generator generator;

  public FogEngine(LanguageModel model, Tokenizer tokenizer) {
    this.model = model;
    this.tokenizer = tokenizer;
    this.generator = new Generator(model);
  }

  /** Loads the model and tokenizer of a model directory. */
  public static FogEngine open(Path modelDirectory) throws IOException {
    ModelDirectory dir = new ModelDirectory(modelDirectory);
    return new FogEngine(dir.loadModel(), dir.loadTokenizer());
  }

  /** A ranked hybrid with its metrics; inserted lists the pool phrases it took (empty for a variant). */
  public record Hybrid(String text, double score, double ambiguity, double novelty, double distinct2, String origin, List<String> inserted) {}

  /** Everything a fog run made: the variants, the phrase pool, and the k best hybrids (best first). */
  public record Result(String source, FogSettings settings, long seed, List<String> variants, List<String> phrases, List<Hybrid> hybrids) {}

  /** Runs the fog engine; see the class comment. */
  public Result fog(String sentence, FogSettings settings, int k, long seed) {
    Texts.requireText(sentence);
    if (k < 1 || k > MAX_K) throw new IllegalArgumentException("k must be between 1 and " + MAX_K + ", got " + k);
    String source = sentence.strip().replaceAll("\\s+", " ");
    SplitMix64 rng = new SplitMix64(seed);

    List<String> variants = new ArrayList<>();
    List<String> tails = new ArrayList<>();
    for (int v = 0; v < k; v++) {
      int cut = cutPoint(source, settings.keep() + (rng.nextDouble() - 0.5) * 0.2);
      // The prompt ends with the space, so the model starts a new word instead of finishing the last.
      String prefix = source.substring(0, Math.min(source.length(), cut + 1));
      String tail = continueFrom(prefix, source.length() - prefix.length(), settings.temperature(), rng.nextLong()).stripLeading();
      tails.add(tail);
      variants.add((prefix + tail).strip());
    }

    List<int[]> slots = nounPhrases(source);
    Set<String> own = new LinkedHashSet<>();
    for (int[] s : slots) own.add(source.substring(s[0], s[1]).toLowerCase(Locale.ROOT));
    boolean radical = settings.level() > 2.0 / 3;
    Set<String> pool = new LinkedHashSet<>();
    for (String tail : tails) {
      for (int[] s : nounPhrases(tail)) {
        String p = tail.substring(s[0], s[1]);
        if (!own.contains(p.toLowerCase(Locale.ROOT)) && salient(p, radical)) pool.add(p);
      }
    }
    if (pool.isEmpty()) {
      for (String tail : tails) for (String w : tail.split("[^\\p{L}']+")) if (!own.contains(w.toLowerCase(Locale.ROOT)) && salient(w, radical)) pool.add(w);
    }
    if (pool.isEmpty()) {
      for (String tail : tails) for (String w : tail.split("[^\\p{L}']+")) if (w.length() >= 3 && !own.contains(w.toLowerCase(Locale.ROOT))) pool.add(w);
    }
    List<String> phrases = List.copyOf(pool);

    Map<String, Hybrid> candidates = new LinkedHashMap<>();
    for (String v : variants) add(candidates, v, source, settings, "variant", List.of());
    if (!slots.isEmpty() && !phrases.isEmpty()) {
      int swaps = Math.max(1, (int) Math.round(settings.swap() * slots.size()));
      for (int c = 0; c < 3 * k; c++) {
        int[] order = shuffled(slots.size(), rng);
        int[] chosen = Arrays.copyOf(order, swaps);
        Arrays.sort(chosen);
        StringBuilder text = new StringBuilder();
        List<String> used = new ArrayList<>();
        int at = 0;
        for (int idx : chosen) {
          int[] s = slots.get(idx);
          int pick = (int) (rng.nextDouble() * phrases.size());
          while (used.contains(phrases.get(pick)) && used.size() < phrases.size()) pick = (pick + 1) % phrases.size(); // no phrase twice
          String phrase = phrases.get(pick);
          text.append(source, at, s[0]).append(Inflection.matchCase(source.substring(s[0], s[1]), phrase.toLowerCase(Locale.ROOT)));
          used.add(phrase);
          at = s[1];
        }
        text.append(source.substring(at));
        add(candidates, text.toString(), source, settings, "hybrid", used);
      }
    }
    candidates.remove(source.toLowerCase(Locale.ROOT));
    List<Hybrid> ranked = new ArrayList<>(candidates.values());
    ranked.sort(Comparator.comparingDouble(Hybrid::score).reversed().thenComparing(Hybrid::text));
    return new Result(source, settings, seed, variants, phrases, List.copyOf(ranked.subList(0, Math.min(k, ranked.size()))));
  }

  private static void add(Map<String, Hybrid> out, String text, String source, FogSettings settings, String origin, List<String> used) {
    String key = text.toLowerCase(Locale.ROOT);
    if (out.containsKey(key) || text.isBlank()) return;
    double a = FogMetrics.ambiguity(text), n = FogMetrics.novelty(text, source), d = FogMetrics.distinct2(text);
    out.put(key, new Hybrid(text, FogMetrics.score(a, n, d, settings), a, n, d, origin, List.copyOf(used)));
  }

  /** The word boundary (a space, or the end of the first word) nearest to share·length. */
  private static int cutPoint(String s, double share) {
    int firstSpace = s.indexOf(' ');
    int min = firstSpace < 0 ? s.length() : firstSpace;
    int target = (int) Math.round(Math.max(0, Math.min(1, share)) * s.length());
    int best = min;
    for (int i = min; i < s.length(); i++) {
      if (s.charAt(i) == ' ' && Math.abs(i - target) < Math.abs(best - target)) best = i;
    }
    return best;
  }

  /** The model's continuation of prefix, about `cut` characters long (see the class comment). */
  private String continueFrom(String prefix, int cut, double temperature, long seed) {
    int[] ids = encode(prefix);
    if (ids.length == 0) return "";
    int context = model.config().context();
    if (ids.length > context - 1) ids = Arrays.copyOfRange(ids, ids.length - (context - 1), ids.length);
    int want = Math.max(12, (int) Math.round(cut * 1.5));
    int[] out = generator.generate(ids, want, Generator.temperature(temperature, 0, seed), null);
    String tail = tokenizer.decode(out);
    int nl = tail.indexOf('\n');
    if (nl >= 0) tail = tail.substring(0, nl);
    int half = want / 2;
    for (int i = half; i < tail.length(); i++) {
      char c = tail.charAt(i);
      if (c == '.' || c == '!' || c == '?') {
        tail = tail.substring(0, i + 1);
        break;
      }
    }
    if (tail.length() > want) tail = tail.substring(0, want);
    return tail.replaceAll("\\s+", " ");
  }

  /** The prompt's ids; characters the tokenizer refuses are left out (a char model knows only its corpus). */
  private int[] encode(String text) {
    try {
      return tokenizer.encode(text);
    } catch (TokenizerException e) {
      int[] buf = new int[text.length()];
      int n = 0;
      for (int i = 0; i < text.length(); ) {
        int cp = text.codePointAt(i);
        i += Character.charCount(cp);
        try {
          for (int id : tokenizer.encode(new String(Character.toChars(cp)))) {
            if (n == buf.length) buf = Arrays.copyOf(buf, n * 2 + 1);
            buf[n++] = id;
          }
        } catch (TokenizerException skip) {
          // not in the vocabulary: dropped from the prompt
        }
      }
      return Arrays.copyOf(buf, n);
    }
  }

  /**
   * Whether a phrase may enter the pool: its last word (the head) has three letters or more and is
   * a noun WordNet knows; at radical levels (above 2/3) any head of three letters or more will do,
   * so the model's invented words come through.
   */
  private static boolean salient(String phrase, boolean radical) {
    String[] words = phrase.strip().split("\\s+");
    String head = words[words.length - 1];
    if (head.length() < 3 || !head.chars().allMatch(Character::isLetter)) return false;
    for (String w : words) if (w.length() < 2) return false;
    return radical || !WordNet.baseForms(head, WordNet.Pos.NOUN).isEmpty();
  }

  /** Spans of maximal ADJ/NOUN/PROPN runs that end in a noun (trailing adjectives dropped). */
  static List<int[]> nounPhrases(String text) {
    List<int[]> out = new ArrayList<>();
    if (text.isBlank()) return out;
    List<TaggedToken> tokens = EnglishNlp.tag(text);
    int i = 0;
    while (i < tokens.size()) {
      if (!nominal(tokens.get(i))) {
        i++;
        continue;
      }
      int j = i;
      while (j < tokens.size() && nominal(tokens.get(j))) j++;
      int last = j - 1;
      while (last >= i && tokens.get(last).tag().equals("ADJ")) last--;
      if (last >= i) out.add(new int[] {tokens.get(i).start(), tokens.get(last).end()});
      i = j;
    }
    return out;
  }

  private static boolean nominal(TaggedToken t) {
    String tag = t.tag();
    return t.isWord() && (tag.equals("ADJ") || tag.equals("NOUN") || tag.equals("PROPN"));
  }

  private static int[] shuffled(int n, SplitMix64 rng) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) a[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = (int) (rng.nextDouble() * (i + 1));
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }
}
