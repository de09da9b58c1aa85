package orphic.studio.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import orphic.lm.generate.CachedLogits;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.model.VoidMass;
import orphic.lm.sample.GenerationLoop;
import orphic.lm.sample.SamplerChain;
import orphic.lm.sample.SamplerSettings;
import orphic.lm.sample.SamplingContext;
import orphic.lm.sample.TokenStats;
import orphic.lm.tokenize.Decoder;
import orphic.lm.tokenize.Tokenizer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code orphic sample}: text from a model directory. */
@Command(name = "sample", sortOptions = false,
    description = "Generate text from a model, optionally with per-token statistics.")
final class SampleCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory.")
  Path model;

  @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "Text to continue.")
  String prompt;

  @Option(names = "--tokens", required = true, paramLabel = "N", description = "Tokens to generate.")
  int tokens;

  @Mixin SamplerOptions sampler;

  @Mixin FieldOptions field;

  @Mixin LexiconOptions lexicon;

  @Option(names = "--adapter", paramLabel = "DIR[=W]", description = "Generate through a style adapter at weight W (default 1); repeatable: the weighted sum of their updates.")
  java.util.List<String> adapters;

  @Option(names = "--style", paramLabel = "NAME=W,…",
      description = "Style-conditioned models: the style vector Σ W·style(NAME), e.g. kjv=0.3,austen=0.7 (weights outside [0, 1] extrapolate). Default: the mean of the learned styles.")
  String style;

  @Mixin PrecisionOption precision;

  @Option(names = "--json", description = "Last stdout line: JSON with text, tokens (id, text, p, entropy_bits, temperature, top; void_mass for blanchot models with a void) and tokens_per_second.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (tokens < 1) throw new ParameterException(spec.commandLine(), "--tokens must be >= 1, got " + tokens);
    SamplerSettings settings;
    try {
      settings = field.applyTo(sampler.toSettings());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    ModelDirectory dir = new ModelDirectory(model);
    LanguageModel m = dir.loadModelForSampling(); // a community may decode contrastively
    if (style != null) {
      orphic.lm.model.StyleConditioned sc = orphic.lm.model.StyleConditioned.of(m);
      if (sc == null) throw new CommandFailure("--style needs a style-conditioned model (trained with --style-conditioning); " + model + " has no styles");
      try {
        sc.setStyle(sc.mix(orphic.lm.model.StyleConditioned.parseMix(style)));
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    if (adapters != null && !adapters.isEmpty()) {
      var dial = new orphic.lm.adapter.StyleDial(m);
      dial.set(AdapterOptions.loadWeighted(dial, adapters));
      m = dial.model();
    }
    Tokenizer tokenizer = dir.loadTokenizer();
    var activation = lexicon.activate(prompt, settings.seed());
    int[] promptIds = lexicon.encode(tokenizer, prompt, activation);
    if (promptIds.length == 0) throw new CommandFailure("the prompt encodes to no tokens with this model's tokenizer; give some text it knows");
    List<String> vocab = new ArrayList<>(tokenizer.vocabSize());
    for (int i = 0; i < tokenizer.vocabSize(); i++) vocab.add(tokenizer.tokenText(i));
    SamplingContext ctx = settings.newContext(vocab);
    ctx.start(promptIds);
    PrintWriter out = spec.commandLine().getOut();
    Decoder decoder = tokenizer.decoder();
    if (!json) {
      out.print(prompt);
      out.flush();
    }
    SamplerChain chain = lexicon.steer(settings.toChain(field.build(tokenizer)), activation);
    GenerationLoop loop = GenerationLoop.builder(chain, CachedLogits.forModel(m, precision.precision)).collectStats(json).build();
    long t0 = System.nanoTime();
    // Blanchot models with a void: the mean void mass of the forward that gave each token's logits.
    VoidMass voids = m instanceof VoidMass vm && m.config().blanchot() != null && m.config().blanchot().hasVoid() ? vm : null;
    List<Double> voidPerToken = new ArrayList<>();
    GenerationLoop.Result r = loop.generate(ctx, tokens, (id, stats) -> {
      if (voids != null) voidPerToken.add(meanOf(voids.lastMeanVoidMass()));
      if (!json) {
        out.print(decoder.push(id));
        out.flush();
      }
    });
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (!json) {
      out.println(decoder.finish());
      out.flush();
      return 0;
    }
    var o = JsonLine.object();
    o.put("text", tokenizer.decode(r.tokens()));
    var list = o.putArray("tokens");
    for (int i = 0; i < r.tokens().length; i++) {
      TokenStats s = r.stats().get(i);
      var t = list.addObject();
      t.put("id", s.id());
      t.put("text", tokenizer.tokenText(s.id()));
      t.put("p", s.p());
      t.put("entropy_bits", s.entropyBits());
      t.put("temperature", s.temperature());
      if (voids != null && i < voidPerToken.size()) t.put("void_mass", voidPerToken.get(i));
      var top = t.putArray("top");
      for (TokenStats.Alternative a : s.top()) top.addObject().put("id", a.id()).put("text", tokenizer.tokenText(a.id())).put("p", a.p());
    }
    if (voids != null && !voidPerToken.isEmpty()) o.put("mean_void_mass", voidPerToken.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
    o.put("tokens_per_second", r.tokens().length / seconds);
    o.put("sampler", chain.toString());
    if (activation != null) {
      var fired = o.putArray("lexicon_fired");
      activation.firedNames().forEach(fired::add);
    }
    o.put("stop_reason", r.reason().name().toLowerCase(java.util.Locale.ROOT));
    JsonLine.print(out, o);
    return 0;
  }

  /** Mean over layers and heads; NaN when nothing was recorded. */
  private static double meanOf(float[][] mass) {
    if (mass == null) return Double.NaN;
    double s = 0;
    int n = 0;
    for (float[] layer : mass) {
      for (float v : layer) {
        s += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }
}
