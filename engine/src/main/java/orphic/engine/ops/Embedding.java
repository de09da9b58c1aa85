package orphic.engine.ops;

import java.util.List;
import orphic.engine.tensor.Tensor;

/** TODO: forward and backward. */
public final class Embedding {
  private Embedding() {}
  public static Tensor forward(Tensor table, int[] ids, int... idsShape) { throw new UnsupportedOperationException("not implemented yet"); }
}
