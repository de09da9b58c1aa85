package orphic.studio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import orphic.engine.kernel.Parallel;
import java.util.ArrayList;
import java.util.List;
import orphic.lm.generate.ChainPicker;
import orphic.lm.generate.GenerationBenchmark;
import orphic.lm.generate.Generator;
import orphic.lm.generate.WeightPrecision;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelConfig;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.Models;
import orphic.lm.field.CooccurrenceField;
import orphic.lm.sample.SamplerChain;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.tokenize.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code orphic bench generate}: single-stream generation speed of a model directory, or of a
 * random model of a given shape ({@code --random-model}; the defaults are the PyTorch reference's
 * config S: T64, d64, 4 heads, 3 layers, V63).
 */
@Command(name = "generate", sortOptions = false,
    description = "Measure single-stream generation tokens/s of a model (or a random one), after warm-up.")
final class BenchGenerateCommand implements Callable<Integer> {
  /** How logits are computed per token. */
  enum Mode { kv, full }

  @Option(names = "--model", paramLabel = "DIR", description = "Model directory (or --random-model).")
  Path model;

  @Option(names = "--tokens", required = true, paramLabel = "N", description = "Tokens to generate per timed run.")
  int tokens;

  /** --temperature/--top-k/--seed alone: plain multinomial sampling; any other sampler option: the full chain. */
  @Mixin SamplerOptions sampler;

  @Option(names = "--all-processors", description = "Every processor stage of the sampler chain on (SamplerSettings.allProcessors, the co-occurrence field included); the sampler options above override its values.")
  boolean allProcessors;

  /** The field stage; with --all-processors and no --field-corpus, a field of random tokens. */
  @Mixin FieldOptions field;

  @Option(names = "--warmup", paramLabel = "W", description = "Untimed warm-up tokens (default: generations of N tokens for 3 s, so that the JIT has compiled everything).")
  Integer warmup;

  @Option(names = "--mode", paramLabel = "kv|full", description = "kv: incremental decoding with a key/value cache (default); full: recompute the window per token.")
  Mode mode = Mode.kv;

  @Option(names = "--repeat", paramLabel = "R", description = "Timed runs (default 3); tokens_per_second is their median.")
  Integer repeat;

  @Option(names = "--threads", paramLabel = "P", description = "Threads for the model's large matrices (default 1; one token's work is small).")
  Integer threads;

  @Mixin PrecisionOption precision;

  @Option(names = "--random-model", description = "Random weights of the shape below instead of --model.")
  boolean randomModel;

  @Option(names = "--arch", paramLabel = "gpt|haze", description = "Random model family (default gpt).")
  String arch = "gpt";

  @Option(names = "--head-kind", paramLabel = "rrpram|content|hybrid", description = "Random haze model: head kind (default hybrid).")
  String headKind = "hybrid";

  @Option(names = "--mlp", paramLabel = "N", description = "Random model: MLP hidden width (default 4·D).")
  Integer mlp;

  @Option(names = "--layers", paramLabel = "L", description = "Random model: blocks (default 3).")
  int layers = 3;

  @Option(names = "--heads", paramLabel = "H", description = "Random model: attention heads (default 4).")
  int heads = 4;

  @Option(names = "--dim", paramLabel = "D", description = "Random model: embedding width (default 64).")
  int dim = 64;

  @Option(names = "--context", paramLabel = "T", description = "Random model: context length (default 64).")
  int context = 64;

  @Option(names = "--vocab", paramLabel = "V", description = "Random model: vocabulary size (default 63).")
  int vocab = 63;

  @Option(names = "--tied", description = "Random model: output head tied to the token embedding.")
  boolean tied;

