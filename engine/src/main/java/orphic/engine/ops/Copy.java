package orphic.engine.ops;

import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;

/**
 * Contiguous copy of a strided view (e.g. a transpose). The pattern every op follows: compute the
 * output, then, if an input needs a gradient, record a backward that accumulates into the inputs'
 * gradient buffers.
 */
public final class Copy {
  private Copy() {}

  /** x: any strides → out: same shape, contiguous. */
  public static Tensor contiguous(Tensor x) {
    Tensor out = Tensor.empty(x.shape());
    x.copyInto(out.data(), out.offset());
    if (Autograd.needsGrad(x)) {
      Autograd.record(out, () -> {
        // d out / d x is the identity through x's strides.
        float[] g = out.gradArray();
        int go = out.gradOffset();
        float[] xg = x.gradArray();
        int xo = x.gradOffset();
        int[] shape = x.shape();
        int[] st = x.strides();
        int[] idx = new int[shape.length];
        for (int i = 0; i < out.size(); i++) {
          int p = xo;
          for (int a = 0; a < idx.length; a++) p += idx[a] * st[a];
          xg[p] += g[go + i];
          for (int a = idx.length - 1; a >= 0; a--) {
            if (++idx[a] < shape[a]) break;
            idx[a] = 0;
          }
        }
      });
    }
    return out;
  }
}
