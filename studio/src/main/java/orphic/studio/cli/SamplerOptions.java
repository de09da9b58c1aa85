package orphic.studio.cli;

import picocli.CommandLine.Option;

/**
 * Sampler options shared by {@code sample} and {@code bench generate}. A {@code null} field was not
 * given: the sampler's documented default applies.
 */
public final class SamplerOptions {
  @Option(names = "--sampler", paramLabel = "NAME", description = "Sampler chain by name.")
  public String sampler;

  @Option(names = "--temperature", paramLabel = "T", description = "Divide logits by T (0 = greedy).")
  public Double temperature;

  @Option(names = "--top-k", paramLabel = "K", description = "Keep the K most likely tokens (0 = off).")
  public Integer topK;

  @Option(names = "--top-p", paramLabel = "P", description = "Keep the smallest set with probability >= P.")
  public Double topP;

  @Option(names = "--min-p", paramLabel = "P", description = "Drop tokens below P times the top probability.")
  public Double minP;

  @Option(names = "--target-entropy", paramLabel = "BITS", description = "Adapt the temperature towards this entropy per token.")
  public Double targetEntropy;

  @Option(names = "--entropy-schedule", description = "Raise the temperature when the generated text turns familiar (novelty density"
      + " below the target), lower it when it turns novel: T = T_base·(1 + k·(target − density)) within [min, max]_temperature"
      + " (docs/poetic-training.md). With --field-corpus, the corpus's trigrams count as familiar.")
  public boolean entropySchedule;

  @Option(names = "--entropy-schedule-target", paramLabel = "D", description = "Entropy schedule: target novelty density in [0, 1] (default 0.5).")
  public Double entropyScheduleTarget;

  @Option(names = "--entropy-schedule-gain", paramLabel = "K", description = "Entropy schedule: gain k >= 0 (default 2).")
  public Double entropyScheduleGain;

  @Option(names = "--entropy-schedule-half-life", paramLabel = "H", description = "Entropy schedule: half-life of the density, in tokens (default 16).")
  public Double entropyScheduleHalfLife;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed for every random draw.")
  public Long seed;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Any other sampler setting, e.g. --set repeat_penalty=1.1 --set dry_multiplier=0.8 (repeatable).")
  public java.util.List<String> set;

  /** These options as sampler settings: the preset named by --sampler, then each given value. */
  public orphic.lm.sample.SamplerSettings toSettings() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    if (sampler != null) m.put("preset", sampler);
    if (temperature != null) m.put("temperature", temperature);
    if (topK != null) m.put("top_k", topK);
    if (topP != null) m.put("top_p", topP);
    if (minP != null) m.put("min_p", minP);
    if (targetEntropy != null) {
      m.put("temperature_mode", "entropy");
      m.put("target_entropy", targetEntropy);
    }
    if (entropySchedule || entropyScheduleTarget != null || entropyScheduleGain != null || entropyScheduleHalfLife != null) {
      m.put("entropy_schedule", true);
    }
    if (entropyScheduleTarget != null) m.put("entropy_schedule_target", entropyScheduleTarget);
    if (entropyScheduleGain != null) m.put("entropy_schedule_gain", entropyScheduleGain);
    if (entropyScheduleHalfLife != null) m.put("entropy_schedule_half_life", entropyScheduleHalfLife);
    if (seed != null) m.put("seed", seed);
    if (set != null) {
      for (String kv : set) {
        int eq = kv.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("--set needs KEY=VALUE, got '" + kv + "'");
        m.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return orphic.lm.sample.SamplerSettings.fromMap(m);
  }
}
