package orphic.workbench.hydra;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import orphic.lm.adapter.StyleDial;
import orphic.lm.adapter.StyleMix;
import orphic.lm.generate.CachedLogits;
import orphic.lm.metrics.DistinctN;
import orphic.lm.sample.GenerationLoop;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.SamplingContext;
import orphic.lm.sample.TokenStats;
import orphic.lm.tokenize.Tokenizer;

/**
 * Hydra generation: one prompt, N branches continued side by side, each with its own style mix
 * and sampler ({@link HydraBranch}), with simple metrics per branch.
 *
 * <p>Each branch runs on its own copy of the dial (its own model instance with its mix applied,
 * so the KV-cache decoder works as usual) on a pool of at most {@code threads} threads. A branch's
 * text depends only on (prompt, its mix, its sampler, seed + its index): the same seed gives the
 * same branches whatever the thread count or timing.
 *
 * <p><b>Anti-Muse.</b> The prompt is scored by the {@link StyleScorer} (injected; by default
 * {@link AdapterStyleScorer}); the branch continues with the adapter of the lowest-scoring style
 * that has an adapter, at weight 1 — the style farthest from the prompt's.
 */
public final class Hydra {
  /** Metrics of one branch: distinct-2 over its words, mean entropy (bits) of the distributions sampled, speed. */
  public record Metrics(double distinct2, double meanEntropyBits, double tokensPerSecond) {}

  /** One branch's outcome. */
  public record BranchResult(String name, String description, String mix, String sampler, String text, int tokens, Metrics metrics) {}

  /** All branches, in the order asked, with the prompt's style scores (empty without adapters). */
  public record Result(String prompt, Map<String, Double> promptStyles, List<BranchResult> branches) {}

  private final StyleDial dial;
  private final Tokenizer tokenizer;
  private final StyleScorer scorer;

  /** @param scorer scores the prompt for Anti-Muse; null: {@link AdapterStyleScorer} over the dial's adapters */
  public Hydra(StyleDial dial, Tokenizer tokenizer, StyleScorer scorer) {
    this.dial = dial;
    this.tokenizer = tokenizer;
    this.scorer = scorer;
  }

  /** The named branches ({@link HydraBranches}) for this dial's adapters. */
  public List<HydraBranch> branches(String names) {
    return HydraBranches.parse(names, dial.adapters().keySet());
  }

  /**
   * Generates {@code tokens} tokens per branch after {@code prompt}.
   *
   * @param threads branches generated at once (≥ 1)
   */
  public Result run(String prompt, List<HydraBranch> branches, int tokens, long seed, int threads) throws Exception {
    int[] ids = tokenizer.encode(prompt);
    if (ids.length == 0) throw new IllegalArgumentException("the prompt encodes to no tokens with this model's tokenizer; give some text it knows");
    if (branches.isEmpty()) throw new IllegalArgumentException("no branches to grow: name at least one (" + HydraBranches.DEFAULT + ")");
    Map<String, Double> styles = Map.of();
    boolean needStyles = !dial.adapters().isEmpty();
    if (needStyles) styles = (scorer != null ? scorer : new AdapterStyleScorer(dial, tokenizer)).scores(prompt);
    List<String> vocab = new ArrayList<>(tokenizer.vocabSize());
    for (int i = 0; i < tokenizer.vocabSize(); i++) vocab.add(tokenizer.tokenText(i));
    // dials are copied here, on one thread, before any branch starts
    List<StyleDial> dials = new ArrayList<>();
    List<StyleMix> mixes = new ArrayList<>();
    for (HydraBranch b : branches) {
      StyleMix mix = b.antiMuse() ? antiMuse(styles) : b.mix() != null ? b.mix() : dial.mix();
      mixes.add(mix);
      dials.add(dial.copy().set(mix));
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, branches.size())));
    try {
      List<Future<BranchResult>> futures = new ArrayList<>();
      for (int i = 0; i < branches.size(); i++) {
        HydraBranch b = branches.get(i);
        StyleDial d = dials.get(i);
        StyleMix mix = mixes.get(i);
        long branchSeed = seed + 1_000_003L * i;
        futures.add(pool.submit(() -> grow(b, d, mix, ids, vocab, tokens, branchSeed)));
      }
      List<BranchResult> out = new ArrayList<>();
      for (Future<BranchResult> f : futures) out.add(f.get());
      return new Result(prompt, styles, out);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The mix of the Anti-Muse: the known style with an adapter that scores lowest on the prompt, at weight 1. */
  StyleMix antiMuse(Map<String, Double> styles) {
    if (dial.adapters().isEmpty()) return dial.mix();
    String far = dial.adapters().keySet().stream()
        .min(Comparator.comparingDouble((String s) -> styles.getOrDefault(s, Double.NEGATIVE_INFINITY)).thenComparing(s -> s))
        .orElseThrow();
    return StyleMix.only(far);
  }

  private BranchResult grow(HydraBranch b, StyleDial d, StyleMix mix, int[] prompt, List<String> vocab, int tokens, long seed) {
    SamplerSettings settings = b.sampler().toBuilder().seed(seed).build();
    SamplingContext ctx = settings.newContext(vocab);
    ctx.start(prompt);
    GenerationLoop loop = GenerationLoop.builder(settings.toChain(), CachedLogits.forModel(d.model())).collectStats(true).build();
    long t0 = System.nanoTime();
    GenerationLoop.Result r = loop.generate(ctx, tokens);
    double seconds = (System.nanoTime() - t0) / 1e9;
    String text = tokenizer.decode(r.tokens());
    double entropy = 0;
    for (TokenStats s : r.stats()) entropy += s.entropyBits();
    entropy = r.stats().isEmpty() ? Double.NaN : entropy / r.stats().size();
    double distinct = DistinctN.ofWords(List.of(text), 2);
    return new BranchResult(b.name(), b.description(), mix.toString(), settings.toChain().toString(), text, r.tokens().length,
        new Metrics(distinct, entropy, r.tokens().length / Math.max(seconds, 1e-9)));
  }
}
