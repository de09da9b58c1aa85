package orphic.lm.generate;

import static orphic.lm.generate.DecodeKernels.L;

import java.util.Arrays;
import orphic.engine.kernel.Parallel;
import orphic.lm.model.LanguageModel;

/**
 * Key/value-cached decoding of a GPT ({@code arch gpt}) or a haze model ({@code arch haze}) for N
 * streams at once: each new token costs one row through every layer (a row-times-matrix product
 * per linear map, attention of one query over the cached keys and values) instead of a forward
 * pass over the whole window.
 *
 * <pre>{@code
 * var dec = new IncrementalDecoder(model, 1);
 * dec.start(prompt);                       // prefill: the last ≤ T prompt tokens, batched
 * for (...) {
 *   int next = picker.pick(dec.logits(0), history, length);
 *   dec.step(next);                        // logits(0) now predicts the token after `next`
 * }
 * }</pre>
 *
 * <p><b>haze heads.</b> Content heads cache keys and values like gpt's. An RRPRAM head's pattern
 * row for position p is causal_softmax(x_p·Wr[:, 0..p]): it needs the new row's own hidden state
 * and the first p+1 columns of Wr, nothing of the other tokens; its values x·Wv are cached. So a
 * step costs E·(p+1) multiply-adds per RRPRAM head for the pattern, plus the cached values'
 * weighted sum. A hybrid head does both, its gate folded into the two value maps. The learned
 * absolute positions (embeddings and Wr's columns) are why haze slides exactly like gpt below.
 *
 * <p><b>Same numbers as the full forward.</b> While the context is not full, {@link #logits}
 * equals the last row of {@code model.forward} over the tokens in the cache (to float rounding,
 * below 1e-4; tests check every position).
 *
 * <p><b>Sliding when the context is full.</b> The model's positions are learned absolute
 * embeddings 0..T−1, so cached keys cannot move to new positions. When a step finds the cache
 * holding T tokens, the last ⌊T/2⌋ tokens (the new one included) are re-encoded at positions
 * 0..⌊T/2⌋−1 in one batched prefill and decoding continues from there — the "context shift" of
 * {@code bench/torch_gpt_reference.py generate --mode kv}. The model therefore always sees
 * between T/2 and T tokens of context, where full recomputation ({@link Generator#fullRecompute})
 * always sees the last min(length, T); after a slide the logits equal a full forward over the
 * re-encoded window plus what followed it. The prefill is one batched pass of the decoder's own
 * kernels over all the rows (a rows × matrix product per map, causal attention row by row), not
 * token-by-token steps; not {@code model.forward}, which does not hand out its keys and values,
 * and so that a row's numbers never depend on how it was batched.
 *
 * <p><b>Streams.</b> With N streams, {@link #start} prefills the prompt once and copies its cache
 * to every stream; {@link #step(int[])} then decodes N rows together, so every weight matrix is
 * read once for all of them. Streams move in lockstep (same position) and slide together, each
 * re-encoding its own window. A stream's numbers do not depend on the other streams or on the
 * thread count: every output element is one fused multiply-add chain in a fixed order
 * ({@link DecodeKernels}), so N streams give bit for bit what N single-stream decoders give.
 *
 * <p><b>Cost.</b> Weights are packed once (transposed, padded) when the decoder is built;
 * {@link #refreshWeights} re-reads them after training. After the first steps nothing is allocated
 * per token: every buffer belongs to the decoder. By default a token's step runs on the calling
 * thread only: one token's matrices are small (tens of microseconds each), and a hand-off to a
 * worker that the OS has not scheduled costs more than it saves on a busy machine.
 * {@link #setThreads} lets large matrices split their columns over that many {@link Parallel}
 * workers; prefills and slides (tens of rows at once) always use every pool thread (results are
 * the same bits for every thread count). Single-stream decoding is bound by reading the weights
 * (every matrix once per token): {@link WeightPrecision#BF16} halves those bytes.
 * Not thread-safe: one decoder per thread.
 */
