package orphic.lm.converse;

import java.util.Locale;
import orphic.lm.sample.SamplerPresets;
import orphic.lm.sample.SamplerSettings;

/**
 * The four voices the pulse chooses between: each is a sampler preset plus how strongly the field
 * is blended into the model's logits (α of {@link FieldMixture}).
 *
 * <p>Routing ({@link #route}), first rule that holds:
 * <ol>
 *   <li>arousal ≥ 0.5 → {@link #WOUNDED}: a hurt or loud message gets a slow, narrow answer that
 *       holds to the field;
 *   <li>novelty ≥ 0.5 → {@link #PRECISE}: the field does not know these words, so stay close to
 *       what the model knows best (SamplerPresets "precise");
 *   <li>normalised entropy ≥ the baseline (the mean normalised entropy of the session's earlier
 *       turns; 0.5 on the first) → {@link #SEMANTIC}: the model is less sure than usual what comes
 *       next, so lean on the field's co-occurrences (the strongest blend). A relative threshold,
 *       because a model's entropy where a reply begins barely moves between messages;
 *   <li>otherwise → {@link #CREATIVE}: a familiar message the model is sure about; open it up
 *       (SamplerPresets "creative").
 * </ol>
 */
public enum Expert {
  /** Cool and narrow: SamplerPresets "precise" (T 0.5, top-k 40, top-p 0.9, min-p 0.1), field α 0.2. */
  PRECISE(SamplerPresets.get("precise").settings(), 0.2),
  /** Warm with XTC: SamplerPresets "creative" (T 1.1, min-p 0.05, XTC 0.5/0.1), field α 0.25. */
  CREATIVE(SamplerPresets.get("creative").settings(), 0.25),
  /** Balanced sampling (T 0.8, top-p 0.92, min-p 0.05) with the strongest field blend, α 0.45. */
  SEMANTIC(SamplerSettings.builder().temperature(0.8).topK(0).topP(0.92).minP(0.05).build(), 0.45),
  /** Slow and narrow (T 0.6, top-p 0.85, min-p 0.1, DRY against loops), field α 0.35. */
  WOUNDED(SamplerSettings.builder().temperature(0.6).topK(0).topP(0.85).minP(0.1).dryMultiplier(0.8).build(), 0.35);

  private final SamplerSettings settings;
  private final double fieldAlpha;

  Expert(SamplerSettings settings, double fieldAlpha) {
    this.settings = settings;
    this.fieldAlpha = fieldAlpha;
  }

  /** The sampler settings (their seed is replaced per generation). */
  public SamplerSettings settings() {
    return settings;
  }

  /** α of the field blend for replies of this expert. */
  public double fieldAlpha() {
    return fieldAlpha;
  }

  /** The lower-case name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The expert the pulse selects (see the class comment). */
  public static Expert route(Pulse pulse, double entropyBaseline) {
    if (pulse.arousal() >= 0.5) return WOUNDED;
    if (pulse.novelty() >= 0.5) return PRECISE;
    if (pulse.entropy() >= entropyBaseline) return SEMANTIC;
    return CREATIVE;
  }
}
