package orphic.lm.generate;

import java.util.List;
import orphic.lm.sample.SamplerChain;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.SamplingContext;

/**
 * A {@link SamplerChain} as a {@link Generator.TokenPicker}: keeps the chain's
 * {@link SamplingContext} in step with the generator's history (the first call starts it with the
 * history as the prompt; later calls accept the tokens appended since). One picker per stream.
 * Phrase bans need {@link orphic.lm.sample.GenerationLoop}, which can take tokens back; here they
 * only forbid what they can before the fact.
 */
public final class ChainPicker implements Generator.TokenPicker {
  private final SamplerChain chain;
  private final SamplingContext context;
  private boolean started;

  public ChainPicker(SamplerChain chain, SamplingContext context) {
    this.chain = chain;
    this.context = context;
  }

  /** The chain of {@code settings} with a fresh context (its seed) over {@code vocabulary} (may be null). */
  public static ChainPicker of(SamplerSettings settings, List<String> vocabulary) {
    return new ChainPicker(settings.toChain(), settings.newContext(vocabulary));
  }

  public SamplingContext context() {
    return context;
  }

  @Override
  public int pick(float[] logits, int[] history, int length) {
    sync(history, length);
    int token = chain.next(logits, context);
    if (token == SamplerChain.NO_TOKEN) {
      throw new IllegalStateException("the sampler chain left no candidate token at position " + length
          + " (every token banned?): loosen the bans or use GenerationLoop, which can stop there");
    }
    return token;
  }

  /** Brings the context to history[0..length): appended tokens are accepted, anything else restarts. */
  private void sync(int[] history, int length) {
    int have = started ? context.length() : -1;
    if (have >= 0 && have <= length && have >= context.promptLength() && matches(history, have)) {
      for (int i = have; i < length; i++) context.accept(history[i]);
      return;
    }
    context.start(java.util.Arrays.copyOf(history, length));
    started = true;
  }

  /** Whether the context's last token is still history[have − 1] (a cheap check that the history only grew). */
  private boolean matches(int[] history, int have) {
    return have == 0 || context.tokenAt(have - 1) == history[have - 1];
  }
}
