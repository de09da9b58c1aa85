package orphic.engine.ops;

import java.util.List;
import orphic.engine.tensor.Tensor;

/** TODO: forward and backward. */
public final class Softmax {
  private Softmax() {}
  public static Tensor softmax(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor logSoftmax(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
}
