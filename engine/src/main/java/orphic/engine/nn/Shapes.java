package orphic.engine.nn;

import java.util.Arrays;
import orphic.engine.tensor.Tensor;

/** Input checks shared by the layers, with messages that name the layer and the expected size. */
final class Shapes {
  private Shapes() {}

  static void requireLastAxis(String layer, Tensor x, int size) {
    if (x.rank() == 0 || x.dim(-1) != size) {
      throw new IllegalArgumentException(layer + " expects a last axis of " + size + ", got shape " + Arrays.toString(x.shape()));
    }
  }
}
