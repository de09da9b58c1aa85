package orphic.lm.model;

import orphic.engine.tensor.Tensor;

/**
 * A next-token model over a fixed context: ids in, logits out. Implemented by the model families
 * ({@link GptModel}, {@link HazeModel}); the trainer, evaluator and samplers only see this.
 */
public interface LanguageModel {
  ModelConfig config();

  /**
   * Logits for every position. ids: B·T token ids, row-major [B, T], T ≤ context → [B, T, V].
   * Records on the autograd tape unless called inside {@code Autograd.noGrad()}.
   */
  Tensor forward(int[] ids, int batch, int time);

  /** The underlying module (parameters, train/eval mode). */
  orphic.engine.nn.Module module();
}
