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

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed for every random draw.")
  public Long seed;
}
