package orphic.studio.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import orphic.engine.kernel.Parallel;
import orphic.lm.model.ModelConfig;
import orphic.lm.text.Corpus;
import orphic.lm.tokenize.Tokenizer;
import orphic.lm.train.TrainBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orphic bench train}: training throughput of a model shape with random weights. */
@Command(name = "train", sortOptions = false,
    description = "Measure training tokens/s of a model shape (random weights; corpus or synthetic batches).")
final class BenchTrainCommand implements Callable<Integer> {
  @Option(names = "--arch", required = true, paramLabel = "gpt|haze|blanchot", description = "Model family.")
  TrainOptions.Arch arch;

  @Option(names = "--layers", required = true, paramLabel = "L", description = "Transformer blocks.")
  int layers;

  @Option(names = "--heads", required = true, paramLabel = "H", description = "Attention heads per block.")
  int heads;

  @Option(names = "--dim", required = true, paramLabel = "D", description = "Embedding width.")
  int dim;

  @Option(names = "--context", required = true, paramLabel = "T", description = "Context length in tokens.")
  int context;

  @Option(names = "--batch", required = true, paramLabel = "B", description = "Sequences per step.")
  int batch;

  @Option(names = "--steps", paramLabel = "N", description = "Timed steps.")
  Integer steps;

  @Option(names = "--warmup", paramLabel = "W", description = "Untimed warm-up steps.")
  Integer warmup;

  @Option(names = "--threads", paramLabel = "P", description = "Kernel threads.")
  Integer threads;

  @Option(names = "--corpus", paramLabel = "F", description = "Batches from this text instead of synthetic tokens.")
  Path corpus;

  @Option(names = "--json", description = "Last stdout line: JSON with tokens_per_second, step_seconds_median, peak_rss_mb, params.")
  boolean json;

  @Option(names = "--vocab", paramLabel = "V", description = "Vocabulary of synthetic batches (default 64).")
  Integer vocab;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (dim % heads != 0) throw new ParameterException(spec.commandLine(), "--dim (" + dim + ") must be a multiple of --heads (" + heads + ")");
    if (threads != null) Parallel.setThreads(threads);
    int[] tokens;
    int v;
    if (corpus != null) {
      Corpus c = Corpus.read(corpus);
      Tokenizer tok = Tokenizer.train("char", c.text());
      tokens = tok.encode(c.text());
      v = tok.vocabSize();
    } else {
      v = vocab != null ? vocab : 64;
      tokens = TrainBenchmark.syntheticTokens(v, Math.max(100_000, 4 * batch * (context + 1)), 7);
    }
    ModelConfig config = switch (arch) {
      case haze -> ModelConfig.haze(v, context, dim, layers, heads);
      case blanchot -> ModelConfig.blanchot(v, context, dim, layers, heads, null);
      default -> ModelConfig.gpt(v, context, dim, layers, heads);
    };
    int w = warmup != null ? warmup : 5;
    int n = steps != null ? steps : 20;
    PrintWriter err = spec.commandLine().getErr();
    err.printf(Locale.ROOT, "bench train: %s L%d H%d D%d T%d B%d, %d threads, %d warm-up + %d timed steps%n",
        arch, layers, heads, dim, context, batch, Parallel.threads(), w, n);
    err.flush();
    TrainBenchmark.Result r = TrainBenchmark.run(config, batch, tokens, w, n, 0);
    err.printf(Locale.ROOT, "%,.0f tokens/s, %.1f ms/step (median), %,d params, peak RSS %.0f MB, %.0f bytes allocated per step%n",
        r.tokensPerSecond(), r.stepSecondsMedian() * 1000, r.params(), r.peakRssMb(), r.allocatedBytesPerStep());
    err.flush();
    if (json) {
      var o = JsonLine.object();
      o.put("tokens_per_second", r.tokensPerSecond());
      o.put("step_seconds_median", r.stepSecondsMedian());
      o.put("peak_rss_mb", r.peakRssMb());
      o.put("params", r.params());
      o.put("allocated_bytes_per_step", r.allocatedBytesPerStep());
      o.put("threads", Parallel.threads());
      o.put("loss", r.finalLoss());
      JsonLine.print(spec.commandLine().getOut(), o);
    }
    return 0;
  }
}
