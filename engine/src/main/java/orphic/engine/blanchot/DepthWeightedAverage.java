package orphic.engine.blanchot;

import java.util.Arrays;
import java.util.List;
import orphic.engine.autograd.Autograd;
import orphic.engine.kernel.Parallel;
import orphic.engine.tensor.Tensor;

/**
 * DenseFormer's depth-weighted average: y = Σ_j α_j x_j over n same-shaped tensors x_j with
 * learnable scalars α [n].
 *
 * <p>The sum runs in list order starting from 0, so with α = (0, …, 0, 1) the result is the last
 * input exactly (0·x + … + 1·x_n, up to the sign of zero). Backward: dx_j += α_j·g and
 * dα_j += Σ x_j ⊙ g, the latter summed in double in element order (identical for any thread count).
 */
public final class DepthWeightedAverage {
  private DepthWeightedAverage() {}

  private static final int GRAIN = 16_384;

  /** xs: n tensors of one shape [...], alpha: [n] → [...]. */
  public static Tensor forward(List<Tensor> xs, Tensor alpha) {
    int n = xs.size();
    if (n == 0) throw new IllegalArgumentException("depth-weighted average of no tensors: pass at least one");
    if (alpha.rank() != 1 || alpha.dim(0) != n) {
      throw new IllegalArgumentException("depth-weighted average: weights " + Arrays.toString(alpha.shape()) + " must be [" + n
          + "], one per input");
    }
    int[] shape = xs.get(0).shape();
    Tensor[] x = new Tensor[n];
    for (int j = 0; j < n; j++) {
      if (!Arrays.equals(shape, xs.get(j).shape())) {
        throw new IllegalArgumentException("depth-weighted average: input " + j + " is " + Arrays.toString(xs.get(j).shape())
            + " but input 0 is " + Arrays.toString(shape) + "; all must have one shape");
      }
      x[j] = xs.get(j).contiguous();
    }
    Tensor a = alpha.contiguous();
    float[] w = a.toArray();
    Tensor out = Tensor.empty(shape);
    float[] od = out.data();
    int oo = out.offset(), size = out.size();
    over(size, (s, e) -> {
      Arrays.fill(od, oo + s, oo + e, 0f);
      for (int j = 0; j < n; j++) {
        float[] xd = x[j].data();
        int xo = x[j].offset();
        float wj = w[j];
        for (int i = s; i < e; i++) od[oo + i] += wj * xd[xo + i];
      }
    });
    Tensor[] inputs = Arrays.copyOf(x, n + 1);
    inputs[n] = a;
    if (Autograd.needsGrad(inputs)) {
      Autograd.record(out, () -> {
        float[] g = out.gradArray();
        int go = out.gradOffset();
        for (int j = 0; j < n; j++) {
          Tensor xj = x[j];
          if (!xj.requiresGrad()) continue;
          float[] xg = xj.gradArray();
          int xgo = xj.gradOffset();
          float wj = w[j];
          over(size, (s, e) -> {
            for (int i = s; i < e; i++) xg[xgo + i] += wj * g[go + i];
          });
        }
        if (a.requiresGrad()) {
          float[] ag = a.gradArray();
          int ago = a.gradOffset();
          for (int j = 0; j < n; j++) {
            float[] xd = x[j].data();
            int xo = x[j].offset();
            double sum = 0;
            for (int i = 0; i < size; i++) sum += (double) xd[xo + i] * g[go + i];
            ag[ago + j] += (float) sum;
          }
        }
      });
    }
    return out;
  }

  private static void over(int n, Parallel.RangeBody task) {
    if (n <= GRAIN) task.run(0, n);
    else Parallel.range(n, task);
  }
}
