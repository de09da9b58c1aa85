package orphic.engine.ops;

import java.util.List;
import orphic.engine.tensor.Tensor;

/** TODO: forward and backward. */
public final class CausalAttention {
  private CausalAttention() {}
  /**
   * Optional extras, all null/false by default.
   * extraKeys, extraValues: [H, S, d] learnable key/value rows every query may attend to (besides the causal past);
   * extraLogitOffsets: [H, S] added to those rows' logits (S=1 with zero key and value = a per-head sink logit: softmax₁ at 0);
   * keepProbabilities: keep the attention weights [B, H, T, T+S] for inspection.
   */
  public record Options(Tensor extraKeys, Tensor extraValues, Tensor extraLogitOffsets, boolean keepProbabilities) {
    public static final Options NONE = new Options(null, null, null, false);
  }
  public static Tensor forward(Tensor q, Tensor k, Tensor v, int heads, Options options) { throw new UnsupportedOperationException("not implemented yet"); }
}
