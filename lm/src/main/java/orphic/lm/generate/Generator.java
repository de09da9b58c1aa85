package orphic.lm.generate;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Arena;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.LanguageModel;

/**
 * Autoregressive generation: a prompt in, tokens out one at a time through a {@link TokenPicker},
 * each reported to a listener as soon as it is chosen (which may stop the generation).
 *
 * <p>Two ways to get the logits of each step:
 * <ul>
 *   <li>{@link Mode#KV} (the default for gpt and haze models): {@link IncrementalDecoder}, one row per new
 *       token against cached keys and values; when the context is full it re-encodes the last T/2
 *       tokens and continues (see that class).
 *   <li>{@link Mode#FULL} ({@link #fullRecompute}): reruns the model on the last min(length, T)
 *       tokens for every token (a sliding window once the context is full). Exact for every
 *       architecture; the reference the incremental path is tested against.
 * </ul>
 * The two agree token for token while the context is not full; past it they see different windows.
 *
 * <p>The generator packs the model's weights when it is built (KV mode): build a new one, or call
 * {@link #refreshWeights}, after training the model further. Not thread-safe.
 */
public final class Generator {
  /** How the logits of each step are computed. */
  public enum Mode {
    /** Incremental decoding with a key/value cache. */
    KV,
    /** Full-window recomputation per token. */
    FULL
  }

  /** Chooses the next token from the logits of the last position. */
  @FunctionalInterface
  public interface TokenPicker {
    /**
     * logits: [V], a live buffer (do not keep it; modifying it is allowed); history[0..length): the
     * prompt and the tokens generated so far.
     */
    int pick(float[] logits, int[] history, int length);
  }

  private final LanguageModel model;
  private final Mode mode;
  private final WeightPrecision precision;
  private final Arena arena = new Arena();
  private final float[] fullLogits;
  private IncrementalDecoder single;
  private IncrementalDecoder batch;
  private int threads = Integer.getInteger("orphic.decode.threads", 1);

  /** Incremental (KV) generation when the model supports it, else full recomputation. */
  public Generator(LanguageModel model) {
    this(model, IncrementalDecoder.supports(model) ? Mode.KV : Mode.FULL);
  }

  /** The reference: full-window recomputation per token, for any model. */
  public static Generator fullRecompute(LanguageModel model) {
    return new Generator(model, Mode.FULL);
  }

  /** Generation in the given mode; KV needs a gpt or haze model. */
  public Generator(LanguageModel model, Mode mode) {
    this(model, mode, WeightPrecision.F32);
  }

  /** As {@link #Generator(LanguageModel, Mode)}; KV mode stores the weights in {@code precision}. */
  public Generator(LanguageModel model, Mode mode, WeightPrecision precision) {
    this.model = model;
    this.mode = mode;
    this.precision = precision;
    this.fullLogits = new float[model.config().vocabSize()];
    if (mode == Mode.KV) single = new IncrementalDecoder(model, 1, precision);
  }

  public Mode mode() {
    return mode;
  }

  /** KV mode: threads for large matrices (see {@link IncrementalDecoder#setThreads}); default 1. */
  public Generator setThreads(int threads) {
    if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    if (single != null) single.setThreads(threads);
    if (batch != null) batch.setThreads(threads);
    this.threads = threads;
    return this;
  }

  /** Re-reads the model's weights (KV mode packs a copy): call after training the model further. */
  public void refreshWeights() {
    if (single != null) single.refreshWeights();
    if (batch != null) batch.refreshWeights();
  }

  /**
   * Appends up to {@code maxTokens} tokens to {@code prompt} (at least one token) and returns the
   * tokens generated (prompt excluded). {@code listener} (may be null) sees each token as it is
   * chosen; when it returns false the generation stops there (that token included).
   */
  public int[] generate(int[] prompt, int maxTokens, TokenPicker picker, TokenListener listener) {
    checkArguments(prompt, maxTokens);
    int[] history = Arrays.copyOf(prompt, prompt.length + maxTokens);
    int length = prompt.length;
    if (maxTokens == 0) return new int[0];
    if (mode == Mode.FULL) return fullLoop(history, prompt.length, maxTokens, picker, listener);
    IncrementalDecoder dec = single;
    dec.start(prompt);
    for (int i = 0; i < maxTokens; i++) {
      int next = picker.pick(dec.logits(0), history, length);
      history[length++] = next;
      if (listener != null && !listener.onToken(next)) break;
      if (i + 1 < maxTokens) dec.step(next);
    }
    return Arrays.copyOfRange(history, prompt.length, length);
  }

