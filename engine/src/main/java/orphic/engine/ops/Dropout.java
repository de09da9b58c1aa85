package orphic.engine.ops;

import orphic.engine.autograd.Autograd;
import orphic.engine.tensor.Tensor;

/**
 * Inverted dropout: each element is kept with probability 1 − p and scaled by 1/(1 − p), so the
 * expectation is unchanged and inference needs no rescaling. Dropped elements are exactly 0.
 *
 * <p>The mask is a pure function of (seed, element index): a counter-based hash in the SplitMix64
 * style (add the index times the golden-ratio increment to a mixed key, then two xor-shift-multiply
 * rounds). So it needs no stored state or buffer, any thread (or vector lane) can draw any
 * element, the same seed always gives the same mask, and the backward simply recomputes it.
 * Element i is kept when the top 24 bits of its hash, read as an integer u, satisfy
 * u ≥ round(p·2²⁴).
 */
public final class Dropout {
  private Dropout() {}

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private static final long KEY_SALT = 0x6A09E667F3BCC909L;

  // The hash runs on 64-bit lanes; the floats it gates use a species with as many lanes.

  /** x: any shape → same shape; p in [0, 1); p = 0 returns x itself. */
  public static Tensor forward(Tensor x, float p, long seed) {
    if (!(p >= 0f && p < 1f)) {
      throw new IllegalArgumentException("dropout: p must be in [0, 1), got " + p + " (p = 0 disables dropout)");
    }
    if (p == 0f) return x;
    Tensor in = x.contiguous();
    Tensor out = Tensor.empty(in.shape());
    long key = mix(seed ^ KEY_SALT);
    int threshold = threshold(p);
    float scale = 1f / (1f - p);
    float[] xd = in.data(), od = out.data();
    int xo = in.offset(), oo = out.offset();
    RowKernels.overElements(in.size(), (s, e) -> apply(key, threshold, scale, s, e, xd, xo, null, 0, od, oo));
    if (Autograd.needsGrad(in)) {
      Autograd.record(out, () -> {
        float[] g = out.gradArray(), xg = in.gradArray();
        int go = out.gradOffset(), xgo = in.gradOffset();
        RowKernels.overElements(in.size(), (s, e) -> apply(key, threshold, scale, s, e, g, go, xg, xgo, xg, xgo));
      });
    }
    return out;
  }

  /**
   * The mask element {@code index} for {@code seed}: true if kept. Exposed so tests and tools can
   * reproduce a mask without running the op.
   */
  public static boolean kept(long seed, long index, float p) {
    return keep(mix(seed ^ KEY_SALT), index, threshold(p));
  }

  /**
   * For elements i in [s, e): out[i] = (kept(i) ? src[i]·scale : 0) + (acc == null ? 0 : acc[i]).
   * The forward passes no acc; the backward accumulates into the input gradient.
   */
  private static void apply(long key, int threshold, float scale, int s, int e,
      float[] src, int so, float[] acc, int ao, float[] out, int oo) {
    // Scalar on purpose: the vector version (64-bit lanes, a mask cast to float lanes) was not
    // fully intrinsified by C2 and allocated boxed vectors on every call; the hash is cheap.
    int i = s;
    for (; i < e; i++) {
      float v = keep(key, i, threshold) ? src[so + i] * scale : 0f;
      out[oo + i] = acc == null ? v : acc[ao + i] + v;
    }
  }

  /** Elements whose 24-bit draw falls below this are dropped: P(drop) = threshold / 2²⁴ ≈ p. */
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
