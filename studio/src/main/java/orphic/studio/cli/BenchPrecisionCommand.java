package orphic.studio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import orphic.lm.generate.IncrementalDecoder;
import orphic.lm.generate.PrecisionComparison;
import orphic.lm.model.LanguageModel;
import orphic.lm.model.ModelDirectory;
import orphic.lm.text.Corpus;
import orphic.lm.tokenize.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic bench precision}: what bfloat16 decoding weights cost a model (PrecisionComparison). */
@Command(name = "precision", sortOptions = false,
    description = "Compare float32 and bfloat16 decoding weights on a model: loss, KL divergence and top-1 agreement of the "
        + "next-token distributions over the last N tokens of a corpus (teacher-forced through the KV decoder).")
final class BenchPrecisionCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "Model directory (a gpt or haze model).")
  Path model;

  @Option(names = "--corpus", required = true, paramLabel = "F", description = "UTF-8 text; its last N tokens are read (the validation split's end when N is below 10%).")
  Path corpus;

  @Option(names = "--tokens", paramLabel = "N", defaultValue = "20000", description = "Tokens compared (default ${DEFAULT-VALUE}).")
  int tokens;

  @Option(names = "--json", description = "Last stdout line: JSON with the figures.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (tokens < 2) throw new ParameterException(spec.commandLine(), "--tokens must be at least 2, got " + tokens);
    ModelDirectory dir = new ModelDirectory(model);
    LanguageModel m = dir.loadModel();
    if (!IncrementalDecoder.supports(m)) {
      throw new CommandFailure(model + " is a " + m.config().arch() + " model: bfloat16 weights exist only for the KV decoder of gpt and haze models");
    }
    Tokenizer tokenizer = dir.loadTokenizer();
    int[] all = tokenizer.encode(Corpus.read(corpus).text());
    if (all.length < 2) throw new CommandFailure(corpus + " has fewer than two tokens");
    int[] ids = Arrays.copyOfRange(all, Math.max(0, all.length - tokens), all.length);
    PrecisionComparison.Result r = PrecisionComparison.run(m, ids);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      var o = JsonLine.object();
      o.put("positions", r.positions());
      o.put("nats_per_token_f32", r.natsF32());
      o.put("nats_per_token_bf16", r.natsBf16());
      o.put("mean_kl", r.meanKl());
      o.put("max_kl", r.maxKl());
      o.put("max_logit_diff", r.maxLogitDiff());
      o.put("top1_agreement", r.top1Agreement());
      JsonLine.print(out, o);
    } else {
      out.printf(Locale.ROOT, "%s, %,d predictions: loss f32 %.5f, bf16 %.5f nats/token (Δ %+.5f); KL(f32‖bf16) mean %.2e, max %.2e nats; "
          + "largest logit difference %.4f; same top token at %.2f%% of positions%n", model, r.positions(), r.natsF32(), r.natsBf16(),
          r.natsBf16() - r.natsF32(), r.meanKl(), r.maxKl(), r.maxLogitDiff(), 100 * r.top1Agreement());
      out.flush();
    }
    return 0;
  }
}
