package orphic.engine.ops;

import java.util.List;
import orphic.engine.tensor.Tensor;

/** TODO: forward and backward. */
public final class MatMul {
  private MatMul() {}
  public static Tensor forward(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
}
