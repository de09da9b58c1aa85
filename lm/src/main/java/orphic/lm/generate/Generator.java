package orphic.lm.generate;

import java.util.Arrays;
import java.util.function.IntConsumer;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Arena;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.LanguageModel;

/**
 * Autoregressive generation by full-window recomputation: each new token reruns the model on the
 * last {@code context} tokens (a sliding window once the context is full). Simple and exact for
 * every architecture; incremental key/value decoding builds on the same contract.
 */
public final class Generator {
  private final LanguageModel model;
  private final Arena arena = new Arena();
  private final float[] logits;

  public Generator(LanguageModel model) {
    this.model = model;
    this.logits = new float[model.config().vocabSize()];
  }

  /** Chooses the next token from the logits of the last position. */
  @FunctionalInterface
  public interface TokenPicker {
    int pick(float[] logits, int[] history, int length);
  }

  /**
   * Appends {@code count} tokens to {@code prompt} (which must not be empty) and returns all
   * tokens generated (prompt excluded). {@code onToken} (may be null) sees each token as it comes.
   */
  public int[] generate(int[] prompt, int count, TokenPicker picker, IntConsumer onToken) {
    if (prompt.length == 0) throw new IllegalArgumentException("generation needs a prompt of at least one token");
    int t = model.config().context();
    int[] history = Arrays.copyOf(prompt, prompt.length + count);
    int length = prompt.length;
    boolean wasTraining = model.module().isTraining();
    model.module().train(false);
    try (var ng = Autograd.noGrad()) {
      for (int i = 0; i < count; i++) {
        int window = Math.min(length, t);
        int[] ids = Arrays.copyOfRange(history, length - window, length);
        try (var scope = arena.open()) {
          Tensor out = model.forward(ids, 1, window); // [1, window, V]
          int v = logits.length;
          System.arraycopy(out.data(), out.offset() + (window - 1) * v, logits, 0, v);
        }
        int next = picker.pick(logits, history, length);
        history[length++] = next;
        if (onToken != null) onToken.accept(next);
      }
    } finally {
      model.module().train(wasTraining);
    }
    return Arrays.copyOfRange(history, prompt.length, length);
  }

  /** Temperature sampling with an optional top-k cut, from a seeded stream (SplitMix64). */
  public static TokenPicker temperature(double temperature, int topK, long seed) {
    long[] state = {seed};
    return (logits, history, length) -> {
      int v = logits.length;
      if (temperature <= 0) return argmax(logits);
      float cut = Float.NEGATIVE_INFINITY;
      if (topK > 0 && topK < v) {
        float[] sorted = logits.clone();
        Arrays.sort(sorted);
        cut = sorted[v - topK];
      }
      double max = Double.NEGATIVE_INFINITY;
      for (float l : logits) max = Math.max(max, l);
      double sum = 0;
      double[] p = new double[v];
      for (int i = 0; i < v; i++) {
        p[i] = logits[i] < cut ? 0 : Math.exp((logits[i] - max) / temperature);
        sum += p[i];
      }
      state[0] += 0x9E3779B97F4A7C15L;
      long z = state[0];
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
    };
  }

  static int argmax(float[] x) {
    int best = 0;
    for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
    return best;
  }
}
