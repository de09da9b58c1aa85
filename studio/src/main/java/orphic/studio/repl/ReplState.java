package orphic.studio.repl;

import java.util.Objects;
import orphic.lm.sample.SamplerSettings;

/**
 * What the REPL's commands change: the sampler settings, where they came from, the generation
 * length, the seed and what is printed after a generation. Plain mutable fields behind
 * validating setters; the commands ({@link ReplCommands}) parse, this class holds.
 *
 * <p>Seeds: generation n (counting from 0) after {@code /seed N} (or the start) draws with seed
 * N + n, so the first one matches {@code orphic sample --seed N} and repeated prompts still vary.
 */
public final class ReplState {
  /** Tokens per generation when none is given (haze's REPL default). */
  public static final int DEFAULT_LENGTH = 300;

  private SamplerSettings settings;
  private String source;
  private int length = DEFAULT_LENGTH;
  private long seed;
  private long generations;
  private boolean stats = true;
  private boolean probs;
  private String lastPrompt;
  private boolean quit;
  private final Transcript transcript = new Transcript();

  /**
   * @param settings the starting sampler settings (their seed is the session's seed)
   * @param source where they came from, for /config (e.g. "preset balanced")
   */
  public ReplState(SamplerSettings settings, String source) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.source = Objects.requireNonNull(source, "source");
    this.seed = settings.seed();
  }

  public SamplerSettings settings() {
    return settings;
  }

  /** Where the settings came from ("preset balanced", "haze mode entropy"), "+ edits" once changed. */
  public String source() {
    return source;
  }

  /** Replaces the settings wholesale (a preset or a haze mode); the session's seed stays. */
  public void useSettings(SamplerSettings settings, String source) {
    this.settings = settings.toBuilder().seed(seed).build();
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Changes some settings; the result is validated (IllegalArgumentException names what is wrong). */
  public void edit(java.util.function.UnaryOperator<SamplerSettings.Builder> change) {
    edit(change.apply(settings.toBuilder()).build());
  }

  /** Replaces the settings by an edited form of them (the seed stays the session's). */
  public void edit(SamplerSettings next) {
    next = next.toBuilder().seed(seed).build();
    if (!next.equals(settings) && !source.endsWith(" + edits")) source = source + " + edits";
    settings = next;
  }

  public int length() {
    return length;
  }

  public void setLength(int length) {
    if (length < 1) throw new IllegalArgumentException("length must be >= 1, got " + length);
    this.length = length;
  }

  /** The seed set by /seed (or the start). */
  public long seed() {
    return seed;
  }

  /** Sets the seed and restarts the generation count, so the same prompts give the same text again. */
  public void setSeed(long seed) {
    this.seed = seed;
    this.generations = 0;
    this.settings = settings.toBuilder().seed(seed).build();
  }

  /** The seed the next generation will use. */
  public long nextSeed() {
    return seed + generations;
  }

  /** Counts a generation (the next one uses the following seed). */
  public void countGeneration() {
    generations++;
  }

  /** The settings for the next generation: the current ones with its seed. */
  public SamplerSettings nextSettings() {
    return settings.toBuilder().seed(nextSeed()).build();
  }

  public boolean stats() {
    return stats;
  }

  public void setStats(boolean stats) {
    this.stats = stats;
  }

  public boolean probs() {
    return probs;
  }

  public void setProbs(boolean probs) {
    this.probs = probs;
  }

  /** The last prompt generated from (an empty input line reuses it, as in haze), or null. */
  public String lastPrompt() {
    return lastPrompt;
  }

  public void setLastPrompt(String prompt) {
    this.lastPrompt = prompt;
  }

  public boolean quitRequested() {
    return quit;
  }

  public void requestQuit() {
    quit = true;
  }

  public Transcript transcript() {
    return transcript;
  }
}
