package orphic.engine.ops;

import java.util.List;
import orphic.engine.tensor.Tensor;

/**
 * The op set, in one place: every differentiable operation of the engine as a static method.
 * Each delegates to the class that holds its forward and backward side by side.
 *
 * <p>Shape notation: B batch, T time, C channels, H heads, V vocabulary, N rows. "Last axis"
 * ops treat a tensor of shape [..., C] as N = size / C rows of C.
 */
public final class Ops {
  private Ops() {}

  // ------------------------------------------------------------------ matrix products

  /**
   * Batched matrix product. a: [..., M, K], b: [..., K, N] or [K, N] (shared by every batch)
   * → [..., M, N]. Either operand may be a {@link Tensor#transpose()} view: no copy is made.
   */
  public static Tensor matmul(Tensor a, Tensor b) {
    return MatMul.forward(a, b);
  }

  /**
   * Fully connected layer, PyTorch's convention: y = x·Wᵀ + b.
   * x: [..., In], w: [Out, In], bias: [Out] or null → [..., Out].
   */
  public static Tensor linear(Tensor x, Tensor w, Tensor bias) {
    return Linear.forward(x, w, bias);
  }

  // ------------------------------------------------------------------ elementwise

  /** a + b; b has a's shape or a suffix of it (broadcast over leading axes, e.g. a bias). */
  public static Tensor add(Tensor a, Tensor b) {
    return Elementwise.add(a, b);
  }

  /** a − b; same broadcasting as {@link #add}. */
  public static Tensor sub(Tensor a, Tensor b) {
    return Elementwise.sub(a, b);
  }

  /** a ⊙ b; b has a's shape or a suffix of it. */
  public static Tensor mul(Tensor a, Tensor b) {
    return Elementwise.mul(a, b);
  }

  /** s · a. */
  public static Tensor scale(Tensor a, float s) {
    return Elementwise.scale(a, s);
  }

  /** GELU, tanh approximation or exact erf form. */
  public static Tensor gelu(Tensor x, Gelu.Mode mode) {
    return Gelu.forward(x, mode);
  }

  // ------------------------------------------------------------------ lookup

  /** Rows of table: table [V, C], ids (values in [0, V)) with shape idsShape → [...idsShape, C]. */
  public static Tensor embedding(Tensor table, int[] ids, int... idsShape) {
    return Embedding.forward(table, ids, idsShape);
  }

  // ------------------------------------------------------------------ normalisation (last axis)

  /** (x − mean)/sqrt(var + eps)·gamma + beta over the last axis. gamma, beta: [C] (beta may be null). */
  public static Tensor layerNorm(Tensor x, Tensor gamma, Tensor beta, float eps) {
    return LayerNorm.forward(x, gamma, beta, eps);
  }

  /** x / sqrt(mean(x²) + eps) · gamma over the last axis. gamma: [C]. */
  public static Tensor rmsNorm(Tensor x, Tensor gamma, float eps) {
    return RmsNorm.forward(x, gamma, eps);
  }

  /** softmax over the last axis. */
  public static Tensor softmax(Tensor x) {
    return Softmax.softmax(x);
  }

  /** log-softmax over the last axis. */
  public static Tensor logSoftmax(Tensor x) {
    return Softmax.logSoftmax(x);
  }

  // ------------------------------------------------------------------ attention

  /**
   * Fused multi-head causal self-attention: softmax(QKᵀ/√d + mask)·V per head, with the optional
   * extras of {@link CausalAttention.Options}. q, k, v: [B, T, C] with C = H·d → [B, T, C].
   */
  public static Tensor causalAttention(Tensor q, Tensor k, Tensor v, int heads, CausalAttention.Options options) {
    return CausalAttention.forward(q, k, v, heads, options);
  }

  /**
   * Softmax of scale·s over each row's causal part, s [..., L, L] → [..., L, L]: row i covers
   * columns 0..i, later columns are 0. For attention whose scores are not q·kᵀ (haze's RRPRAM).
   */
  public static Tensor causalSoftmax(Tensor s, float scale) {
    return CausalSoftmax.forward(s, scale);
  }

  // ------------------------------------------------------------------ losses

  /**
   * Mean softmax cross-entropy. logits: [N, V] (or [..., V]), targets: N ids (−1 = ignored),
   * weights: N per-sample weights or null, labelSmoothing in [0, 1). Returns a scalar: the sum of
   * weight·loss over non-ignored rows divided by their count.
   */
  public static Tensor crossEntropy(Tensor logits, int[] targets, float[] weights, float labelSmoothing) {
    return CrossEntropy.forward(logits, targets, weights, labelSmoothing);
  }

  /** Inverted dropout with probability p, mask drawn from a counter-based hash of seed. */
  /** FiLM per sequence: x [B, T, C], film [B or 1, 2C] → x·(1 + film[:, :C]) + film[:, C:] [B, T, C]. */
  public static Tensor film(Tensor x, Tensor film) {
    return Film.forward(x, film);
  }

  public static Tensor dropout(Tensor x, float p, long seed) {
    return Dropout.forward(x, p, seed);
  }

  // ------------------------------------------------------------------ structure

  /** Concatenation along {@code axis} (negative counts from the end). */
  public static Tensor concat(List<Tensor> parts, int axis) {
    return Concat.concat(parts, axis);
  }

  /** Split along {@code axis} into pieces of the given sizes (copies; gradients flow back). */
  public static List<Tensor> split(Tensor x, int axis, int... sizes) {
    return Concat.split(x, axis, sizes);
  }

  /** Sum of all elements → scalar. */
  public static Tensor sum(Tensor x) {
    return Reduce.sum(x);
  }

  /** Mean of all elements → scalar. */
  public static Tensor mean(Tensor x) {
    return Reduce.mean(x);
  }

  /** Sum over the last axis: [..., C] → [...]. */
  public static Tensor sumLastAxis(Tensor x) {
    return Reduce.sumLastAxis(x);
  }
}
