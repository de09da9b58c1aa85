package orphic.lm.field;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import orphic.lm.tokenize.Tokenizer;

/**
 * The co-occurrence field of a token stream (specs/haze.md §8): unigram, bigram and trigram counts
 * plus window co-occurrence counts, the distributions they define, a logit bias that blends those
 * distributions into a model's logits, and weightless generation from them. Works on any token ids
 * (characters or BPE pieces); V = {@link #vocabSize()}.
 *
 * <h2>Counts</h2>
 * For a sequence t_0 … t_{n−1} added with {@link #add}: unigram[t_i] += 1; bigram[t_i][t_{i+1}] += 1;
 * trigram[(t_i, t_{i+1})][t_{i+2}] += 1; and for every i and every j ≠ i with |i − j| ≤ window,
 * cooccurrence[t_i][t_j] += 1 (so each nearby pair counts in both rows, and a pair of equal tokens
 * adds 2 to the diagonal), exactly as haze counts. Each {@link #add} is its own sequence: no n-gram
 * or window spans two calls.
 *
 * <h2>Recency weighting</h2>
 * Counts are doubles. {@link #decay}(f) multiplies every count gathered so far by f, so a
 * conversation can call {@code decay(0.9); add(turn)} per turn and recent turns dominate. Decay
 * costs O(1): the field keeps the weight that one new occurrence adds ("unit") and divides it by f
 * instead of touching every count; stored values are counts × unit, and every count the API reports
 * is divided back. Distributions are ratios and never see the unit. When the unit passes 1e100 all
 * stored values are rescaled once (O(entries)) so nothing overflows; counts too small to matter
 * then may underflow to 0.
 *
 * <h2>Distributions (float64 vectors of length V)</h2>
 * <ul>
 *   <li>unigram: counts / total; an empty field gives the uniform 1/V.
 *   <li>bigram(c): row c normalised; a missing or empty row backs off to the unigram distribution.
 *   <li>trigram(a, b): row (a, b) normalised; a missing row backs off to bigram(b).
 *   <li>cooccurrence(context): for each of the last {@code window} context tokens (a repeated token
 *       counts repeatedly) its co-occurrence row normalised to 1 is added; the sum is normalised to
 *       1. If no row was added, the unigram distribution.
 * </ul>
 * {@link #distribution} selects one by {@link Mode}: BIGRAM → bigram(last); TRIGRAM → trigram(last
 * two), or bigram(last) when the context has one token; COOCCUR → cooccurrence; BLEND → 0.6 ·
 * (TRIGRAM's choice) + 0.4 · cooccurrence. An empty context gives the unigram distribution.
 *
 * <h2>Deviations from haze (each a bug fix or a reproducibility fix)</h2>
 * <ol>
 *   <li>A missing bigram row (a token seen only at the end of the text, or a vocabulary entry never
 *       seen, as BPE's intermediate merges often are) backs off to unigram frequencies; haze returns
 *       the uniform distribution, which gives never-seen tokens the same chance as common ones. The
 *       same applies when cooccurrence finds no row.
 *   <li>Sampling uses the same distribution as {@link #biasLogits} for every mode; haze's corpus
 *       sampler ignores COOCCUR and BLEND and silently samples the bigram.
 *   <li>Temperature 0 is greedy (the most probable token, the lowest id on ties); haze divides by
 *       zero. A negative or non-finite temperature is an error.
 *   <li>Every random draw comes from an explicit source ({@link DoubleSupplier} of uniforms in
 *       [0, 1)); {@link #generate} seeds a SplitMix64 stream. haze draws from numpy's unseeded global
 *       generator.
 *   <li>Modes are an enum; an unknown name is an error ({@link Mode#parse}) where haze silently used
 *       the bigram.
 *   <li>{@link #generate} returns only the new tokens and accepts length 0; haze returns seed +
 *       generated.
 *   <li>Sampling selects by inverse CDF over token ids in ascending order, in float64.
 * </ol>
 * The logit bias keeps haze's formula exactly, including its float32 epsilon (see
 * {@link #biasLogits(float[], int[], int, float, Mode, double[])}).
 *
 * <p>Not thread-safe while being modified; concurrent readers of a field nobody modifies are safe
 * (the distribution, bias and sampling methods write only into caller-owned arrays).
 */
public final class CooccurrenceField {
  /** haze's default co-occurrence window. */
  public static final int DEFAULT_WINDOW = 5;

  /** haze's weights for {@link Mode#BLEND}. */
  static final double BLEND_NGRAM = 0.6, BLEND_COOCCUR = 0.4;

