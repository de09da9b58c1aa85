package orphic.engine.nn;

import orphic.engine.tensor.Tensor;

/**
 * How a parameter starts: a normal draw with a given standard deviation, or a constant.
 *
 * <p>Random draws take an explicit seed. {@link Module#initialize(long)} derives each parameter's
 * seed from the model seed and the parameter's dotted name ({@link #seedFor}), so a parameter's
 * initial values depend only on (seed, name, shape), never on the order modules were built in.
 */
public sealed interface Init {

  /** Normal(0, std²) values. */
  record Normal(double std) implements Init {
    public Normal {
      if (!(std >= 0) || Double.isInfinite(std)) throw new IllegalArgumentException("normal init needs a finite std >= 0, got " + std);
    }
  }

  /** Every element equal to {@code value}. */
  record Constant(float value) implements Init {}

  static Init normal(double std) {
    return new Normal(std);
  }

  static Init zeros() {
    return new Constant(0f);
  }

  static Init ones() {
    return new Constant(1f);
  }

  static Init constant(float value) {
    return new Constant(value);
  }

  /**
   * GPT-2's init for the projections that write into the residual stream (attention output,
   * MLP output): normal(std / √(2·layers)), because each of the 2·layers residual additions adds
   * variance.
   */
  static Init scaledResidual(double std, int layers) {
    if (layers < 1) throw new IllegalArgumentException("scaledResidual needs layers >= 1, got " + layers);
    return new Normal(std / Math.sqrt(2.0 * layers));
  }

  /** True if {@link #fill} uses its seed. */
  default boolean isRandom() {
    return this instanceof Normal n && n.std() > 0;
  }

  /** Overwrites contiguous {@code t} with this init's values, drawing from {@code seed}. */
  default void fill(Tensor t, long seed) {
    if (!t.isContiguous()) throw new IllegalArgumentException("init needs a contiguous tensor, got strides of a view");
    switch (this) {
      case Normal n -> {
        // Same draws as Tensor.randn(seed, std, shape): a parameter can be rebuilt from its seed.
        Tensor r = Tensor.randn(seed, (float) n.std(), t.shape());
        r.copyInto(t.data(), t.offset());
      }
      case Constant c -> t.fill(c.value());
    }
  }

  /**
   * A 64-bit seed for the parameter {@code name} of a model seeded with {@code base}: FNV-1a of the
   * name's UTF-16 units, mixed with the base by SplitMix64's finaliser (stable across JVMs and
   * runs; nearby bases and similar names give unrelated seeds).
   */
  static long seedFor(long base, String name) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < name.length(); i++) {
      h ^= name.charAt(i);
      h *= 0x100000001b3L;
    }
    return mix(mix(base) ^ h);
  }

  /** SplitMix64's finaliser: a bijective scramble of 64 bits. */
  static long mix(long z) {
    z += 0x9e3779b97f4a7c15L;
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
