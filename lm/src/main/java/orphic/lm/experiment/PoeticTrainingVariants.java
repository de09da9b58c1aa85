package orphic.lm.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The training-side poetic objectives of issue 10 as experiment variants (docs/poetic-training.md).
 * Each keeps the baseline's model, learning rate, warm-up, clipping, decay and budget and changes
 * only the loss:
 *
 * <ul>
 *   <li>{@code poetic-loss}: L = 0.9·CE − 0.1·H(p), an entropy bonus on every prediction;
 *   <li>{@code entropy-band}: cross-entropy (α = 1) plus 0.1·(relu(1.8 − h)² + relu(h − 3.8)²) per
 *       token, h the prediction's entropy in bits: the band [1.8, 3.8] bits is the baseline's
 *       typical mean predictive entropy ± 1 bit (its {@code entropy_rate}: 2.8 bits per character
 *       for a 2-layer, width-64 character model after 2 minutes on haze-text.txt).
 * </ul>
 *
 * The logged training loss stays the plain cross-entropy, so the curves compare with the baseline's.
 */
public final class PoeticTrainingVariants implements VariantFamily {
  private static final List<String> NAMES = List.of("poetic-loss", "entropy-band");
  /** α of {@code poetic-loss}. */
  static final double ALPHA = 0.9;
  /** The {@code entropy-band} band in bits, and its weight. */
  static final double BAND_LOW = 1.8, BAND_HIGH = 3.8, BAND_WEIGHT = 0.1;

  @Override
  public List<String> names() {
    return NAMES;
  }

  @Override
  public Optional<Variant> lookup(String name) {
    return Optional.ofNullable(switch (name.toLowerCase(Locale.ROOT)) {
      case "poetic-loss" -> Variant.builder("poetic-loss")
          .description("poetic loss: 0.9·cross-entropy − 0.1·entropy of the prediction (an entropy bonus)")
          .train(t -> t.withPoeticLoss(ALPHA, 0, 0, 0)).build();
      case "entropy-band" -> Variant.builder("entropy-band")
          .description("cross-entropy + 0.1·(relu(1.8 − h)² + relu(h − 3.8)²): per-token entropy h kept in the band [1.8, 3.8] bits")
          .train(t -> t.withPoeticLoss(1.0, BAND_LOW, BAND_HIGH, BAND_WEIGHT)).build();
      default -> null;
    });
  }
}
