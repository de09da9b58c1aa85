package orphic.engine.ops;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.kernel.Parallel;
import orphic.engine.tensor.Tensor;

/**
 * Sums and means, accumulated in double. Whole-tensor sums add fixed-size chunks in parallel and
 * then the chunk totals in order, so the result does not depend on the thread count.
 */
public final class Reduce {
  private Reduce() {}

  /** Floats per partial sum of a whole-tensor reduction. */
  private static final int CHUNK = 1 << 14;

  /** x: any shape → scalar Σx. */
  public static Tensor sum(Tensor x) {
    return total(x, 1.0);
  }

  /** x: any non-empty shape → scalar Σx / size. */
  public static Tensor mean(Tensor x) {
    if (x.size() == 0) throw new IllegalArgumentException("mean of an empty tensor " + Arrays.toString(x.shape()));
    return total(x, 1.0 / x.size());
  }

  /** x [..., C] → [...]: the sum of each row of C. */
  public static Tensor sumLastAxis(Tensor x) {
    if (x.rank() == 0) throw new IllegalArgumentException("sumLastAxis needs rank >= 1, got a scalar");
    Tensor src = x.contiguous();
    int[] xs = src.shape();
    int c = xs[xs.length - 1];
    Tensor out = Tensor.empty(Arrays.copyOf(xs, xs.length - 1));
    int n = out.size();
    float[] xd = src.data(), od = out.data();
    int xo = src.offset(), oo = out.offset();
    Parallel.parts(n, n * (long) c < (1 << 16) ? 1 : Parallel.threads(), (p, s, e) -> {
      for (int r = s; r < e; r++) {
        double acc = 0;
        int base = xo + r * c;
        for (int j = 0; j < c; j++) acc += xd[base + j];
        od[oo + r] = (float) acc;
      }
    });
    if (Autograd.needsGrad(src)) {
      Autograd.record(out, () -> {
        float[] g = out.gradArray();
        int go = out.gradOffset();
        float[] xg = src.gradArray();
        int xgo = src.gradOffset();
        for (int r = 0; r < n; r++) {
          float gr = g[go + r];
          int base = xgo + r * c;
          for (int j = 0; j < c; j++) xg[base + j] += gr;
        }
      });
    }
    return out;
  }

  /** factor · Σx as a scalar; backward adds factor·g to every element. */
  private static Tensor total(Tensor x, double factor) {
    Tensor src = x.contiguous();
    int size = src.size();
    float[] xd = src.data();
    int xo = src.offset();
    int chunks = (size + CHUNK - 1) / CHUNK;
    double s = 0;
    if (chunks <= 1) {
      for (int i = 0; i < size; i++) s += xd[xo + i];
    } else {
      double[] partial = new double[chunks];
      Parallel.range(chunks, (c0, c1) -> {
        for (int c = c0; c < c1; c++) {
          double acc = 0;
          for (int i = c * CHUNK, e = Math.min(size, i + CHUNK); i < e; i++) acc += xd[xo + i];
          partial[c] = acc;
        }
      });
      for (double p : partial) s += p;
    }
    Tensor out = Tensor.empty();
    out.data()[out.offset()] = (float) (s * factor);
    if (Autograd.needsGrad(src)) {
      Autograd.record(out, () -> {
        float g = (float) (out.gradArray()[out.gradOffset()] * factor);
        float[] xg = src.gradArray();
        int xgo = src.gradOffset();
        for (int i = 0; i < size; i++) xg[xgo + i] += g;
      });
    }
    return out;
  }
}
