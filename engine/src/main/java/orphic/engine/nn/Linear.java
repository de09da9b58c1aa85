package orphic.engine.nn;

import java.util.Arrays;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/** Fully connected layer, PyTorch's layout: x [..., In] → x·Wᵀ + b [..., Out]; W [Out, In], b [Out]. */
public final class Linear extends Module {
  private final int in;
  private final int out;
  private final Tensor weight;
  private final Tensor bias;

  /** Weights normal(0.02) as in GPT-2, bias (if any) zero. */
  public Linear(int in, int out, boolean bias) {
    this(in, out, bias, Init.normal(0.02));
  }

  /** Weights from {@code init}, bias (if any) zero. */
  public Linear(int in, int out, boolean bias, Init init) {
    if (in < 1 || out < 1) throw new IllegalArgumentException("Linear needs in, out >= 1, got " + in + ", " + out);
    this.in = in;
    this.out = out;
    this.weight = parameter("weight", init, out, in);
    this.bias = bias ? parameter("bias", Init.zeros(), out) : null;
  }

  /** x: [..., In] → [..., Out]. */
  public Tensor forward(Tensor x) {
    if (x.rank() == 0 || x.dim(-1) != in) {
      throw new IllegalArgumentException("Linear(" + in + " → " + out + ") got input of shape " + Arrays.toString(x.shape())
          + "; its last axis must be " + in);
    }
    return Ops.linear(x, weight, bias);
  }

  /** [Out, In]. */
  public Tensor weight() {
    return weight;
  }

  /** [Out], or null without bias. */
  public Tensor bias() {
    return bias;
  }

  public int inFeatures() {
    return in;
  }

  public int outFeatures() {
    return out;
  }
}
