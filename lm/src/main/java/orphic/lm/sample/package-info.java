/**
 * The sampling stage: one logits vector (V floats) in, one token id out, independent of any model.
 *
 * <p><b>Shape.</b> A {@link orphic.lm.sample.SamplerChain} is a list of
 * {@link orphic.lm.sample.LogitProcessor}s that edit a reusable {@link orphic.lm.sample.Candidates}
 * set (ids, logits, probabilities), ending in one {@link orphic.lm.sample.Sampler}. The chain is
 * immutable and thread-safe; everything that changes during a generation (history, mirostat's μ,
 * scratch arrays, the candidate set) lives in a {@link orphic.lm.sample.SamplingContext}, one per
 * generation. After warm-up {@code SamplerChain.next} allocates nothing.
 *
 * <p><b>Order.</b> {@link orphic.lm.sample.SamplerSettings} builds chains in llama.cpp's default
 * order, with our stages added: logit bias, token bans, phrase bans, lexicon bias, phonetic bias,
 * penalties, DRY, top-nσ, top-k, typical, top-p, min-p, η, XTC, temperature (fixed, dynamic,
 * entropy or resonance), anti-coherence, then the sampler. The order is configurable.
 *
 * <p><b>Randomness.</b> Every draw comes from the context's {@link orphic.lm.sample.RandomSource}
 * (default {@link orphic.lm.sample.SplitMix64}), in chain order: XTC's coin (only when it is active
 * and two or more candidates remain), then exactly one uniform for the final draw (none after
 * temperature 0). {@code dist} walks the candidates in ascending id order, the mirostat family in
 * descending probability order; both pick the first token whose cumulative probability divided by
 * the total exceeds u. With a scripted source this reproduces haze's draws
 * ({@link orphic.lm.sample.SamplerPresets#hazeMode}).
 *
 * <p><b>Ties</b> in every sort are broken by the lower token id.
 *
 * <p><b>Phrase bans</b> need a loop that can take tokens back: {@link orphic.lm.sample.GenerationLoop}
 * drives any next-logits function and backtracks when a {@link orphic.lm.sample.PhraseBan} phrase
 * completes, showing tokens only once they are final.
 */
package orphic.lm.sample;
