package orphic.engine.nn;

import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/** Layer normalisation over the last axis: x [..., C] → (x − mean)/√(var + eps)·γ + β; γ, β [C]. */
public final class LayerNorm extends Module {
  private final int dim;
  private final float eps;
  private final Tensor weight;
  private final Tensor bias;

  /** γ starts at 1 and β (if any) at 0. */
  public LayerNorm(int dim, float eps, boolean bias) {
    if (dim < 1) throw new IllegalArgumentException("LayerNorm needs dim >= 1, got " + dim);
    if (!(eps > 0)) throw new IllegalArgumentException("LayerNorm needs eps > 0, got " + eps);
    this.dim = dim;
    this.eps = eps;
    this.weight = parameter("weight", Init.ones(), dim);
    this.bias = bias ? parameter("bias", Init.zeros(), dim) : null;
  }

  /** x: [..., C] → [..., C]. */
  public Tensor forward(Tensor x) {
    Shapes.requireLastAxis("LayerNorm", x, dim);
    return Ops.layerNorm(x, weight, bias, eps);
  }

  /** γ: [C]. */
  public Tensor weight() {
    return weight;
  }

  /** β: [C], or null. */
  public Tensor bias() {
    return bias;
  }
}
