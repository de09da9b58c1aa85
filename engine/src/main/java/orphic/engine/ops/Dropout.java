package orphic.engine.ops;

import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;

/**
 * Inverted dropout: each element is kept with probability 1 − p and scaled by 1/(1 − p), so the
 * expectation is unchanged and inference needs no rescaling.
 *
 * <p>The mask is a pure function of (seed, element index): a counter-based hash in the SplitMix64
 * style (add the index times the golden-ratio increment to a mixed key, then two xor-shift-multiply
 * rounds). So it needs no stored state or buffer, any thread can draw any element, the same seed
 * always gives the same mask, and the backward simply recomputes it.
 */
public final class Dropout {
  private Dropout() {}

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** x: any shape → same shape; p in [0, 1); p = 0 returns x itself. */
  public static Tensor forward(Tensor x, float p, long seed) {
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p + " (p = 0 disables dropout)");
    }
    if (p == 0f) return x;
    Tensor in = x.contiguous();
    Tensor out = Tensor.empty(in.shape());
    long key = mix(seed ^ 0x6A09E667F3BCC909L);
    int threshold = threshold(p);
    float scale = 1f / (1f - p);
    float[] xd = in.data(), od = out.data();
    int xo = in.offset(), oo = out.offset();
    RowKernels.overElements(in.size(), (s, e) -> {
      for (int i = s; i < e; i++) od[oo + i] = keep(key, i, threshold) ? xd[xo + i] * scale : 0f;
    });
    if (Autograd.needsGrad(in)) {
      Autograd.record(out, () -> {
        float[] g = out.gradArray(), xg = in.gradArray();
        int go = out.gradOffset(), xgo = in.gradOffset();
        RowKernels.overElements(in.size(), (s, e) -> {
          for (int i = s; i < e; i++) if (keep(key, i, threshold)) xg[xgo + i] += g[go + i] * scale;
        });
      });
    }
    return out;
  }

  /**
   * The mask element {@code index} for {@code seed}: true if kept. Exposed so tests and tools can
   * reproduce a mask without running the op.
   */
  public static boolean kept(long seed, long index, float p) {
    return keep(mix(seed ^ 0x6A09E667F3BCC909L), index, threshold(p));
  }

  /** Elements whose 24-bit uniform draw falls below this are dropped: P(drop) = threshold / 2²⁴ ≈ p. */
  private static int threshold(float p) {
    return (int) Math.round((double) p * (1 << 24));
  }

  private static boolean keep(long key, long index, int threshold) {
    return (int) (mix(key + (index + 1) * GOLDEN) >>> 40) >= threshold;
  }

  /** SplitMix64's finaliser: a bijection on 64-bit words whose output bits all depend on every input bit. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
