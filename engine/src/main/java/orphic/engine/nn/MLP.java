package orphic.engine.nn;

import orphic.engine.ops.Gelu;
import orphic.engine.ops.Ops;
import orphic.engine.tensor.Tensor;

/** The transformer feed-forward block: x [..., C] → proj(GELU(fc(x))) [..., C]; fc: C → Hid, proj: Hid → C. */
public final class MLP extends Module {
  private final Linear fc;
  private final Linear proj;
  private final Gelu.Mode mode;

  /** With biases, GPT-2's normal(0.02) for both layers. */
  public MLP(int dim, int hidden, Gelu.Mode mode) {
    this(dim, hidden, mode, true, Init.normal(0.02), Init.normal(0.02));
  }

  /**
   * {@code projInit} initialises the output projection, which writes into the residual stream
   * (GPT-2 scales it: {@link Init#scaledResidual}).
   */
  public MLP(int dim, int hidden, Gelu.Mode mode, boolean bias, Init init, Init projInit) {
    this.fc = child("fc", new Linear(dim, hidden, bias, init));
    this.proj = child("proj", new Linear(hidden, dim, bias, projInit));
    this.mode = mode;
  }

  /** x: [..., C] → [..., C]. */
  public Tensor forward(Tensor x) {
    return proj.forward(Ops.gelu(fc.forward(x), mode));
  }

  public Linear fc() {
    return fc;
  }

  public Linear proj() {
    return proj;
  }
}