public final class IncrementalDecoder {
  private static final float EPS = 1e-5f; // GptModel's layer norms
  /** Multiply-adds of one linear call below which it stays on the calling thread. */
  private static final long PARALLEL_MIN = 1 << 17;
  /**
   * Multiply-adds of one linear call from which it uses every {@link Parallel} thread whatever
   * {@link #setThreads} says: a prefill or a slide (tens of rows, milliseconds per product), where
   * a hand-off costs nothing in comparison.
   */
  private static final long PREFILL_PARALLEL_MIN = 1 << 22;
  private int threads = Integer.getInteger("orphic.decode.threads", 1);

  private final DecoderWeights w;
  private final int streams;
  private final int t, c, cp, hp, vp, heads, d, tp, layers;
  private final float scale;
  private final int rowsMax;

  // caches per stream and layer: keys channel-major [C, tp], values head-major [H, T, d]: what one
  // head reads is one contiguous block in both
  private final float[][][] keys;
  private final float[][][] values;
  private final float[][][] positionalValues; // haze rrpram values [H, T, d] per stream and layer, else null
  private final int[][] tokens; // [N][T]: the tokens at the cached positions
  private int position;         // cached positions per stream (all streams alike)
  private long consumed;        // tokens read since start (prompt included): the history length the logits follow
  private boolean started;
  private boolean fresh;        // logits follow the cached positions (false after truncate)

  // row workspace: rows being appended, [rowsMax, ·]
  private final int[] rowStream, rowPos, rowToken;
  private final float[] x, h, qkv, att, f;
  private final float[] att2, geluTmp; // haze: hybrid heads' rrpram half [rowsMax, cp]; GELU scratch [rowsMax·hp]
  private final float[] scores;
  private final float[] lanes = new float[L];
  private final float[] headIn, headOut; // [N, cp], [N, vp]
  private final float[] headBias;        // [vp] zeros: the head has no bias
  private final float[][] logits;        // [N][V]
  private final int[] oneToken = new int[1];

  private final LinearTask task = new LinearTask();

  /** A decoder for one stream. */
  public IncrementalDecoder(LanguageModel model) {
    this(model, 1);
  }

  /** A decoder for {@code streams} streams decoded together; throws for a model that is not a gpt or haze. */
  public IncrementalDecoder(LanguageModel model, int streams) {
    this(model, streams, WeightPrecision.F32);
  }

  /**
   * As {@link #IncrementalDecoder(LanguageModel, int)} with the weight matrices stored in
   * {@code precision} (BF16: half the bytes read per token, logits within the weights' rounding).
   */
  public IncrementalDecoder(LanguageModel model, int streams, WeightPrecision precision) {
    this(model, streams, precision, true);
  }

  /** halfKernels false: BF16's rounded weights read as floats only (tests compare the two kernels). */
  IncrementalDecoder(LanguageModel model, int streams, WeightPrecision precision, boolean halfKernels) {
    if (streams < 1) throw new IllegalArgumentException("streams must be >= 1, got " + streams);
    this.w = new DecoderWeights(model, L, precision, halfKernels);
    this.streams = streams;
    t = w.context;
    c = w.dim;
    cp = w.dimP;
    hp = w.hiddenP;
    vp = w.vocabP;
    heads = w.heads;
    d = w.headDim;
    tp = DecoderWeights.roundUp(t, L);
    layers = w.layers;
    scale = (float) (1.0 / Math.sqrt(d));
    rowsMax = Math.max(t, streams);
    keys = new float[streams][layers][w.kOff >= 0 ? c * tp : 0];
    values = new float[streams][layers][w.vOff >= 0 ? t * c : 0];
    positionalValues = w.vrOff >= 0 ? new float[streams][layers][t * c] : null;
    tokens = new int[streams][t];
    rowStream = new int[rowsMax];
    rowPos = new int[rowsMax];
    rowToken = new int[rowsMax];
    x = new float[rowsMax * cp];
    h = new float[rowsMax * cp];
    qkv = new float[rowsMax * w.projWidth];
    att = new float[rowsMax * cp];
    f = new float[rowsMax * hp];
    att2 = w.haze && w.vOff >= 0 && w.vrOff >= 0 ? new float[rowsMax * cp] : null;
    geluTmp = w.haze ? new float[rowsMax * hp] : null;
    scores = new float[tp];
    headIn = new float[streams * cp];
    headOut = new float[streams * vp];
    headBias = new float[vp];
    logits = new float[streams][w.vocab];
  }

