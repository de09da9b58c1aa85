package orphic.engine.ops;

import java.util.List;
import orphic.engine.tensor.Tensor;

/** TODO: forward and backward. */
public final class Concat {
  private Concat() {}
  public static Tensor concat(List<Tensor> parts, int axis) { throw new UnsupportedOperationException("not implemented yet"); }
  public static List<Tensor> split(Tensor x, int axis, int... sizes) { throw new UnsupportedOperationException("not implemented yet"); }
}
