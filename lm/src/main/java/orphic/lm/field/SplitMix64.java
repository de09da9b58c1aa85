package orphic.lm.field;

import java.util.function.DoubleSupplier;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014): a 64-bit state advanced by the golden-ratio increment
 * and finalised by a mixing function. Small, fast, and identical on every platform, so a seed names
 * one stream of uniforms forever. Not thread-safe.
 */
final class SplitMix64 implements DoubleSupplier {
  private long state;

  SplitMix64(long seed) {
    this.state = seed;
  }

  long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A uniform double in [0, 1) with 53 random bits. */
  @Override
  public double getAsDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }
}