  /**
   * Threads for large matrices (default 1, or {@code -Dorphic.decode.threads}); capped by
   * {@link Parallel#threads()}. Same results for every count.
   */
  public IncrementalDecoder setThreads(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    this.threads = threads;
    return this;
  }

  public int threads() {
    return threads;
  }

  /** How the weight matrices are stored. */
  public WeightPrecision precision() {
    return w.precision;
  }

  /** Whether {@code model} can be decoded incrementally (the gpt and haze families). */
  public static boolean supports(LanguageModel model) {
    return DecoderWeights.supports(model);
  }

  public int streams() {
    return streams;
  }

  /** T, the model's context. */
  public int context() {
    return t;
  }

  public int vocabSize() {
    return w.vocab;
  }

  /** Tokens in each stream's cache (1..T after {@link #start}). */
  public int position() {
    return position;
  }

  /** Token at cached position {@code i} of {@code stream}. */
  public int cachedToken(int stream, int i) {
    if (i < 0 || i >= position) throw new IndexOutOfBoundsException("position " + i + " of " + position + " cached");
    return tokens[stream][i];
  }

  /** Re-reads the model's weights (after training steps); the caches are dropped. */
  public void refreshWeights() {
    w.refresh();
    started = false;
    position = 0;
  }

  /**
   * Next-token logits [V] of {@code stream} after the last call: a live buffer, overwritten by the
   * next {@link #start} or {@link #step}.
   */
  public float[] logits(int stream) {
    if (!started) throw new IllegalStateException("no logits yet: call start(prompt) first");
    return logits[stream];
  }

  /** Every stream reads {@code prompt} (its last min(length, T) tokens); one prefill, shared. */
  public void start(int[] prompt) {
    start(prompt, prompt.length);
  }

  /** As {@link #start(int[])} over {@code prompt[0..length)}. */
  public void start(int[] prompt, int length) {
    if (length < 1) throw new IllegalArgumentException("decoding needs a prompt of at least one token");
    int n = Math.min(length, t);
    for (int i = 0; i < n; i++) {
      int id = prompt[length - n + i];
      checkToken(id);
      rowStream[i] = 0;
      rowPos[i] = i;
      rowToken[i] = id;
      tokens[0][i] = id;
    }
    append(n, 0, 1);
    for (int s = 1; s < streams; s++) copyStream(0, s, n);
    position = n;
    consumed = length;
    started = true;
  }

  /** Appends one token to the single stream (see {@link #step(int[])}). */
  public void step(int token) {
    if (streams != 1) throw new IllegalStateException("this decoder has " + streams + " streams: pass one token per stream");
    oneToken[0] = token;
    step(oneToken);
  }

  /**
   * Appends {@code next[s]} to every stream s; afterwards {@link #logits} predict the following
   * token. Slides the window (a batched re-encoding, see the class note) when the cache is full.
   */
  public void step(int[] next) {
    if (!started) throw new IllegalStateException("call start(prompt) before step");
    if (next.length < streams) throw new IllegalArgumentException(next.length + " tokens for " + streams + " streams");
    for (int s = 0; s < streams; s++) checkToken(next[s]);
    if (position == t) {
      slide(next);
      consumed++;
      return;
    }
    for (int s = 0; s < streams; s++) {
      rowStream[s] = s;
      rowPos[s] = position;
      rowToken[s] = next[s];
      tokens[s][position] = next[s];
    }
    append(streams, 0, 0);
    position++;
    consumed++;
  }

