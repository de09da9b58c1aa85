package orphic.lm.model;

import java.util.List;
import java.util.Map;

/**
 * A model trained on several corpora, each with a learned style vector (docs/poetic.md). In
 * training mode each batch row uses its corpus's vector ({@link #setRowStyles}); outside training
 * every row uses the free vector of {@link #setStyle} — the style dial: any point, between the
 * learned styles (interpolation) or past them (extrapolation).
 */
public interface StyleConditioned {
  /** The learned styles' names, in id order (the training corpora's order). */
  List<String> styleNames();

  /** The current learned vector [E] of a style; unknown names are an error listing the known ones. */
  float[] styleOf(String name);

  /** The vector every row uses outside training; null restores the default (the mean of the learned styles). */
  void setStyle(float[] vector);

  /** The vector in use outside training [E]. */
  float[] style();

  /** Training: the style id of each batch row of the next forward passes (null: every row uses the free vector). */
  void setRowStyles(int[] ids);

  /** Σ w·styleOf(name) over {@code weights} (weights may be negative or above 1: extrapolation). */
  default float[] mix(Map<String, Double> weights) {
    if (weights.isEmpty()) throw new IllegalArgumentException("a style mix needs at least one NAME=WEIGHT; styles: " + styleNames());
    float[] out = null;
    for (var e : weights.entrySet()) {
      float[] v = styleOf(e.getKey());
      if (out == null) out = new float[v.length];
      for (int i = 0; i < v.length; i++) out[i] += (float) (e.getValue() * v[i]);
    }
    return out;
  }

  /**
   * Parses a dial setting "kjv=0.3,austen=0.7" (weights any real number: past [0, 1] extrapolates)
   * into name → weight, in the given order.
   */
  static Map<String, Double> parseMix(String spec) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String p = part.strip();
      if (p.isEmpty()) continue;
      int eq = p.lastIndexOf('=');
      if (eq <= 0 || eq == p.length() - 1) throw new IllegalArgumentException("bad style weight '" + p + "': write NAME=WEIGHT, e.g. kjv=0.3,austen=0.7");
      double w;
      try {
        w = Double.parseDouble(p.substring(eq + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad style weight '" + p + "': the weight is not a number");
      }
      if (!Double.isFinite(w)) throw new IllegalArgumentException("bad style weight '" + p + "': the weight must be finite");
      out.merge(p.substring(0, eq).strip(), w, Double::sum);
    }
    if (out.isEmpty()) throw new IllegalArgumentException("empty style mix: write NAME=WEIGHT[,NAME=WEIGHT…]");
    return out;
  }

  /** The model as a style-conditioned one, or null when it has no learned styles. */
  static StyleConditioned of(LanguageModel model) {
    return model instanceof StyleConditioned s && !s.styleNames().isEmpty() ? s : null;
  }
}
