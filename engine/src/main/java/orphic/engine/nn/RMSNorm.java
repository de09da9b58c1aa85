package orphic.engine.nn;

import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/** RMS normalisation over the last axis: x [..., C] → x/√(mean(x²) + eps)·γ; γ [C]. */
public final class RMSNorm extends Module {
  private final int dim;
  private final float eps;
  private final Tensor weight;

  /** γ starts at 1. */
  public RMSNorm(int dim, float eps) {
    if (dim < 1) throw new IllegalArgumentException("RMSNorm needs dim >= 1, got " + dim);
    if (!(eps > 0)) throw new IllegalArgumentException("RMSNorm needs eps > 0, got " + eps);
    this.dim = dim;
    this.eps = eps;
    this.weight = parameter("weight", Init.ones(), dim);
  }

  /** x: [..., C] → [..., C]. */
  public Tensor forward(Tensor x) {
    Shapes.requireLastAxis("RMSNorm", x, dim);
    return Ops.rmsNorm(x, weight, eps);
  }

  /** γ: [C]. */
  public Tensor weight() {
    return weight;
  }
}