  /**
   * Single stream: appends {@code tokens[from..from+count)} (count ≥ 1) as if stepped one by one
   * (same windows, same slides), but runs the tokens that fit before the next slide as one batched
   * prefill.
   */
  public void feed(int[] tokens, int from, int count) {
    requireSingle();
    if (!started) throw new IllegalStateException("call start(prompt) before feed");
    if (count < 1) throw new IllegalArgumentException("feed needs at least one token, got " + count);
    for (int i = 0; i < count; i++) checkToken(tokens[from + i]);
    int i = 0;
    while (i < count) {
      if (position == t) {
        oneToken[0] = tokens[from + i++];
        slide(oneToken);
        consumed++;
        continue;
      }
      int n = Math.min(count - i, t - position);
      for (int r = 0; r < n; r++) {
        int id = tokens[from + i + r];
        rowStream[r] = 0;
        rowPos[r] = position + r;
        rowToken[r] = id;
        this.tokens[0][position + r] = id;
      }
      append(n, 0, 1);
      position += n;
      consumed += n;
      i += n;
    }
  }

  /**
   * Single stream: the next-token logits after {@code history[0..length)}, reusing the cache for
   * the longest prefix it shares with the tokens read so far. For callers that hand over the whole
   * history each time and may shorten it (backtracking samplers): appending costs only the new
   * tokens, a backtrack within the cached window costs the tokens after it, anything else a
   * fresh {@link #start}. The window follows the same slides as stepping one token at a time.
   */
  public float[] logitsAfter(int[] history, int length) {
    requireSingle();
    if (length < 1) throw new IllegalArgumentException("decoding needs a history of at least one token");
    if (started) {
      long base = consumed - position; // history index of cached position 0
      if (base < length) {
        int b = (int) base;
        int limit = (int) Math.min(position, length - base);
        int j = 0;
        while (j < limit && tokens[0][j] == history[b + j]) j++;
        if (j == position && consumed == length && fresh) return logits[0];
        if (j == position && consumed < length) {
          feed(history, (int) consumed, length - (int) consumed);
          return logits[0];
        }
        // The history leaves the cache at j, or ends inside it (or at its end, with stale logits).
        int keep = b + j == length ? j - 1 : j;
        if (keep >= 1) {
          truncate(keep);
          feed(history, b + keep, length - b - keep);
          return logits[0];
        }
      }
    }
    start(history, length);
    return logits[0];
  }

  /**
   * Forgets every stream's cached positions from {@code length} on (keeps the first {@code length},
   * ≥ 1), for a caller that backtracks; the logits are not recomputed: step with the next token.
   */
  public void truncate(int length) {
    if (length < 1 || length > position) throw new IllegalArgumentException("truncate to " + length + " of " + position + " cached positions");
    consumed -= position - length;
    position = length;
    fresh = false;
  }

  private void requireSingle() {
    if (streams != 1) throw new IllegalStateException("this decoder has " + streams + " streams; feed and logitsAfter serve a single stream");
  }

  // ---------------------------------------------------------------- internals

