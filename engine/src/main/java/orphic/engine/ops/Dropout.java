package orphic.engine.ops;

import java.util.List;
import orphic.engine.tensor.Tensor;

/** TODO: forward and backward. */
public final class Dropout {
  private Dropout() {}
  public static Tensor forward(Tensor x, float p, long seed) { throw new UnsupportedOperationException("not implemented yet"); }
}