  /** haze adds 1e-10 to the float32 probabilities before the logarithm. */
  private static final float EPSILON = 1e-10f;
  private static final float LOG_EPSILON = (float) Math.log(EPSILON);
  private static final double RESCALE_AT = 1e100;
  /** Largest dense staging tables (int cells): V² for pairs (V ≤ 2048), V³ for triples (V ≤ 128). */
  private static final long DENSE_PAIRS = 1 << 22, DENSE_TRIPLES = 1 << 21;

  /** Which distribution of the field to use; see the class comment. */
  public enum Mode {
    /** The next token given the last one. */
    BIGRAM,
    /** The next token given the last two (bigram when only one is known). */
    TRIGRAM,
    /** Tokens found near the last {@code window} tokens anywhere in the text. */
    COOCCUR,
    /** 0.6 · TRIGRAM + 0.4 · COOCCUR. */
    BLEND;

    /** The lower-case name, as the command line and haze spell it. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "bigram", "trigram", "cooccur" or "blend" (any case); anything else is an error. */
    public static Mode parse(String name) {
      for (Mode m : values()) if (m.id().equalsIgnoreCase(name.trim())) return m;
      throw new IllegalArgumentException("unknown field mode \"" + name
          + "\"; use bigram, trigram, cooccur or blend");
    }
  }

  private final int vocabSize;
  private final int window;
  private final double[] unigram;  // stored: count × unit
  private double unigramTotal;
  private final SparseRows bigram; // row = previous token
  private final LongIntMap trigramContexts; // a · V + b → trigram row
  private long[] trigramContextKey = new long[64]; // trigram row → a · V + b
  private final SparseRows trigram;
  private final SparseRows cooccurrence; // row = token
  private double unit = 1;

  /** An empty field over ids in [0, vocabSize); window ≥ 0 (0 keeps no co-occurrence counts). */
  public CooccurrenceField(int vocabSize, int window) {
    if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be at least 1, got " + vocabSize);
    if (window < 0) throw new IllegalArgumentException("window must be 0 or more tokens, got " + window);
    this.vocabSize = vocabSize;
    this.window = window;
    unigram = new double[vocabSize];
    int expectedPairs = (int) Math.min(1 << 16, (long) vocabSize * Math.min(vocabSize, 64));
    bigram = new SparseRows(vocabSize, expectedPairs);
    trigramContexts = new LongIntMap(expectedPairs);
    trigram = new SparseRows(64, expectedPairs);
    cooccurrence = new SparseRows(vocabSize, window == 0 ? 16 : expectedPairs);
  }

  /** The field of {@code ids} with haze's window of {@value #DEFAULT_WINDOW}. */
  public static CooccurrenceField build(int[] ids, int vocabSize) {
    return build(ids, vocabSize, DEFAULT_WINDOW);
  }

  /** The field of {@code ids} (each in [0, vocabSize)) with the given window. */
  public static CooccurrenceField build(int[] ids, int vocabSize, int window) {
    CooccurrenceField f = new CooccurrenceField(vocabSize, window);
    f.add(ids);
    return f;
  }

  /** The field of {@code text} as {@code tokenizer} encodes it, window {@value #DEFAULT_WINDOW}. */
  public static CooccurrenceField build(Tokenizer tokenizer, String text) {
    return build(tokenizer.encode(text), tokenizer.vocabSize(), DEFAULT_WINDOW);
  }

  /** Reads a field written by {@link #save}. */
  public static CooccurrenceField load(Path path) throws IOException {
    return FieldFile.read(path);
  }

  /** Writes the field (its current counts, decay applied) atomically; see {@link FieldFile}. */
  public void save(Path path) throws IOException {
    FieldFile.write(this, path);
  }

  // ---------------------------------------------------------------------------------------------
  // Counting

  /** Counts {@code ids} as one more sequence, each occurrence with weight 1. */
  public void add(int[] ids) {
    add(ids, 0, ids.length);
  }

