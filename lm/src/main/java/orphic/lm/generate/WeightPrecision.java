package orphic.lm.generate;

import java.util.Locale;

/**
 * How an {@link IncrementalDecoder} stores its weight matrices.
 *
 * <p>One decoded token reads every weight matrix once (about 24 MB for haze's T128/E256/N1024 six-block
 * model in float32), so single-stream decoding is bound by how fast the weights arrive from the
 * caches, not by arithmetic. {@link #BF16} halves those bytes: each matrix weight is rounded to
 * bfloat16 (the upper 16 bits of a float32, round to nearest even) and widened back to float32
 * inside the kernels, where all arithmetic stays float32. Embeddings, norms and biases are read one
 * row per token and stay float32. The price is the rounding of the weights (a relative error of at
 * most 2⁻⁹ per weight): the logits no longer equal the full forward to 1e-4; docs/generation.md
 * gives the measured effect on a trained model.
 */
public enum WeightPrecision {
  /** The model's float32 weights, exactly (the default): logits equal the full forward. */
  F32,
  /** Matrices rounded to bfloat16: half the bytes per token, logits within rounding of F32. */
  BF16;

  /** "f32" or "bf16" (any case). */
  public static WeightPrecision parse(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "f32", "fp32", "float32" -> F32;
      case "bf16", "bfloat16" -> BF16;
      default -> throw new IllegalArgumentException("unknown weight precision '" + name + "': use f32 (exact) or bf16 (half the memory traffic)");
    };
  }

  /** The name {@link #parse} reads back. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
