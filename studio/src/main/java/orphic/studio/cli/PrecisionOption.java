package orphic.studio.cli;

import orphic.lm.generate.WeightPrecision;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --precision f32|bf16}: how incremental decoding stores the weight matrices ({@link WeightPrecision}). */
public final class PrecisionOption {
  @Option(names = "--precision", paramLabel = "f32|bf16", defaultValue = "f32", converter = Parse.class,
      description = "Decoding weights in float32 (exact, the default) or bfloat16 (half the memory read per token: faster on "
          + "large models; logits within the weights' rounding, see docs/generation.md).")
  public WeightPrecision precision;

  static final class Parse implements ITypeConverter<WeightPrecision> {
    @Override
    public WeightPrecision convert(String value) {
      try {
        return WeightPrecision.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
