package orphic.engine.ops;

import java.util.Arrays;
import orphic.engine.autograd.Autograd;
import orphic.engine.kernel.Parallel;
import orphic.engine.tensor.Tensor;

/**
 * Feature-wise linear modulation (FiLM) per sequence: x [B, T, C], film [B or 1, 2C] → [B, T, C],
 *
 * <pre>
 *   y[b, t, c] = x[b, t, c] · (1 + film[b, c]) + film[b, C + c]
 * </pre>
 *
 * The first C values are the scale's offset from 1 (so film = 0 is the identity), the last C the
 * shift. A film of one row applies to every sequence. Backward: dx = dy·(1 + γ'), dγ' = Σ_t dy·x,
 * dβ = Σ_t dy, accumulated per sequence in time order (deterministic for any thread count).
 */
public final class Film {
  private Film() {}

  /** x [B, T, C], film [B or 1, 2C] → [B, T, C]. */
  public static Tensor forward(Tensor x, Tensor film) {
    if (x.rank() != 3 || film.rank() != 2 || film.dim(1) != 2 * x.dim(2) || (film.dim(0) != x.dim(0) && film.dim(0) != 1)) {
      throw new IllegalArgumentException("film: x " + Arrays.toString(x.shape()) + " must be [B, T, C] and film "
          + Arrays.toString(film.shape()) + " [B or 1, 2C]");
    }
    Tensor xc = x.contiguous(), fc = film.contiguous();
    int b = xc.dim(0), t = xc.dim(1), c = xc.dim(2);
    boolean shared = fc.dim(0) == 1 && b != 1;
    Tensor out = Tensor.empty(b, t, c);
    float[] xd = xc.data(), fd = fc.data(), od = out.data();
    int xo = xc.offset(), fo = fc.offset(), oo = out.offset();
    Parallel.range(b * t, (r0, r1) -> {
      for (int r = r0; r < r1; r++) {
        int f = fo + (shared ? 0 : r / t) * 2 * c;
        int xr = xo + r * c, or = oo + r * c;
        for (int i = 0; i < c; i++) od[or + i] = xd[xr + i] * (1f + fd[f + i]) + fd[f + c + i];
      }
    });
    if (Autograd.needsGrad(xc, fc)) {
      Autograd.record(out, () -> {
        float[] g = out.gradArray();
        int go = out.gradOffset();
        if (xc.requiresGrad()) {
          float[] dx = xc.gradArray();
          int dxo = xc.gradOffset();
          Parallel.range(b * t, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
              int f = fo + (shared ? 0 : r / t) * 2 * c;
              for (int i = 0; i < c; i++) dx[dxo + r * c + i] += g[go + r * c + i] * (1f + fd[f + i]);
            }
          });
        }
        if (fc.requiresGrad()) {
          float[] df = fc.gradArray();
          int dfo = fc.gradOffset();
          // over the film's rows; a shared row sums every sequence, in batch order
          Parallel.range(shared ? 1 : b, (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
              int from = shared ? 0 : s, to = shared ? b : s + 1;
              for (int bi = from; bi < to; bi++) {
                for (int ti = 0; ti < t; ti++) {
                  int r = bi * t + ti;
                  for (int i = 0; i < c; i++) {
                    float gy = g[go + r * c + i];
                    df[dfo + s * 2 * c + i] += gy * xd[xo + r * c + i];
                    df[dfo + s * 2 * c + c + i] += gy;
                  }
                }
              }
            }
          });
        }
      });
    }
    return out;
  }
}