  @Option(names = "--json", description = "Last stdout line: JSON with tokens_per_second, ms_per_token_median, chain_ms_per_token_median, model_ms_per_token_median, mode.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if ((model == null) == !randomModel) {
      throw new ParameterException(spec.commandLine(), "give either --model DIR or --random-model (with --layers --heads --dim --context --vocab)");
    }
    if (tokens < 1) throw new ParameterException(spec.commandLine(), "--tokens must be at least 1, got " + tokens);
    // Plain temperature/top-k sampling (the reference's multinomial draw) unless a chain option asks for more.
    boolean chain = allProcessors || field.given() || sampler.sampler != null || sampler.topP != null || sampler.minP != null
        || sampler.targetEntropy != null || (sampler.set != null && !sampler.set.isEmpty());
    SamplerSettings settings = null;
    if (chain) {
      try {
        settings = allProcessors ? overrides(SamplerSettings.allProcessors()) : sampler.toSettings();
        settings = field.applyTo(settings);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    int th = threads != null ? threads : 1;
    if (th < 1) throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + th);
    if (th > Parallel.threads()) Parallel.setThreads(th);
    LanguageModel m;
    int promptToken = 0;
    String source;
    List<String> vocabulary = null;
    Tokenizer tokenizer = null;
    if (randomModel && field.corpus != null) {
      throw new ParameterException(spec.commandLine(), "--field-corpus needs --model DIR (its tokenizer encodes the corpus)");
    }
    if (randomModel) {
      boolean haze = arch.equalsIgnoreCase("haze");
      if (!haze && !arch.equalsIgnoreCase("gpt")) throw new ParameterException(spec.commandLine(), "--arch must be gpt or haze, got " + arch);
      if (layers < 1 || heads < 1 || dim < 1 || context < 1 || vocab < 1) {
        throw new ParameterException(spec.commandLine(), "--layers, --heads, --dim, --context and --vocab must all be positive");
      }
      if (dim % heads != 0) throw new ParameterException(spec.commandLine(), "--dim (" + dim + ") must be a multiple of --heads (" + heads + ")");
      if (mlp != null && mlp < 1) throw new ParameterException(spec.commandLine(), "--mlp must be positive, got " + mlp);
      ModelConfig c = haze ? ModelConfig.haze(vocab, context, dim, layers, heads) : ModelConfig.gpt(vocab, context, dim, layers, heads);
      try {
        c = new ModelConfig(c.arch(), c.vocabSize(), c.context(), c.dim(), c.layers(), c.heads(), mlp != null ? mlp : c.mlpHidden(),
            tied && !haze, c.bias(), c.dropout(), haze ? headKind : c.headKind(), c.alpha(), c.initStd(), c.seed());
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      m = Models.build(c);
      source = String.format(Locale.ROOT, "random %s L%d H%d D%d N%d T%d V%d%s", haze ? "haze " + c.headKind() : "gpt", layers, heads,
          dim, c.mlpHidden(), context, vocab, tied && !haze ? " tied" : "");
      if (chain) vocabulary = syntheticVocabulary(vocab);
    } else {
      ModelDirectory dir = new ModelDirectory(model);
      m = dir.loadModel();
      tokenizer = dir.loadTokenizer();
      int[] nl = tokenizer.encode("\n");
      if (nl.length > 0) promptToken = nl[0];
      vocabulary = new ArrayList<>(tokenizer.vocabSize());
      for (int i = 0; i < tokenizer.vocabSize(); i++) vocabulary.add(tokenizer.tokenText(i));
      source = model.toString();
    }
    Generator.Mode gm = mode == Mode.kv ? Generator.Mode.KV : Generator.Mode.FULL;
    if (gm == Generator.Mode.KV && !orphic.lm.generate.IncrementalDecoder.supports(m)) {
      throw new CommandFailure("--mode kv needs a gpt or haze model, " + source + " is " + m.config().arch() + ": use --mode full");
    }
    double temperature = sampler.temperature != null ? sampler.temperature : 1.0;
    int topK = sampler.topK != null ? sampler.topK : 0;
    long seed = sampler.seed != null ? sampler.seed : 42;
    int w = warmup != null ? warmup : -1;
    int reps = repeat != null ? repeat : 3;
    WeightPrecision weights = precision.precision;
    if ((warmup != null && warmup < 0) || reps < 1) throw new ParameterException(spec.commandLine(), "--warmup must be >= 0 and --repeat >= 1");
    PrintWriter err = spec.commandLine().getErr();
    err.printf(Locale.ROOT, "bench generate: %s, mode %s, %s weights, %d thread%s, %s warm-up + %d × %d timed tokens%n",
        source, mode, weights.label(), th, th == 1 ? "" : "s", w < 0 ? "3 s of" : w + " tokens", reps, tokens);
    err.flush();
    SamplerChain samplerChain = null;
    if (chain) {
      CooccurrenceField f = null;
      if (settings.fieldWeight() > 0) {
        f = field.corpus != null ? field.build(tokenizer)
            : CooccurrenceField.build(new java.util.SplittableRandom(seed).ints(20_000, 0, m.config().vocabSize()).toArray(),
                m.config().vocabSize());
      }
      samplerChain = settings.toChain(f);
    }
    SamplerSettings chainSettings = settings;
    SamplerChain built = samplerChain;
    List<String> vocab = vocabulary;
    GenerationBenchmark.PickerFactory pickers = chain ? () -> new ChainPicker(built, chainSettings.newContext(vocab))
        : () -> Generator.temperature(temperature, topK, seed);
    String samplerName = chain ? samplerChain.toString()
        : String.format(Locale.ROOT, "temperature %s%s, seed %d", temperature, topK > 0 ? ", top-k " + topK : "", seed);
    err.printf(Locale.ROOT, "sampler: %s%n", samplerName);
    err.flush();
    GenerationBenchmark.Result r = GenerationBenchmark.run(m, gm, weights, promptToken, tokens, w, reps, th, pickers);
    PrintWriter report = json ? err : spec.commandLine().getOut();
    report.printf(Locale.ROOT, "%,.0f tokens/s (median of %d runs; best %,.0f), %.3f ms/token (median), %,.0f tokens per CPU second, %.0f bytes allocated per token%n",
        r.tokensPerSecond(), reps, r.tokensPerSecondBest(), r.msPerTokenMedian(), r.tokensPerCpuSecond(), r.allocatedBytesPerToken());
    report.printf(Locale.ROOT, "per token (medians): model %.4f ms, sampler %.4f ms%n", r.modelMsPerTokenMedian(), r.chainMsPerTokenMedian());
    report.flush();
    if (json) {
      var o = JsonLine.object();
      o.put("tokens_per_second", r.tokensPerSecond());
      o.put("ms_per_token_median", r.msPerTokenMedian());
      o.put("chain_ms_per_token_median", r.chainMsPerTokenMedian());
      o.put("model_ms_per_token_median", r.modelMsPerTokenMedian());
      o.put("all_processors", allProcessors);
      o.put("mode", r.mode());
      o.put("tokens", tokens);
      o.put("repeats", reps);
      o.put("tokens_per_second_best", r.tokensPerSecondBest());
      var runs = o.putArray("runs_tokens_per_second");
      for (double x : r.runTokensPerSecond()) runs.add(x);
      o.put("allocated_bytes_per_token", r.allocatedBytesPerToken());
      o.put("tokens_per_cpu_second", r.tokensPerCpuSecond());
      o.put("threads", th);
      o.put("precision", weights.label());
      o.put("params", m.module().parameterCount());
      o.put("model", source);
      o.put("sampler", samplerName);
      JsonLine.print(spec.commandLine().getOut(), o);
    }
    return 0;
  }

  /** allProcessors' values with the sampler options given on the command line on top. */
  private SamplerSettings overrides(SamplerSettings base) {
    SamplerSettings.Builder b = base.toBuilder();
    if (sampler.temperature != null) b.temperature(sampler.temperature);
    if (sampler.topK != null) b.topK(sampler.topK);
    if (sampler.topP != null) b.topP(sampler.topP);
    if (sampler.minP != null) b.minP(sampler.minP);
    if (sampler.seed != null) b.seed(sampler.seed);
    if (sampler.sampler != null || sampler.targetEntropy != null || (sampler.set != null && !sampler.set.isEmpty())) {
      throw new IllegalArgumentException("--all-processors takes --temperature, --top-k, --top-p, --min-p and --seed; not --sampler, --target-entropy or --set");
    }
    return b.build();
  }

  /** Token texts for a random model's vocabulary (the chain's text stages need some): a..z, then a1..z1, …. */
  static List<String> syntheticVocabulary(int v) {
    List<String> out = new ArrayList<>(v);
    for (int i = 0; i < v; i++) out.add(i == 0 ? " " : (char) ('a' + (i - 1) % 26) + ((i - 1) / 26 == 0 ? "" : String.valueOf((i - 1) / 26)));
    return out;
  }
}
