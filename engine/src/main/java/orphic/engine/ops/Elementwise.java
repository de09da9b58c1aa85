package orphic.engine.ops;

import java.util.List;
import orphic.engine.tensor.Tensor;

/** TODO: forward and backward. */
public final class Elementwise {
  private Elementwise() {}
  public static Tensor add(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor sub(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor mul(Tensor a, Tensor b) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor scale(Tensor a, float s) { throw new UnsupportedOperationException("not implemented yet"); }
}
