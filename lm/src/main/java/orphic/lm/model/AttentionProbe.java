package orphic.lm.model;

/**
 * Receives the attention weights of every head while a model runs its forward pass, for
 * inspection ({@code orphic.lm.analysis}). Set one with {@link LanguageModel#setAttentionProbe};
 * while none is set the models take their ordinary path and pay nothing.
 *
 * <p>What a head reports, per sequence of the batch: its row-stochastic causal pattern
 * [L, L] (row i = query i; entries j ≤ i sum to 1, entries j &gt; i are 0):
 * <ul>
 *   <li>gpt and haze content heads: softmax(q·kᵀ/√d) with the causal mask;
 *   <li>haze rrpram heads: causal_softmax(x·Wr[:, :L]);
 *   <li>haze hybrid heads: the effective mixture g·A_rrpram + (1 − g)·A_content with the head's
 *       current gate g (a summary: the two halves mix different values, so the output is not
 *       exactly this pattern times one value matrix).
 * </ul>
 * Meant for evaluation (no-grad, eval mode); a probe set during training sees the same weights.
 */
@FunctionalInterface
public interface AttentionProbe {
  /**
   * One head's pattern for batch row {@code sequence}: weight of query i on key j at
   * {@code weights[offset + i·length + j]}. The array is the model's buffer, valid during the call
   * only: copy what you keep.
   */
  void onAttention(int layer, int head, int sequence, int length, float[] weights, int offset);
}