  /** Counts {@code ids[from, to)} as one more sequence, each occurrence with weight 1. */
  public void add(int[] ids, int from, int to) {
    Objects.checkFromToIndex(from, to, ids.length);
    for (int i = from; i < to; i++) checkToken(ids[i], "ids[" + i + "]");
    double u = unit;
    for (int i = from; i < to; i++) unigram[ids[i]] += u;
    unigramTotal += u * (to - from);
    long n = to - from;
    long pairs = (long) vocabSize * vocabSize, triples = pairs * vocabSize;
    // Long texts over a small vocabulary are counted in dense int tables first (one array increment
    // per occurrence instead of a hash probe), then merged; the tables must be small, the text long
    // enough to pay for scanning them, and no cell may overflow an int.
    boolean fits = (double) n * Math.max(1, window) < Integer.MAX_VALUE;
    if (fits && pairs <= DENSE_PAIRS && pairs <= 16 * n) addPairsDense(ids, from, to, u);
    else addPairsSparse(ids, from, to, u);
    if (fits && triples <= DENSE_TRIPLES && triples <= 16 * n) addTriplesDense(ids, from, to, u);
    else addTriplesSparse(ids, from, to, u);
  }

  private void addPairsSparse(int[] ids, int from, int to, double u) {
    for (int i = from; i < to; i++) {
      int a = ids[i];
      int end = (int) Math.min(to, (long) i + window + 1);
      for (int j = i + 1; j < end; j++) {
        int b = ids[j];
        cooccurrence.add(a, b, u);
        cooccurrence.add(b, a, u);
      }
      if (i + 1 < to) bigram.add(a, ids[i + 1], u);
    }
  }

  private void addTriplesSparse(int[] ids, int from, int to, double u) {
    for (int i = from; i + 2 < to; i++) trigram.add(trigramRow(ids[i], ids[i + 1]), ids[i + 2], u);
  }

  private void addPairsDense(int[] ids, int from, int to, double u) {
    int v = vocabSize;
    int[] next = new int[v * v];   // [a·V + b]: b right after a
    int[] nearby = window == 0 ? null : new int[v * v]; // [a·V + b]: b within window after a
    for (int i = from; i < to; i++) {
      int row = ids[i] * v;
      if (i + 1 < to) next[row + ids[i + 1]]++;
      if (nearby != null) {
        int end = (int) Math.min(to, (long) i + window + 1);
        for (int j = i + 1; j < end; j++) nearby[row + ids[j]]++;
      }
    }
    reserve(bigram, next, null, v);
    if (nearby != null) reserve(cooccurrence, nearby, nearby, v);
    for (int a = 0; a < v; a++) {
      for (int b = 0; b < v; b++) {
        int c = next[a * v + b];
        if (c != 0) bigram.add(a, b, c * u);
        if (nearby != null) {
          // Co-occurrence is symmetric: b after a counts in a's row and in b's row.
          long both = (long) nearby[a * v + b] + nearby[b * v + a];
          if (both != 0) cooccurrence.add(a, b, both * u);
        }
      }
    }
  }

  /** Reserves room in {@code rows} for the non-zero cells of counts (+ its transpose when given). */
  private static void reserve(SparseRows rows, int[] counts, int[] transpose, int v) {
    int nonZero = 0;
    for (int a = 0; a < v; a++) {
      for (int b = 0; b < v; b++) {
        if (counts[a * v + b] != 0 || (transpose != null && transpose[b * v + a] != 0)) nonZero++;
      }
    }
    rows.reserve(nonZero);
  }

  private void addTriplesDense(int[] ids, int from, int to, double u) {
    int v = vocabSize;
    int[] counts = new int[v * v * v]; // [(a·V + b)·V + c]
    for (int i = from; i + 2 < to; i++) counts[(ids[i] * v + ids[i + 1]) * v + ids[i + 2]]++;
    for (int ab = 0; ab < v * v; ab++) {
      int base = ab * v, row = -1;
      for (int c = 0; c < v; c++) {
        int k = counts[base + c];
        if (k == 0) continue;
        if (row < 0) row = trigramRow(ab / v, ab % v);
        trigram.add(row, c, k * u);
      }
    }
  }

