package orphic.engine.optim;

import orphic.engine.nn.Module;
import orphic.engine.tensor.Tensor;

/** A test model with a matrix (decayed by default) and a vector (not), given by value. */
final class Params extends Module {
  final Tensor w;
  final Tensor b;

  /** w: [rows, cols] and b: [cols], values drawn from {@code seed}. */
  Params(int rows, int cols, long seed) {
    w = parameter("w", Tensor.randn(seed, 1f, rows, cols));
    b = parameter("b", Tensor.randn(seed + 1, 1f, cols));
  }

  /** A deterministic gradient for step {@code step}, written into the store's flat gradient. */
  static void fillGrad(float[] grad, int step) {
    for (int i = 0; i < grad.length; i++) grad[i] = (float) Math.sin(0.37 * i + 1.3 * step) * (1 + (i % 3));
  }
}
