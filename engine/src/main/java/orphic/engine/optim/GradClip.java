package orphic.engine.optim;

import orphic.engine.kernel.Parallel;
import orphic.engine.nn.ParameterStore;

/** Gradient clipping by global norm, as PyTorch's {@code clip_grad_norm_}. */
public final class GradClip {
  private GradClip() {}

  /**
   * Fixed-size blocks: each block's sum of squares is computed alone and the block sums are added
   * in order, so the norm is the same for every thread count.
   */
  private static final int BLOCK = 8192;

  /** Per-thread scratch for the block sums, grown as needed (no garbage per step). */
  private static final ThreadLocal<double[]> PARTIALS = ThreadLocal.withInitial(() -> new double[0]);

  /**
   * Computes the L2 norm of all gradients of {@code store} (accumulated in double) and, if {@code
   * maxNorm > 0} and the norm exceeds it, scales every gradient by {@code maxNorm / (norm + 1e-6)}.
   * Returns the norm before clipping. A non-finite norm is returned without touching the gradients,
   * so the caller can skip the step.
   */
  public static double clipGlobalNorm(ParameterStore store, double maxNorm) {
    double norm = globalNorm(store);
    if (maxNorm > 0 && Double.isFinite(norm)) {
      double coef = maxNorm / (norm + 1e-6);
      if (coef < 1) scale(store.grad(), (float) coef);
    }
    return norm;
  }

  /** The L2 norm of all gradients of {@code store}, accumulated in double. */
  public static double globalNorm(ParameterStore store) {
    float[] g = store.grad();
    int n = g.length;
    int blocks = (n + BLOCK - 1) / BLOCK;
    double[] partial = PARTIALS.get();
    if (partial.length < blocks) {
      partial = new double[blocks];
      PARTIALS.set(partial);
    }
    double[] sums = partial;
    Parallel.range(blocks, (s, e) -> {
      for (int b = s; b < e; b++) sums[b] = sumOfSquares(g, b * BLOCK, Math.min(n, (b + 1) * BLOCK));
    });
    double total = 0;
    for (int b = 0; b < blocks; b++) total += sums[b];
    return Math.sqrt(total);
  }

  // g[start, end) → Σ g² in double; four accumulators for throughput, combined in a fixed order.
  private static double sumOfSquares(float[] g, int start, int end) {
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    int i = start;
    for (; i + 4 <= end; i += 4) {
      double x0 = g[i], x1 = g[i + 1], x2 = g[i + 2], x3 = g[i + 3];
      a0 += x0 * x0;
      a1 += x1 * x1;
      a2 += x2 * x2;
      a3 += x3 * x3;
    }
    for (; i < end; i++) {
      double x = g[i];
      a0 += x * x;
    }
    return (a0 + a1) + (a2 + a3);
  }

  private static void scale(float[] g, float s) {
    Parallel.range(g.length, (start, end) -> {
      for (int i = start; i < end; i++) g[i] *= s;
    });
  }
}