  /**
   * Multiplies every count gathered so far by {@code factor} in (0, 1]; later {@link #add}s count
   * in full. O(1) (see the class comment).
   */
  public void decay(double factor) {
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("decay factor must be in (0, 1], got " + factor
          + "; 1 keeps everything, 0.5 halves the weight of what came before");
    }
    unit /= factor;
    if (unit > RESCALE_AT) rescale();
  }

  private void rescale() {
    double s = 1 / unit;
    for (int t = 0; t < vocabSize; t++) unigram[t] *= s;
    unigramTotal *= s;
    bigram.scale(s);
    trigram.scale(s);
    cooccurrence.scale(s);
    unit = 1;
  }

  private int trigramRow(int a, int b) {
    long key = (long) a * vocabSize + b;
    int rows = trigramContexts.size();
    int row = trigramContexts.getOrPut(key, rows);
    if (row >= 0) return row;
    if (rows == trigramContextKey.length) trigramContextKey = Arrays.copyOf(trigramContextKey, rows * 2);
    trigramContextKey[rows] = key;
    return rows;
  }

  // ---------------------------------------------------------------------------------------------
  // Statistics (counts as added, decay applied)

  /** Number of ids: every token is in [0, vocabSize()). */
  public int vocabSize() {
    return vocabSize;
  }

  /** The co-occurrence window in tokens on each side. */
  public int window() {
    return window;
  }

  /** Total (decayed) number of tokens counted. */
  public double tokens() {
    return unigramTotal / unit;
  }

  public double unigramCount(int t) {
    checkToken(t, "token");
    return unigram[t] / unit;
  }

  public double bigramCount(int a, int b) {
    checkToken(a, "a");
    checkToken(b, "b");
    return bigram.weight(a, b) / unit;
  }

  public double trigramCount(int a, int b, int c) {
    checkToken(a, "a");
    checkToken(b, "b");
    checkToken(c, "c");
    int row = trigramContexts.get((long) a * vocabSize + b);
    return row == LongIntMap.ABSENT ? 0 : trigram.weight(row, c) / unit;
  }

  public double cooccurrenceCount(int a, int b) {
    checkToken(a, "a");
    checkToken(b, "b");
    return cooccurrence.weight(a, b) / unit;
  }

  /** Distinct adjacent pairs seen (what haze's README calls "bigrams", spec §8.1). */
  public int distinctBigrams() {
    return bigram.size();
  }

  /** Distinct pairs (a, b) that were followed by a third token. */
  public int trigramContexts() {
    return trigramContexts.size();
  }

  /** Distinct triples seen. */
  public int distinctTrigrams() {
    return trigram.size();
  }

  /** Distinct (token, nearby token) pairs with a co-occurrence count. */
  public int distinctCooccurrences() {
    return cooccurrence.size();
  }

  // ---------------------------------------------------------------------------------------------
  // Distributions

  /** Unigram frequencies (uniform for an empty field). */
  public double[] unigram() {
    double[] out = new double[vocabSize];
    accumulateUnigram(1, out);
    return out;
  }

  /** P(next | previous token). */
  public double[] bigram(int previous) {
    checkToken(previous, "previous");
    double[] out = new double[vocabSize];
    accumulateBigram(previous, 1, out);
    return out;
  }

  /** P(next | the two previous tokens a, b), backing off to bigram(b). */
  public double[] trigram(int a, int b) {
    checkToken(a, "a");
    checkToken(b, "b");
    double[] out = new double[vocabSize];
    accumulateTrigram(a, b, 1, out);
    return out;
  }

  /** The co-occurrence distribution of the last {@code window} tokens of {@code context}. */
  public double[] cooccurrence(int... context) {
    double[] out = new double[vocabSize];
    distribution(context, context.length, Mode.COOCCUR, out);
    return out;
  }

  /**
   * Writes into {@code out[0, V)} the distribution {@code mode} selects for the context
   * {@code context[0, length)} (its last token is {@code context[length − 1]}); an empty context
   * gives the unigram distribution. Allocates nothing.
   */
  public void distribution(int[] context, int length, Mode mode, double[] out) {
    Objects.requireNonNull(mode, "mode");
    Objects.checkFromIndexSize(0, length, context.length);
    checkScratch(out, "out");
    Arrays.fill(out, 0, vocabSize, 0);
    if (length == 0) {
      accumulateUnigram(1, out);
      return;
    }
    switch (mode) {
      case BIGRAM -> accumulateBigram(token(context, length - 1), 1, out);
      case TRIGRAM -> accumulateNgram(context, length, 1, out);
      case COOCCUR -> accumulateCooccurrence(context, length, 1, out);
      case BLEND -> {
        accumulateNgram(context, length, BLEND_NGRAM, out);
        accumulateCooccurrence(context, length, BLEND_COOCCUR, out);
      }
    }
  }

  private void accumulateNgram(int[] context, int length, double scale, double[] out) {
    int last = token(context, length - 1);
    if (length >= 2) accumulateTrigram(token(context, length - 2), last, scale, out);
    else accumulateBigram(last, scale, out);
  }

  private void accumulateUnigram(double scale, double[] out) {
    if (unigramTotal > 0) {
      double s = scale / unigramTotal;
      for (int t = 0; t < vocabSize; t++) out[t] += unigram[t] * s;
    } else {
      double p = scale / vocabSize;
      for (int t = 0; t < vocabSize; t++) out[t] += p;
    }
  }

  private void accumulateBigram(int previous, double scale, double[] out) {
    if (!scatter(bigram, previous, scale, out)) accumulateUnigram(scale, out);
  }

  private void accumulateTrigram(int a, int b, double scale, double[] out) {
    int row = trigramContexts.get((long) a * vocabSize + b);
    if (row == LongIntMap.ABSENT || !scatter(trigram, row, scale, out)) accumulateBigram(b, scale, out);
  }

  private void accumulateCooccurrence(int[] context, int length, double scale, double[] out) {
    int from = Math.max(0, length - window);
    int rows = 0;
    for (int i = from; i < length; i++) if (cooccurrence.total(token(context, i)) > 0) rows++;
    if (rows == 0) {
      accumulateUnigram(scale, out);
      return;
    }
    // Each row is normalised to 1, so the sum of `rows` of them is normalised by dividing by rows.
    for (int i = from; i < length; i++) scatter(cooccurrence, context[i], scale / rows, out);
  }

  /** out += scale · row / total; false (and nothing added) when the row is empty. */
  private static boolean scatter(SparseRows table, int row, double scale, double[] out) {
    double total = table.total(row);
    if (!(total > 0)) return false;
    double s = scale / total;
    for (int e = table.head(row); e != SparseRows.END; e = table.next(e)) {
      out[table.column(e)] += table.weightOf(e) * s;
    }
    return true;
  }

  // ---------------------------------------------------------------------------------------------
  // Logit bias

  /**
   * {@link #biasLogits(float[], int[], int, float, Mode, double[])} with a scratch array allocated
   * per call (V doubles); use the other form in a generation loop.
   */
  public void biasLogits(float[] logits, int[] history, int length, float alpha, Mode mode) {
    biasLogits(logits, history, length, alpha, mode, length == 0 ? new double[0] : new double[vocabSize]);
  }

  /**
   * Blends the field into a model's next-token logits in place (haze's {@code bias_logits}, spec
   * §8.3): with q = {@link #distribution}(history[0, length), mode),
   * {@code logits[i] = (1 − α) · logits[i] + α · ln(q_i + 1e-10)} for i in [0, V), computed in
   * float32 as haze does, so a token the field has never seen in this context gets α · ln(1e-10) ≈
   * −23.03 α. An empty history leaves the logits unchanged. α must be in [0, 1]; {@code logits}
   * needs at least V entries (only the first V are touched); {@code scratch} (at least V doubles,
   * unused when the history is empty) is overwritten. Allocates nothing.
   */
  public void biasLogits(float[] logits, int[] history, int length, float alpha, Mode mode, double[] scratch) {
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in [0, 1] (the share of the field), got " + alpha);
    }
    checkScratch(logits.length, "logits");
    if (length == 0) return;
    distribution(history, length, mode, scratch);
    float keep = 1f - alpha;
    for (int i = 0; i < vocabSize; i++) {
      float q = (float) scratch[i];
      float log = q == 0 ? LOG_EPSILON : (float) Math.log(q + EPSILON);
      logits[i] = keep * logits[i] + alpha * log;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Sampling and generation

  /** One token drawn for the whole of {@code context}; allocates a V-double scratch array. */
  public int sample(int[] context, double temperature, Mode mode, DoubleSupplier uniforms) {
    return sample(context, context.length, temperature, mode, uniforms, new double[vocabSize]);
  }

  /**
   * One token drawn from {@link #distribution}(context[0, length), mode) sharpened by temperature
   * (p^(1/T), renormalised; T = 0 is greedy), by inverse CDF over ids in ascending order with one
   * uniform from {@code uniforms} (which must give values in [0, 1); greedy draws none).
   * {@code scratch} (at least V doubles) is overwritten. Allocates nothing.
   */
  public int sample(int[] context, int length, double temperature, Mode mode, DoubleSupplier uniforms,
      double[] scratch) {
    checkTemperature(temperature);
    Objects.requireNonNull(uniforms, "uniforms");
    distribution(context, length, mode, scratch);
    return draw(scratch, temperature, uniforms);
  }

  /**
   * Appends {@code length} tokens to {@code seedIds}, each sampled ({@link #sample}) given
   * everything before it, with uniforms from a SplitMix64 stream seeded by {@code seed}; returns
   * the new tokens only. The same field, arguments and seed give the same tokens on every machine.
   * haze's defaults are temperature 0.8 and TRIGRAM. An empty seed starts from unigram frequencies.
   */
  public int[] generate(int[] seedIds, int length, double temperature, Mode mode, long seed) {
    if (length < 0) throw new IllegalArgumentException("length must be 0 or more tokens, got " + length);
    checkTemperature(temperature);
    Objects.requireNonNull(mode, "mode");
    for (int i = 0; i < seedIds.length; i++) checkToken(seedIds[i], "seedIds[" + i + "]");
    int[] history = Arrays.copyOf(seedIds, seedIds.length + length);
    double[] q = new double[vocabSize];
    SplitMix64 uniforms = new SplitMix64(seed);
    int n = seedIds.length;
    for (int k = 0; k < length; k++) {
      distribution(history, n, mode, q);
      history[n] = draw(q, temperature, uniforms);
      n++;
    }
    return Arrays.copyOfRange(history, seedIds.length, n);
  }

  /** Draws from the probabilities q[0, V) (overwritten) at the given temperature. */
  private int draw(double[] q, double temperature, DoubleSupplier uniforms) {
    int v = vocabSize;
    int best = 0;
    for (int i = 1; i < v; i++) if (q[i] > q[best]) best = i;
    if (temperature == 0) return best;
    double sum = 0;
    if (temperature != 1) {
      // Dividing by the maximum first keeps the largest weight at 1, so a tiny temperature cannot
      // underflow every weight to zero.
      double max = q[best], inverse = 1 / temperature;
      for (int i = 0; i < v; i++) {
        if (q[i] > 0) q[i] = Math.pow(q[i] / max, inverse);
        sum += q[i];
      }
    } else {
      for (int i = 0; i < v; i++) sum += q[i];
    }
    double u = uniforms.getAsDouble();
    if (!(u >= 0 && u < 1)) {
      throw new IllegalArgumentException("the random source gave " + u + "; uniforms must be in [0, 1)");
    }
    double target = u * sum, cumulative = 0;
    int last = best;
    for (int i = 0; i < v; i++) {
      double w = q[i];
      if (w > 0) {
        cumulative += w;
        last = i;
        if (target < cumulative) return i;
      }
    }
    return last; // rounding left target at the very top of the cumulative sum
  }

  // ---------------------------------------------------------------------------------------------
  // Internals for FieldFile

  double unit() {
    return unit;
  }

  double[] storedUnigram() {
    return unigram;
  }

  SparseRows bigramRows() {
    return bigram;
  }

  SparseRows trigramRows() {
    return trigram;
  }

  SparseRows cooccurrenceRows() {
    return cooccurrence;
  }

  /** The context (a, b) of trigram row {@code row}, packed as a · V + b. */
  long trigramContext(int row) {
    return trigramContextKey[row];
  }

  /** Adds stored weights directly (loading; the unit is 1 in a fresh field). */
  void putUnigram(int t, double w) {
    unigram[t] += w;
    unigramTotal += w;
  }

  void putBigram(int a, int b, double w) {
    bigram.add(a, b, w);
  }

  void putTrigram(int a, int b, int c, double w) {
    trigram.add(trigramRow(a, b), c, w);
  }

  void putCooccurrence(int a, int b, double w) {
    cooccurrence.add(a, b, w);
  }

  // ---------------------------------------------------------------------------------------------
  // Checks

  private int token(int[] context, int i) {
    int t = context[i];
    if (t < 0 || t >= vocabSize) checkToken(t, "context[" + i + "]");
    return t;
  }

  private void checkToken(int t, String what) {
    if (t < 0 || t >= vocabSize) {
      throw new IllegalArgumentException(what + " = " + t + " is not a token id of this field (ids are in [0, "
          + vocabSize + ")); was the text encoded with the tokenizer the field was built with?");
    }
  }

  private void checkScratch(double[] array, String what) {
    checkScratch(array.length, what);
  }

  private void checkScratch(int length, String what) {
    if (length < vocabSize) {
      throw new IllegalArgumentException(what + " has " + length + " entries; it needs at least the vocabulary size "
          + vocabSize);
    }
  }

  private static void checkTemperature(double temperature) {
    if (!(temperature >= 0 && temperature < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("temperature must be finite and at least 0 (0 = greedy), got " + temperature);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "CooccurrenceField[V=%d, window=%d, %.0f tokens, %d bigrams, %d trigram contexts]",
        vocabSize, window, tokens(), distinctBigrams(), trigramContexts());
  }
}
