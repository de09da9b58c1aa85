/**
 * Generation: from a prompt to tokens, fast.
 *
 * <ul>
 *   <li>{@link orphic.lm.generate.IncrementalDecoder}: key/value-cached decoding of gpt and haze
 *       models (haze's RRPRAM heads: the new row's pattern against Wr's first columns, values
 *       cached), one row per new token (N streams at once), batched prefill, the T/2 context
 *       shift when the window is full; allocation-free and bit-for-bit deterministic per token.
 *   <li>{@link orphic.lm.generate.Generator}: the generation loop over a
 *       {@link orphic.lm.generate.Generator.TokenPicker}, streaming to a
 *       {@link orphic.lm.generate.TokenListener} (return false to stop), N continuations of one
 *       prompt with {@code generateBatch}; KV mode by default, {@code fullRecompute} as the
 *       reference (and for architectures without a decoder).
 *   <li>The sampler chain ({@link orphic.lm.sample}) plugs in two ways:
 *       {@link orphic.lm.generate.ChainPicker} (a chain as a picker) and
 *       {@link orphic.lm.generate.CachedLogits} (the decoder as the next-logits callback of
 *       {@link orphic.lm.sample.GenerationLoop}, which backtracks for phrase bans;
 *       {@link orphic.lm.generate.WindowLogits} is its full-recomputation twin).
 *   <li>{@link orphic.lm.generate.GenerationBenchmark}: the figures behind
 *       {@code ./orphic bench generate}.
 * </ul>
 *
 * <pre>{@code
 * Generator g = new Generator(model);
 * int[] out = g.generate(prompt, 200, Generator.temperature(0.8, 40, seed), tok -> {
 *   System.out.print(decoder.push(tok));
 *   return !cancelled.get();                  // false stops before the next forward pass
 * });
 * int[][] variants = g.generateBatch(prompt, 200, pickers, null);   // one picker (seed) per stream
 * }</pre>
 */
package orphic.lm.generate;