  private void checkToken(int id) {
    if (id < 0 || id >= w.vocab) throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + w.vocab + ")");
  }

  /** Re-encodes each stream's last ⌊T/2⌋ tokens (ending with next[s]) at positions 0.. ; stream by stream. */
  private void slide(int[] next) {
    int keep = Math.max(1, t / 2);
    for (int s = 0; s < streams; s++) {
      int[] tk = tokens[s];
      System.arraycopy(tk, t - keep + 1, tk, 0, keep - 1);
      tk[keep - 1] = next[s];
      for (int i = 0; i < keep; i++) {
        rowStream[i] = s;
        rowPos[i] = i;
        rowToken[i] = tk[i];
      }
      append(keep, s, 1);
    }
    position = keep;
  }

  private void copyStream(int from, int to, int n) {
    for (int l = 0; l < layers; l++) {
      System.arraycopy(keys[from][l], 0, keys[to][l], 0, keys[from][l].length);
      System.arraycopy(values[from][l], 0, values[to][l], 0, values[from][l].length);
      if (positionalValues != null) System.arraycopy(positionalValues[from][l], 0, positionalValues[to][l], 0, t * c);
    }
    System.arraycopy(tokens[from], 0, tokens[to], 0, n);
    System.arraycopy(logits[from], 0, logits[to], 0, w.vocab);
  }

  /**
   * Runs rows [0, m) (described by rowStream/rowPos/rowToken) through the model, writing their
   * keys and values into the caches. Logits: when {@code single} is 1, only the last row's,
   * into stream {@code stream}; when 0, every row's into its own stream.
   */
  private void append(int m, int stream, int single) {
    DecoderWeights wt = w;
    for (int r = 0; r < m; r++) {
      DecodeKernels.add(wt.wte, rowToken[r] * cp, wt.wpe, rowPos[r] * cp, x, r * cp, cp);
    }
    for (int l = 0; l < layers; l++) {
      DecoderWeights.Layer b = wt.blocks[l];
      if (wt.haze) {
        hazeLayer(b, l, m);
        continue;
      }
      for (int r = 0; r < m; r++) DecodeKernels.layerNorm(x, r * cp, c, cp, b.ln1Gamma, b.ln1Beta, EPS, h, r * cp, lanes);
      linear(h, cp, m, c, b.qkv, b.qkvH, 3 * cp, b.qkvBias, qkv, 3 * cp, false);
      for (int r = 0; r < m; r++) {
        float[] kt = keys[rowStream[r]][l], vc = values[rowStream[r]][l];
        int p = rowPos[r], qi = r * 3 * cp;
        for (int ch = 0; ch < c; ch++) kt[ch * tp + p] = qkv[qi + cp + ch];
        for (int hh = 0; hh < heads; hh++) System.arraycopy(qkv, qi + 2 * cp + hh * d, vc, (hh * t + p) * d, d);
      }
      for (int r = 0; r < m; r++) {
        int s = rowStream[r];
        DecodeKernels.attention(qkv, r * 3 * cp, keys[s][l], tp, values[s][l], t, rowPos[r] + 1, heads, d, scale,
            scores, att, r * cp);
      }
      linear(att, cp, m, c, b.wo, b.woH, cp, b.woBias, x, cp, true);
      for (int r = 0; r < m; r++) DecodeKernels.layerNorm(x, r * cp, c, cp, b.ln2Gamma, b.ln2Beta, EPS, h, r * cp, lanes);
      linear(h, cp, m, c, b.fc, b.fcH, hp, b.fcBias, f, hp, false);
      DecodeKernels.gelu(f, 0, m * hp);
      linear(f, hp, m, w.hidden, b.proj, b.projH, cp, b.projBias, x, cp, true);
    }
    int k = single == 1 ? 1 : m;
    for (int i = 0; i < k; i++) {
      int r = single == 1 ? m - 1 : i;
      DecodeKernels.layerNorm(x, r * cp, c, cp, wt.lnFGamma, wt.lnFBeta, EPS, headIn, i * cp, lanes);
    }
    linear(headIn, cp, k, c, wt.head, wt.headH, vp, headBias, headOut, vp, false);
    for (int i = 0; i < k; i++) {
      int s = single == 1 ? stream : rowStream[i];
      System.arraycopy(headOut, i * vp, logits[s], 0, w.vocab);
    }
    fresh = true;
  }

  /**
   * One haze block over rows [0, m): x += concat of the heads (no output projection); x +=
   * GELU_tanh(LN2(x)·W0)·W1. Content heads read and write the key/value caches as gpt's do;
   * RRPRAM heads cache their values and score the row's own LN1 output against Wr's first
   * position+1 columns ({@link DecodeKernels#positional}).
   */
  private void hazeLayer(DecoderWeights.Layer b, int l, int m) {
    DecoderWeights wt = w;
    int pw = wt.projWidth;
    for (int r = 0; r < m; r++) DecodeKernels.layerNorm(x, r * cp, c, cp, b.ln1Gamma, b.ln1Beta, EPS, h, r * cp, lanes);
    linear(h, cp, m, c, b.qkv, b.qkvH, pw, b.qkvBias, qkv, pw, false);
    for (int r = 0; r < m; r++) {
      int s = rowStream[r], p = rowPos[r], qi = r * pw;
      if (wt.kOff >= 0) {
        float[] kt = keys[s][l], vc = values[s][l];
        for (int ch = 0; ch < c; ch++) kt[ch * tp + p] = qkv[qi + wt.kOff + ch];
        for (int hh = 0; hh < heads; hh++) System.arraycopy(qkv, qi + wt.vOff + hh * d, vc, (hh * t + p) * d, d);
      }
      if (wt.vrOff >= 0) {
        float[] vr = positionalValues[s][l];
        for (int hh = 0; hh < heads; hh++) System.arraycopy(qkv, qi + wt.vrOff + hh * d, vr, (hh * t + p) * d, d);
      }
    }
    for (int r = 0; r < m; r++) {
      int s = rowStream[r], n = rowPos[r] + 1;
      if (wt.kOff >= 0) {
        DecodeKernels.attention(qkv, r * pw + wt.qOff, keys[s][l], tp, values[s][l], t, n, heads, d, scale, scores, att, r * cp);
      }
      if (wt.vrOff >= 0) {
        float[] into = att2 != null ? att2 : att;
        DecodeKernels.positional(h, r * cp, c, b.wr, b.wrH, wt.contextP, positionalValues[s][l], t, n, heads, d, scores, into, r * cp);
        if (att2 != null) DecodeKernels.add(att, r * cp, att2, r * cp, att, r * cp, cp);
      }
    }
    DecodeKernels.add(x, 0, att, 0, x, 0, m * cp); // the heads' columns beyond C stay 0
    for (int r = 0; r < m; r++) DecodeKernels.layerNorm(x, r * cp, c, cp, b.ln2Gamma, b.ln2Beta, EPS, h, r * cp, lanes);
    linear(h, cp, m, c, b.fc, b.fcH, hp, b.fcBias, f, hp, false);
    DecodeKernels.geluTanh(f, 0, m * hp, geluTmp);
    linear(f, hp, m, wt.hidden, b.proj, b.projH, cp, b.projBias, x, cp, true);
  }

  /** y (+)= x·W + b over m rows; columns split over the workers when the product is large. */
  private void linear(float[] xa, int xs, int m, int in, float[] wa, short[] wh, int outP, float[] ba, float[] ya, int ys, boolean residual) {
    int panels = DecodeKernels.panels(outP);
    long work = (long) m * in * outP;
    int p = Math.min(work >= PREFILL_PARALLEL_MIN ? Integer.MAX_VALUE : threads, Parallel.threads());
    if (work < PARALLEL_MIN || panels < 2 || p < 2) {
      DecodeKernels.linear(xa, xs, m, in, wa, wh, outP, ba, ya, ys, residual, 0, panels, task.scratch(0));
      return;
    }
    task.set(xa, xs, m, in, wa, wh, outP, ba, ya, ys, residual);
    task.scratch(p - 1); // grown here, not on the workers
    Parallel.parts(panels, p, task);
  }

  /** A reusable parallel body (no capture, no allocation per call). */
  private static final class LinearTask implements Parallel.PartBody {
    float[] x, w, b, y;
    short[] wh;
    int xs, m, in, outP, ys;
    boolean residual;
    private float[][] scratch = new float[0][];

    /** Part p's tile scratch (parts run at the same time on different threads). */
    float[] scratch(int part) {
      if (part >= scratch.length) {
        float[][] grown = Arrays.copyOf(scratch, part + 1);
        for (int i = scratch.length; i <= part; i++) grown[i] = new float[DecodeKernels.SCRATCH];
        scratch = grown;
      }
      return scratch[part];
    }

    void set(float[] x, int xs, int m, int in, float[] w, short[] wh, int outP, float[] b, float[] y, int ys, boolean residual) {
      this.x = x;
      this.wh = wh;
      this.xs = xs;
      this.m = m;
      this.in = in;
      this.w = w;
      this.outP = outP;
      this.b = b;
      this.y = y;
      this.ys = ys;
      this.residual = residual;
    }

    @Override
    public void run(int part, int start, int end) {
      DecodeKernels.linear(x, xs, m, in, w, wh, outP, b, y, ys, residual, start, end, scratch[part]);
    }
  }
}
