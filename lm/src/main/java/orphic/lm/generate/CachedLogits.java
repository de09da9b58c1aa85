package orphic.lm.generate;

import java.util.function.Function;
import orphic.lm.model.LanguageModel;
import orphic.lm.sample.SamplingContext;

/**
 * Next-token logits for a sampling context by incremental decoding ({@link IncrementalDecoder}):
 * the {@link orphic.lm.sample.GenerationLoop} callback that costs one row per new token. Follows
 * the history wherever it goes (appends, and backtracks by phrase bans) through
 * {@link IncrementalDecoder#logitsAfter}; past the context it slides the way the decoder does
 * (re-encoding the last T/2 tokens), where {@link WindowLogits} recomputes the last T every time.
 * Returns a reused buffer: copy it to keep it.
 */
public final class CachedLogits implements Function<SamplingContext, float[]> {
  private final IncrementalDecoder decoder;
  private final float[] logits;
  private int[] history = new int[64];

  /** Throws for a model the decoder does not support; see {@link #forModel}. */
  public CachedLogits(LanguageModel model) {
    this(model, WeightPrecision.F32);
  }

  /** Decoding with the weight matrices stored in {@code precision}. */
  public CachedLogits(LanguageModel model, WeightPrecision precision) {
    this.decoder = new IncrementalDecoder(model, 1, precision);
    this.logits = new float[model.config().vocabSize()];
  }

  /** The fastest next-logits callback for {@code model}: cached when supported (gpt, haze), else {@link WindowLogits}. */
  public static Function<SamplingContext, float[]> forModel(LanguageModel model) {
    return forModel(model, WeightPrecision.F32);
  }

  /**
   * As {@link #forModel(LanguageModel)}, cached decoding storing its weights in {@code precision}
   * (window recomputation, for models the decoder does not support, is always float32).
   */
  public static Function<SamplingContext, float[]> forModel(LanguageModel model, WeightPrecision precision) {
    return IncrementalDecoder.supports(model) ? new CachedLogits(model, precision) : new WindowLogits(model);
  }

  /** The decoder behind this callback (e.g. to set its threads). */
  public IncrementalDecoder decoder() {
    return decoder;
  }

  @Override
  public float[] apply(SamplingContext ctx) {
    int length = ctx.length();
    if (length == 0) throw new IllegalArgumentException("generation needs a prompt of at least one token");
    if (history.length < length) history = java.util.Arrays.copyOf(history, Math.max(length, 2 * history.length));
    for (int i = 0; i < length; i++) history[i] = ctx.tokenAt(i);
    System.arraycopy(decoder.logitsAfter(history, length), 0, logits, 0, logits.length);
    return logits;
  }
}