  /**
   * N continuations of one prompt, N = pickers.length (each picker with its own seed): one shared
   * prefill, then the N streams decoded together. Returns each stream's generated tokens. Stream s
   * gets the same tokens as {@link #generate} with pickers[s] alone.
   */
  public int[][] generateBatch(int[] prompt, int maxTokens, TokenPicker[] pickers, StreamListener listener) {
    checkArguments(prompt, maxTokens);
    int n = pickers.length;
    if (n == 0) throw new IllegalArgumentException("generateBatch needs at least one picker (one per stream)");
    int[][] history = new int[n][];
    int[] length = new int[n];
    for (int s = 0; s < n; s++) {
      history[s] = Arrays.copyOf(prompt, prompt.length + maxTokens);
      length[s] = prompt.length;
    }
    if (mode == Mode.FULL) {
      // The reference runs the streams one after the other.
      for (int s = 0; s < n; s++) {
        int stream = s;
        int[] out = fullLoop(history[s], prompt.length, maxTokens, pickers[s],
            listener == null ? null : tok -> listener.onToken(stream, tok));
        length[s] = prompt.length + out.length;
      }
      return results(history, length, prompt.length);
    }
    if (batch == null || batch.streams() != n) batch = n == 1 ? single : new IncrementalDecoder(model, n, precision).setThreads(threads);
    IncrementalDecoder dec = batch;
    boolean[] live = new boolean[n];
    Arrays.fill(live, true);
    int running = n;
    int[] next = new int[n];
    dec.start(prompt);
    for (int i = 0; i < maxTokens && running > 0; i++) {
      for (int s = 0; s < n; s++) {
        if (!live[s]) continue; // a stopped stream keeps stepping (lockstep) on its last token, unreported
        int tok = pickers[s].pick(dec.logits(s), history[s], length[s]);
        history[s][length[s]++] = tok;
        next[s] = tok;
        if (listener != null && !listener.onToken(s, tok)) {
          live[s] = false;
          running--;
        }
      }
      if (i + 1 < maxTokens && running > 0) dec.step(next);
    }
    return results(history, length, prompt.length);
  }

  private static int[][] results(int[][] history, int[] length, int from) {
    int[][] out = new int[history.length][];
    for (int s = 0; s < history.length; s++) out[s] = Arrays.copyOfRange(history[s], from, length[s]);
    return out;
  }

  private static void checkArguments(int[] prompt, int maxTokens) {
    if (prompt.length == 0) throw new IllegalArgumentException("generation needs a prompt of at least one token");
    if (maxTokens < 0) throw new IllegalArgumentException("maxTokens must be >= 0, got " + maxTokens);
  }

  /** Full recomputation over history[0..start) + new tokens, written into history. */
  private int[] fullLoop(int[] history, int start, int maxTokens, TokenPicker picker, TokenListener listener) {
    int t = model.config().context();
    int length = start;
    boolean wasTraining = model.module().isTraining();
    model.module().train(false);
    try (var ng = Autograd.noGrad()) {
      for (int i = 0; i < maxTokens; i++) {
        int window = Math.min(length, t);
        int[] ids = Arrays.copyOfRange(history, length - window, length);
        try (var scope = arena.open()) {
          Tensor out = model.forward(ids, 1, window); // [1, window, V]
          int v = fullLogits.length;
          System.arraycopy(out.data(), out.offset() + (window - 1) * v, fullLogits, 0, v);
        }
        int next = picker.pick(fullLogits, history, length);
        history[length++] = next;
        if (listener != null && !listener.onToken(next)) break;
      }
    } finally {
      model.module().train(wasTraining);
    }
    return Arrays.copyOfRange(history, start, length);
  }

  /**
   * Temperature sampling with an optional top-k cut, from a seeded stream (SplitMix64); temperature
   * ≤ 0 is greedy. Allocation-free per call (its buffers are made once, for the first vocabulary
   * size it sees); one picker per stream.
   */
  public static TokenPicker temperature(double temperature, int topK, long seed) {
    return new TemperaturePicker(temperature, topK, seed);
  }

  private static final class TemperaturePicker implements TokenPicker {
    private final double temperature;
    private final int topK;
    private long state;
    private float[] sorted = new float[0];
    private double[] p = new double[0];

    TemperaturePicker(double temperature, int topK, long seed) {
      this.temperature = temperature;
      this.topK = topK;
      this.state = seed;
    }

    @Override
    public int pick(float[] logits, int[] history, int length) {
      int v = logits.length;
      if (temperature <= 0) return argmax(logits);
      if (p.length != v) {
        p = new double[v];
        sorted = new float[v];
      }
      float cut = Float.NEGATIVE_INFINITY;
      if (topK > 0 && topK < v) {
        System.arraycopy(logits, 0, sorted, 0, v);
        Arrays.sort(sorted);
        cut = sorted[v - topK];
      }
      double max = Double.NEGATIVE_INFINITY;
      for (float l : logits) max = Math.max(max, l);
      double sum = 0;
      for (int i = 0; i < v; i++) {
        p[i] = logits[i] < cut ? 0 : StrictMath.exp((logits[i] - max) / temperature);
        sum += p[i];
      }
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      double u = (z >>> 11) * 0x1.0p-53 * sum;
      double c = 0;
      for (int i = 0; i < v; i++) {
        c += p[i];
        if (u < c) return i;
      }
      return argmax(logits);
    }
  }

  static int argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
    return best;
  }
}
