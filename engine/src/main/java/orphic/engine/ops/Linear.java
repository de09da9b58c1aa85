package orphic.engine.ops;

import java.util.List;
import orphic.engine.tensor.Tensor;

/** TODO: forward and backward. */
public final class Linear {
  private Linear() {}
  public static Tensor forward(Tensor x, Tensor w, Tensor bias) { throw new UnsupportedOperationException("not implemented yet"); }
}
