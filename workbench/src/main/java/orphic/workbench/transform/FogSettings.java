package orphic.workbench.transform;

import java.util.Locale;

/**
 * The fog engine's ambiguity toggle: one number, level in [0, 1] (0 subtle, 0.5 medium, 1 radical),
 * from which every knob follows linearly:
 * <ul>
 *   <li>temperature of the variants = 0.8 + level (0.8 … 1.8);
 *   <li>keep = 0.75 − 0.6·level: the share of the sentence each variant keeps before the model
 *       rewrites the rest (75% … 15%, jittered ±0.1 per variant);
 *   <li>swap = 0.25 + 0.75·level: the share of the source's phrase slots a hybrid replaces (at
 *       least one);
 *   <li>targetNovelty = 0.2 + 0.6·level: the share of new word bigrams the ranking prefers.
 * </ul>
 */
public record FogSettings(double level) {
  public static final FogSettings SUBTLE = new FogSettings(0);
  public static final FogSettings MEDIUM = new FogSettings(0.5);
  public static final FogSettings RADICAL = new FogSettings(1);

  public FogSettings {
    if (!(level >= 0 && level <= 1)) throw new IllegalArgumentException("fog level must be between 0 (subtle) and 1 (radical), got " + level);
  }

  /** subtle, medium, radical, or a number in [0, 1]. */
  public static FogSettings parse(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "subtle" -> SUBTLE;
      case "medium" -> MEDIUM;
      case "radical" -> RADICAL;
      default -> {
        try {
          yield new FogSettings(Double.parseDouble(s.strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("unknown fog level '" + s + "'; use subtle, medium, radical or a number in [0, 1]");
        }
      }
    };
  }

  public double temperature() {
    return 0.8 + level;
  }

  public double keep() {
    return 0.75 - 0.6 * level;
  }

  public double swap() {
    return 0.25 + 0.75 * level;
  }

  public double targetNovelty() {
    return 0.2 + 0.6 * level;
  }
}
