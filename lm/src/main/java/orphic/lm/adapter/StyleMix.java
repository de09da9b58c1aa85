package orphic.lm.adapter;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Weights for named style adapters, as set by a row of sliders: {@code {"liturgical": 0.7,
 * "dialogue": 0.3}}. A missing name weighs 0; weights are not normalised (1 means the adapter at
 * its trained strength, 2 twice that, −1 its opposite), so [2, 1] and [1, 0.5] are different
 * mixes.
 */
public record StyleMix(Map<String, Float> weights) {
  public StyleMix {
    for (Map.Entry<String, Float> e : weights.entrySet()) {
      if (e.getValue() == null || !Float.isFinite(e.getValue())) {
        throw new IllegalArgumentException("style weight of '" + e.getKey() + "' must be a finite number, got " + e.getValue());
      }
    }
    weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
  }

  /** No adapter: the base model. */
  public static StyleMix none() {
    return new StyleMix(Map.of());
  }

  /** One adapter at weight 1. */
  public static StyleMix only(String style) {
    return new StyleMix(Map.of(style, 1f));
  }

  /** This mix with {@code style} set to {@code weight}. */
  public StyleMix with(String style, float weight) {
    Map<String, Float> m = new LinkedHashMap<>(weights);
    m.put(style, weight);
    return new StyleMix(m);
  }

  public float weight(String style) {
    return weights.getOrDefault(style, 0f);
  }

  /** Parses "a=0.5,b=0.5" (a name alone means weight 1). */
  public static StyleMix parse(String text) {
    Map<String, Float> m = new LinkedHashMap<>();
    if (text == null || text.isBlank()) return new StyleMix(m);
    for (String part : text.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) continue;
      int eq = p.lastIndexOf('=');
      String name = eq < 0 ? p : p.substring(0, eq).trim();
      float w;
      try {
        w = eq < 0 ? 1f : Float.parseFloat(p.substring(eq + 1).trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("style weight in '" + p + "' is not a number: write NAME=WEIGHT, e.g. liturgical=0.5");
      }
      m.put(name, w);
    }
    return new StyleMix(m);
  }

  @Override
  public String toString() {
    if (weights.isEmpty()) return "base";
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Float> e : weights.entrySet()) {
      if (!sb.isEmpty()) sb.append(',');
      sb.append(e.getKey()).append('=').append(String.format(Locale.ROOT, "%.3g", e.getValue()));
    }
    return sb.toString();
  }
}
