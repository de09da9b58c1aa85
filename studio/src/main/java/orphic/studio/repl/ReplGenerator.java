package orphic.studio.repl;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import orphic.lm.generate.CachedLogits;
import orphic.lm.generate.WeightPrecision;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.sample.GenerationLoop;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.SamplingContext;
import orphic.lm.sample.TokenStats;
import orphic.lm.tokenize.Decoder;
import orphic.lm.tokenize.Tokenizer;

/**
 * A model and its tokenizer, continuing prompts for the REPL: the sampler chain's
 * {@link GenerationLoop} over KV-cache decoding ({@link CachedLogits}; full recomputation for
 * models without a cache), text streamed piece by piece as tokens are final, statistics for every
 * token. A generation with given settings gives the same tokens as {@code orphic sample} with
 * them. Not thread-safe, except for the cancellation flag, which may be raised from anywhere.
 */
public final class ReplGenerator {
  private final LanguageModel model;
  private final Tokenizer tokenizer;
  private final List<String> vocabulary;
  private final Function<SamplingContext, float[]> logits;
  private final String description;
  private Path directory;

  /**
   * @param description one line about the model for the banner (e.g. its directory)
   */
  public ReplGenerator(LanguageModel model, Tokenizer tokenizer, String description) {
    this(model, tokenizer, description, WeightPrecision.F32);
  }

  /** As above, decoding with the weight matrices stored in {@code precision}. */
  public ReplGenerator(LanguageModel model, Tokenizer tokenizer, String description, WeightPrecision precision) {
    this.model = model;
    this.tokenizer = tokenizer;
    if (tokenizer.vocabSize() != model.config().vocabSize()) {
      throw new IllegalArgumentException("the tokenizer has " + tokenizer.vocabSize() + " ids but the model "
          + model.config().vocabSize() + ": they do not belong together");
    }
    List<String> v = new ArrayList<>(tokenizer.vocabSize());
    for (int i = 0; i < tokenizer.vocabSize(); i++) v.add(tokenizer.tokenText(i));
    this.vocabulary = List.copyOf(v);
    this.logits = CachedLogits.forModel(model, precision);
    this.description = description;
  }

  /** The model and tokenizer of a model directory. */
  public static ReplGenerator load(Path directory) throws IOException {
    return load(directory, WeightPrecision.F32);
  }

  /** As {@link #load(Path)}, decoding with the weight matrices stored in {@code precision}. */
  public static ReplGenerator load(Path directory, WeightPrecision precision) throws IOException {
    ModelDirectory dir = new ModelDirectory(directory);
    LanguageModel m = dir.loadModel();
    Tokenizer t = dir.loadTokenizer();
    ModelConfig c = m.config();
    String about = directory + " (" + c.arch() + ", " + c.layers() + " layers, dim " + c.dim() + ", context "
        + c.context() + ", " + t.spec() + " vocabulary of " + t.vocabSize() + ")";
    ReplGenerator g = new ReplGenerator(m, t, about + (precision == WeightPrecision.F32 ? "" : ", " + precision.label() + " weights"), precision);
    g.directory = directory;
    return g;
  }

  /** The model (for modes that drive it themselves, such as /converse). */
  public LanguageModel model() {
    return model;
  }

  /** The model directory this generator was loaded from, or null when it was built directly. */
  public Path directory() {
    return directory;
  }

  /** One line about the model. */
  public String description() {
    return description;
  }

  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /**
   * What one generation produced.
   *
   * @param text the generated text (prompt excluded)
   * @param stats per-token statistics, one per generated token
   * @param seconds wall time of the generation
   * @param seed the seed it drew with
   * @param cancelled whether it was cancelled before its length
   * @param reason why the loop stopped
   */
  public record Result(String text, List<TokenStats> stats, double seconds, long seed, boolean cancelled,
      GenerationLoop.StopReason reason) {
    public int tokens() {
      return stats.size();
    }
  }

  /**
   * Continues {@code prompt} by up to {@code length} tokens, handing each piece of text to
   * {@code sink} as soon as it is final. Stops early when {@code cancelled} turns true.
   *
   * @throws IllegalArgumentException when the prompt holds nothing this tokenizer can encode
   */
  public Result generate(String prompt, SamplerSettings settings, int length, Consumer<String> sink,
      BooleanSupplier cancelled) {
    int[] ids = tokenizer.encode(prompt);
    if (ids.length == 0) {
      throw new IllegalArgumentException("the prompt encodes to no tokens with this model's tokenizer; type some text it knows");
    }
    SamplingContext ctx = settings.newContext(vocabulary);
    ctx.start(ids);
    // A fresh prefill for every prompt, so a generation never depends on what the cache held before.
    if (logits instanceof CachedLogits cached) cached.decoder().start(ids);
    Decoder decoder = tokenizer.decoder();
    StringBuilder text = new StringBuilder();
    GenerationLoop loop = GenerationLoop.builder(settings.toChain(), logits)
        .collectStats(true)
        .stopToken(t -> cancelled.getAsBoolean())
        .build();
    long t0 = System.nanoTime();
    GenerationLoop.Result r = loop.generate(ctx, length, (id, stats) -> {
      String piece = decoder.push(id);
      if (!piece.isEmpty()) {
        text.append(piece);
        sink.accept(piece);
      }
    });
    String tail = decoder.finish();
    if (!tail.isEmpty()) {
      text.append(tail);
      sink.accept(tail);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    boolean stopped = r.reason() == GenerationLoop.StopReason.STOP_TOKEN && r.tokens().length < length;
    return new Result(text.toString(), r.stats(), seconds, settings.seed(), stopped, r.reason());
  }
}
