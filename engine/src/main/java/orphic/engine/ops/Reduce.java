package orphic.engine.ops;

import java.util.List;
import orphic.engine.tensor.Tensor;

/** TODO: forward and backward. */
public final class Reduce {
  private Reduce() {}
  public static Tensor sum(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor mean(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
  public static Tensor sumLastAxis(Tensor x) { throw new UnsupportedOperationException("not implemented yet"); }
}
