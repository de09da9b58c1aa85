package orphic.lm.generate;

/**
 * bfloat16: the upper half of a float32's bits (sign, 8-bit exponent, 7-bit mantissa). Widening is
 * exact (append 16 zero bits), so a weight rounded by {@link #round} and then widened is the same
 * float32 in every kernel, scalar or vector.
 */
final class Bf16 {
  private Bf16() {}

  /** The bfloat16 bits nearest to {@code f} (ties to even); NaN stays a quiet NaN, ±∞ stay. */
  static short bits(float f) {
    int b = Float.floatToRawIntBits(f);
    if ((b & 0x7fffffff) > 0x7f800000) return (short) ((b >>> 16) | 0x0040); // NaN: keep it a NaN after truncation
    int rounded = b + 0x7fff + ((b >>> 16) & 1);
    return (short) (rounded >>> 16);
  }

  /** The float32 a bfloat16 stands for (exact). */
  static float widen(short h) {
    return Float.intBitsToFloat(h << 16);
  }

  /** {@code f} rounded to the nearest bfloat16 value, as a float32. */
  static float round(float f) {
    return widen(bits(f));
  }
}
