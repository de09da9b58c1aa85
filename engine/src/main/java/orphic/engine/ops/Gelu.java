package orphic.engine.ops;

import java.util.List;
import orphic.engine.tensor.Tensor;

/** TODO: forward and backward. */
public final class Gelu {
  private Gelu() {}
  public enum Mode { TANH, ERF }
  public static Tensor forward(Tensor x, Mode mode) { throw new UnsupportedOperationException("not implemented yet"); }
}
