package orphic.workbench.style;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;

/**
 * The op y = x / ‖x‖ per row, x [N, D] → [N, D], with its backward dx = (dy − y·(y·dy)) / ‖x‖.
 * The engine has no such op; the contrastive loss needs it to compare directions (cosines). A row
 * of zeros stays zero (its norm is floored at 1e-12).
 */
final class RowNormalize {
  private RowNormalize() {}

  static Tensor forward(Tensor x) {
    if (x.rank() != 2) throw new IllegalArgumentException("RowNormalize needs [N, D], got " + Arrays.toString(x.shape()));
    Tensor src = x.contiguous();
    int n = src.dim(0), d = src.dim(1);
    Tensor out = Tensor.zeros(n, d);
    float[] xd = src.data(), od = out.data();
    int xo = src.offset(), oo = out.offset();
    float[] norms = new float[n];
    for (int r = 0; r < n; r++) {
      double ss = 0;
      for (int j = 0; j < d; j++) ss += (double) xd[xo + r * d + j] * xd[xo + r * d + j];
      float norm = (float) Math.max(Math.sqrt(ss), 1e-12);
      norms[r] = norm;
      for (int j = 0; j < d; j++) od[oo + r * d + j] = xd[xo + r * d + j] / norm;
    }
    if (Autograd.needsGrad(src)) {
      Autograd.record(out, () -> {
        float[] g = out.gradArray(), xg = src.gradArray();
        int go = out.gradOffset(), xgo = src.gradOffset();
        for (int r = 0; r < n; r++) {
          double dotYg = 0;
          for (int j = 0; j < d; j++) dotYg += (double) od[oo + r * d + j] * g[go + r * d + j];
          for (int j = 0; j < d; j++) {
            xg[xgo + r * d + j] += (float) ((g[go + r * d + j] - od[oo + r * d + j] * dotYg) / norms[r]);
          }
        }
      });
    }
    return out;
  }
}
