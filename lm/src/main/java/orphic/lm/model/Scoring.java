package orphic.lm.model;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Arena;
import orphic.engine.tensor.Tensor;

/**
 * Next-token logits at every position of a token sequence of any length. Up to the model's
 * context T this is one forward pass; beyond it, position i is scored on the window of the last T
 * tokens ending at i (the same window generation slides), one pass per position past T.
 */
public final class Scoring {
  private Scoring() {}

  /** ids: L tokens → L rows of V logits (row i predicts token i+1). */
  public static float[][] logits(LanguageModel model, int[] ids) {
    if (ids.length == 0) throw new IllegalArgumentException("nothing to score: the text encodes to no tokens");
    int t = model.config().context();
    int v = model.config().vocabSize();
    float[][] out = new float[ids.length][];
    Arena arena = new Arena();
    boolean wasTraining = model.module().isTraining();
    model.module().train(false);
    try (var ng = Autograd.noGrad()) {
      int first = Math.min(ids.length, t);
      try (var s = arena.open()) {
        Tensor logits = model.forward(Arrays.copyOf(ids, first), 1, first); // [1, first, V]
        for (int i = 0; i < first; i++) out[i] = Arrays.copyOfRange(logits.data(), logits.offset() + i * v, logits.offset() + (i + 1) * v);
      }
      for (int i = first; i < ids.length; i++) {
        try (var s = arena.open()) {
          Tensor logits = model.forward(Arrays.copyOfRange(ids, i - t + 1, i + 1), 1, t);
          out[i] = Arrays.copyOfRange(logits.data(), logits.offset() + (t - 1) * v, logits.offset() + t * v);
        }
      }
    } finally {
      model.module().train(wasTraining);
    }
    return out;
  }
}
