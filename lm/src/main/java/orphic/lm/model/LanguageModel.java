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

  /**
   * Installs (or, with null, removes) a probe that receives every head's attention weights on
   * each later {@link #forward}. Both model families support it; without a probe the forward pass
   * is unchanged.
   */
  default void setAttentionProbe(AttentionProbe probe) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " does not report its attention weights");
  }
}
