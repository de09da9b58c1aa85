package orphic.lm.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The model-side options of issue 10 ("poetic" training, docs/poetic.md), saved as the "poetic"
 * object of config.json's model section; each is off by default and all off is stored as null.
 * Implemented for the gpt architecture.
 *
 * @param styles           style names, one per training corpus (empty/null = no style conditioning); a learned
 *                         per-style vector drives a FiLM of every block's normed input
 * @param styleDim         E, width of the style vectors (16 when 0)
 * @param attentionDrop    share p of off-diagonal attention pairs dropped (logit −∞) during training, seeded per step
 * @param positionNoise    σ: training adds N(0, (σ·t/T)²) noise to position t's embedding (0 = off)
 * @param positionDrop     share of positions whose embedding is zeroed during training (0 = off)
 * @param phoneticBuckets  K sound classes of the phonetic adapter (0 = off; else at least 2, class 0 = no letters)
 * @param phoneticClasses  the sound class of every token id (filled in by training when the adapter is on)
 */
public record PoeticOptions(
    List<String> styles,
    int styleDim,
    float attentionDrop,
    float positionNoise,
    float positionDrop,
    int phoneticBuckets,
    int[] phoneticClasses) {

  public PoeticOptions {
    styles = styles == null ? List.of() : List.copyOf(styles);
    if (styles.stream().distinct().count() != styles.size()) {
      throw new IllegalArgumentException("style names must be distinct, got " + styles + ": name each corpus differently");
    }
    if (styleDim == 0) styleDim = 16;
    if (styleDim < 0) throw new IllegalArgumentException("style dim must be positive, got " + styleDim);
    if (!(attentionDrop >= 0 && attentionDrop < 1)) throw new IllegalArgumentException("attention drop must be in [0, 1), got " + attentionDrop);
    if (!(positionNoise >= 0) || Float.isInfinite(positionNoise)) {
      throw new IllegalArgumentException("position noise σ must be a finite number >= 0, got " + positionNoise);
    }
    if (!(positionDrop >= 0 && positionDrop < 1)) throw new IllegalArgumentException("position drop must be in [0, 1), got " + positionDrop);
    if (phoneticBuckets < 0 || phoneticBuckets == 1) {
      throw new IllegalArgumentException("phonetic buckets must be 0 (off) or at least 2, got " + phoneticBuckets);
    }
    if (phoneticClasses != null) {
      phoneticClasses = phoneticClasses.clone();
      for (int c : phoneticClasses) {
        if (c < 0 || c >= Math.max(phoneticBuckets, 1)) {
          throw new IllegalArgumentException("phonetic class " + c + " is outside [0, " + phoneticBuckets + ")");
        }
      }
    }
  }

  /** Everything off. */
  public static PoeticOptions none() {
    return new PoeticOptions(List.of(), 16, 0f, 0f, 0f, 0, null);
  }

  public boolean styled() {
    return !styles.isEmpty();
  }

  public boolean phonetic() {
    return phoneticBuckets > 0;
  }

  /** True when no option is on (config.json then stores null). */
  public boolean off() {
    return !styled() && attentionDrop == 0 && positionNoise == 0 && positionDrop == 0 && !phonetic();
  }

  /** True when generation must see the option (style, phonetic): the training-only ones do not count. */
  public boolean changesInference() {
    return styled() || phonetic();
  }

  public PoeticOptions withStyles(List<String> names, int dim) {
    return new PoeticOptions(names, dim, attentionDrop, positionNoise, positionDrop, phoneticBuckets, phoneticClasses);
  }

  public PoeticOptions withAttentionDrop(float p) {
    return new PoeticOptions(styles, styleDim, p, positionNoise, positionDrop, phoneticBuckets, phoneticClasses);
  }

  public PoeticOptions withPositionNoise(float sigma, float drop) {
    return new PoeticOptions(styles, styleDim, attentionDrop, sigma, drop, phoneticBuckets, phoneticClasses);
  }

  public PoeticOptions withPhonetic(int buckets, int[] classes) {
    return new PoeticOptions(styles, styleDim, attentionDrop, positionNoise, positionDrop, buckets, classes);
  }

  // Records compare arrays by identity; configs are compared by value (tests, resume checks).
  @Override
  public boolean equals(Object o) {
    return o instanceof PoeticOptions p && styles.equals(p.styles) && styleDim == p.styleDim
        && Float.compare(attentionDrop, p.attentionDrop) == 0 && Float.compare(positionNoise, p.positionNoise) == 0
        && Float.compare(positionDrop, p.positionDrop) == 0 && phoneticBuckets == p.phoneticBuckets
        && Arrays.equals(phoneticClasses, p.phoneticClasses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(styles, styleDim, attentionDrop, positionNoise, positionDrop, phoneticBuckets, Arrays.hashCode(phoneticClasses));
  }

  @Override
  public String toString() {
    return "PoeticOptions[styles=" + styles + " (dim " + styleDim + "), attentionDrop=" + attentionDrop + ", positionNoise=" + positionNoise
        + ", positionDrop=" + positionDrop + ", phoneticBuckets=" + phoneticBuckets
        + (phoneticClasses == null ? "" : " (" + phoneticClasses.length + " ids)") + "]";
  }
}
