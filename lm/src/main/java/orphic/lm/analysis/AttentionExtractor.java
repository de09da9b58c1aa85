package orphic.lm.analysis;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Arena;
import orphic.lm.model.AttentionProbe;
import orphic.lm.model.LanguageModel;

/**
 * Every head's attention matrix over a token sequence of any length, read from the model through
 * an {@link AttentionProbe} (in eval mode, without gradients; the model's mode and probe are
 * restored afterwards).
 *
 * <p>Up to the model's context T this is one forward pass and the matrices are the model's
 * patterns as they are. Past T, row i is the last row of a forward pass over the window of the
 * last T tokens ending at i (the window {@code Scoring} and generation slide): its weights sit on
 * columns i − T + 1 … i. One forward pass per token past T, as {@code Scoring} does.
 */
public final class AttentionExtractor {
  private AttentionExtractor() {}

  /** matrices[layer][head], each n × n (n = ids.length ≥ 1). */
  public static AttentionMatrix[][] extract(LanguageModel model, int[] ids) {
    if (ids.length == 0) throw new IllegalArgumentException("nothing to inspect: the text encodes to no tokens");
    int n = ids.length;
    int t = model.config().context();
    int layers = model.config().layers(), heads = model.config().heads();
    AttentionMatrix[][] out = new AttentionMatrix[layers][heads];
    for (int l = 0; l < layers; l++) for (int h = 0; h < heads; h++) out[l][h] = new AttentionMatrix(n, t);
    Collector collector = new Collector(out);
    boolean wasTraining = model.module().isTraining();
    model.module().train(false);
    model.setAttentionProbe(collector);
    Arena arena = new Arena();
    try (var ng = Autograd.noGrad()) {
      int first = Math.min(n, t);
      collector.window(0, 0);
      try (var s = arena.open()) {
        model.forward(Arrays.copyOf(ids, first), 1, first);
      }
      for (int i = first; i < n; i++) {
        collector.window(i - t + 1, t - 1); // only the window's last row is new
        try (var s = arena.open()) {
          model.forward(Arrays.copyOfRange(ids, i - t + 1, i + 1), 1, t);
        }
      }
    } finally {
      model.setAttentionProbe(null);
      model.module().train(wasTraining);
    }
    return out;
  }

  /** Copies window rows from {@code fromRow} on into the matrices (window row r = text row start + r). */
  private static final class Collector implements AttentionProbe {
    private final AttentionMatrix[][] out;
    private int start, fromRow;

    Collector(AttentionMatrix[][] out) {
      this.out = out;
    }

    void window(int start, int fromRow) {
      this.start = start;
      this.fromRow = fromRow;
    }

    @Override
    public void onAttention(int layer, int head, int sequence, int length, float[] weights, int offset) {
      AttentionMatrix m = out[layer][head];
      for (int r = fromRow; r < length; r++) {
        // Window column c is text column start + c; setRow reads text column j at from + j.
        m.setRow(start + r, weights, offset + r * length - start);
      }
    }
  }
}
