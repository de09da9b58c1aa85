package orphic.lm.experiment;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Arena;
import orphic.engine.tensor.Tensor;
import orphic.lm.metrics.ExpectedCalibrationError;
import orphic.lm.metrics.NatsPerChar;
import orphic.lm.model.LanguageModel;

/**
 * One pass of a model over a token sequence cut into non-overlapping windows of its context T
 * (ids[i·T, i·T + T) predicting ids[i·T + 1, i·T + T + 1), as {@code Evaluator} cuts them), feeding
 * every next-token prediction to the loss and calibration measures.
 */
final class ValidationPass {
  final NatsPerChar loss = new NatsPerChar();
  final ExpectedCalibrationError calibration = new ExpectedCalibrationError();

  private ValidationPass() {}

  /** @param charsPerToken characters each id spells, or null when every id is one character */
  static ValidationPass run(LanguageModel model, int[] ids, int[] charsPerToken, int batch) {
    int t = model.config().context();
    int v = model.config().vocabSize();
    int windows = (ids.length - 1) / t;
    if (windows <= 0) throw new IllegalArgumentException("validation text of " + ids.length + " tokens is shorter than one window of " + (t + 1));
    ValidationPass pass = new ValidationPass();
    Arena arena = new Arena();
    boolean wasTraining = model.module().isTraining();
    model.module().train(false);
    try (var ng = Autograd.noGrad()) {
      int[] x = new int[batch * t];
      for (int w = 0; w < windows; w += batch) {
        int b = Math.min(batch, windows - w);
        for (int r = 0; r < b; r++) System.arraycopy(ids, (w + r) * t, x, r * t, t);
        try (var scope = arena.open()) {
          Tensor logits = model.forward(b == batch ? x : Arrays.copyOf(x, b * t), b, t); // [b, T, V]
          Tensor dense = logits.contiguous();
          float[] data = dense.data();
          int base = dense.offset();
          for (int r = 0; r < b; r++) {
            for (int i = 0; i < t; i++) {
              int target = ids[(w + r) * t + i + 1];
              int off = base + (r * t + i) * v;
              pass.loss.add(data, off, v, target, charsPerToken == null ? 1 : charsPerToken[target]);
              pass.calibration.add(data, off, v, target);
            }
          }
        }
      }
    } finally {
      model.module().train(wasTraining);
    }
    return pass;
  }
}
