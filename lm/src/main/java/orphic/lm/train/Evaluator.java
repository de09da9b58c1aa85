package orphic.lm.train;

import orphic.engine.autograd.Autograd;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Arena;
import orphic.engine.tensor.Tensor;
import orphic.lm.model.LanguageModel;

/**
 * Validation loss in nats per character, computed like nanoGPT and the PyTorch reference: the
 * validation split is cut into non-overlapping windows val[i·T, i·T + T) with targets shifted by
 * one, and the cross-entropy is averaged over every position of every window (or of every
 * {@code stride}-th window, for quick checks during training).
 *
 * <p>For subword tokenizers the total loss is divided by the number of characters the target
 * tokens spell, so figures stay comparable across tokenizers.
 */
public final class Evaluator {
  private Evaluator() {}

  /** Summed loss over the evaluated targets, and their token and character counts. */
  public record Result(double nats, long tokens, long chars) {
    public double natsPerChar() {
      return nats / chars;
    }

    public double natsPerToken() {
      return nats / tokens;
    }
  }

  /**
   * Characters each token id spells (code points; at least 1, so special ids count as one), or
   * null when every id is one character: what turns nats per token into nats per character.
   */
  public static int[] charsPerToken(orphic.lm.tokenize.Tokenizer tokenizer) {
    int[] c = new int[tokenizer.vocabSize()];
    boolean allOne = true;
    for (int i = 0; i < c.length; i++) {
      String s = tokenizer.tokenText(i);
      c[i] = s == null ? 1 : Math.max(1, s.codePointCount(0, s.length()));
      allOne &= c[i] == 1;
    }
    return allOne ? null : c;
  }

  /**
   * @param charsPerToken number of characters each token id spells, or null for a character model
   * @param batch         windows per forward pass
   * @param stride        evaluate every stride-th window (1 = all)
   */
  public static Result evaluate(LanguageModel model, int[] val, int[] charsPerToken, int batch, int stride, Arena arena) {
    int t = model.config().context();
    int windows = (val.length - 1) / t;
    if (windows <= 0) throw new IllegalArgumentException("validation split of " + val.length + " tokens is shorter than one window of " + (t + 1));
    int[] starts = new int[(windows + stride - 1) / stride];
    for (int i = 0; i < starts.length; i++) starts[i] = i * stride * t;
    boolean wasTraining = model.module().isTraining();
    model.module().train(false);
    double nats = 0;
    long tokens = 0, chars = 0;
    int[] x = new int[batch * t];
    int[] y = new int[batch * t];
    try (var ng = Autograd.noGrad()) {
      for (int j = 0; j < starts.length; j += batch) {
        int b = Math.min(batch, starts.length - j);
        for (int r = 0; r < b; r++) {
          System.arraycopy(val, starts[j + r], x, r * t, t);
          System.arraycopy(val, starts[j + r] + 1, y, r * t, t);
        }
        int[] ys = b == batch ? y : java.util.Arrays.copyOf(y, b * t);
        try (var scope = arena == null ? null : arena.open()) {
          Tensor logits = model.forward(b == batch ? x : java.util.Arrays.copyOf(x, b * t), b, t);
          Tensor loss = Ops.crossEntropy(logits.reshape(b * t, -1), ys, null, 0f);
          nats += (double) loss.item() * (b * t);
        }
        tokens += (long) b * t;
        for (int i = 0; i < b * t; i++) chars += charsPerToken == null ? 1 : charsPerToken[ys[i]];
      }
    } finally {
      model.module().train(wasTraining);
    }
    return new Result(nats, tokens, chars);
  }
}
